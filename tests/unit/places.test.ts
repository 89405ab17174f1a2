// One place, one entry: the normalisation of addresses, names and phones, the matching rule (never on a name
// alone, never across postal codes, a shared building needs name or phone evidence), the incremental groups,
// and the department answer that lists a place once with every listing as a source.
import { describe, expect, it } from 'vitest';
import { groupsOf, PlaceGroups } from '../../src/aggregator/read/places/groups.js';
import { isSamePlace, samePlaceReason, placeKey, type PlaceFacts } from '../../src/aggregator/read/places/match.js';
import {
  nameTokens,
  normalisePhone,
  normaliseStreet,
  tokenSimilarity,
} from '../../src/aggregator/read/places/normalise.js';
import { departmentCentres, departmentsOverview } from '../../src/aggregator/read/views.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

/** About 11 m north per 0.0001 degree of latitude. */
const HERE = { latitude: 48.8566, longitude: 2.3522 };
const metresNorth = (metres: number) => ({ latitude: HERE.latitude + metres / 111_195, longitude: HERE.longitude });

function facts(overrides: Partial<PlaceFacts> = {}): PlaceFacts {
  return {
    name: 'Pharmacie Martin-Dubois',
    address: '12 Avenue Jean Jaurès, 75019 Paris',
    postalCode: '75019',
    city: 'Paris',
    department: '75',
    location: HERE,
    phone: '+33142000000',
    ...overrides,
  };
}

describe('normalisation', () => {
  it('brings street addresses to one form: case, accents, abbreviations, postal code and town cut off', () => {
    expect(normaliseStreet('12 Avenue Jean Jaurès, 75019 Paris')).toBe('12 avenue jean jaures');
    expect(normaliseStreet('12 av. JEAN-JAURES')).toBe('12 avenue jean jaures');
    expect(normaliseStreet('3 Bd Pasteur')).toBe(normaliseStreet('3 boulevard Pasteur 42000 Saint-Étienne'));
    expect(normaliseStreet('1 r. du Gal de Gaulle')).toBe(normaliseStreet('1 Rue du Général de Gaulle'));
    expect(normaliseStreet('5 pl. St-Michel')).toBe('5 place saint michel');
    expect(normaliseStreet('8 All. des Tilleuls')).toBe(normaliseStreet('8 Allée des Tilleuls'));
  });

  it('keeps the distinctive words of a name only', () => {
    expect([...nameTokens('Centre de vaccination Paris - Gymnase Martin', 'Paris')]).toEqual(['martin']);
    expect([...nameTokens('CTRE VACC. PARIS GYMNASE MARTIN', 'Paris')]).toEqual(['martin']);
    expect([...nameTokens('Pharmacie Martin-Dubois')]).toEqual(['martin', 'dubois']);
    expect([...nameTokens('Cabinet médical du Dr K. Leroy')]).toEqual(['leroy']);
    expect([...nameTokens('Pharmacie')]).toEqual([]);
  });

  it('measures name similarity on shared distinctive words, none when a name has none', () => {
    expect(tokenSimilarity(nameTokens('Pharmacie Martin-Dubois'), nameTokens('PHARMACIE MARTIN DUBOIS'))).toBe(1);
    expect(tokenSimilarity(nameTokens('Pharmacie Martin'), nameTokens('Pharmacie Martin-Dubois'))).toBe(0.5);
    expect(tokenSimilarity(nameTokens('Pharmacie Martin'), nameTokens('Pharmacie Bernard'))).toBe(0);
    expect(tokenSimilarity(nameTokens('Pharmacie'), nameTokens('Pharmacie'))).toBe(0);
  });

  it('reads phones in any of their written forms as one number', () => {
    expect(normalisePhone('+33142000000')).toBe('0142000000');
    expect(normalisePhone('01 42 00 00 00')).toBe('0142000000');
    expect(normalisePhone('0142000000')).toBe('0142000000');
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });
});

describe('the same place', () => {
  it('is the same place on two platforms written two ways, a few metres apart', () => {
    const other = facts({
      name: 'PHARMACIE MARTIN DUBOIS',
      address: '12 av. Jean-Jaures',
      location: metresNorth(15),
      phone: null,
    });
    expect(samePlaceReason(placeKey(facts()), placeKey(other))).toBe('name');
    expect(
      samePlaceReason(placeKey(facts()), placeKey(facts({ name: 'Officine du quartier', location: metresNorth(30) }))),
    ).toBe('phone');
    expect(samePlaceReason(placeKey(facts({ name: 'Pharmacie Martin' })), placeKey(facts({ phone: null })))).toBe(
      'name-and-address',
    );
  });

  it('is not a neighbour in the same building: same address and spot, another name and phone', () => {
    expect(
      isSamePlace(
        facts(),
        facts({ name: 'Centre de vaccination Paris - Salle des fêtes Leroy', phone: '+33142999999' }),
      ),
    ).toBe(false);
    // Two pharmacies of one name family are still two when neither phone nor most of the name agree.
    expect(isSamePlace(facts(), facts({ name: 'Pharmacie Martin-Leroy', phone: '+33142999999' }))).toBe(false);
  });

  it('is never a name alone: far apart, in another postal code or town, or in another department', () => {
    expect(isSamePlace(facts(), facts({ location: metresNorth(200), address: '80 Rue de Belleville' }))).toBe(false);
    expect(isSamePlace(facts(), facts({ postalCode: '75020', address: '12 Avenue Jean Jaurès, 75020 Paris' }))).toBe(
      false,
    );
    expect(
      isSamePlace(facts({ city: 'Lyon', postalCode: null }), facts({ city: 'Villeurbanne', postalCode: null })),
    ).toBe(false);
    expect(isSamePlace(facts(), facts({ department: '93' }))).toBe(false);
    expect(isSamePlace(facts({ department: null }), facts({ department: null }))).toBe(false);
  });

  it('without coordinates, stands together only at the same street address', () => {
    expect(isSamePlace(facts({ location: null }), facts({ address: '12 av Jean Jaures' }))).toBe(true);
    expect(isSamePlace(facts({ location: null }), facts({ address: '14 av Jean Jaures' }))).toBe(false);
  });
});

describe('place groups', () => {
  const listing = (id: string, overrides: Partial<PlaceFacts> = {}) => ({ id, ...facts(overrides) });

  it('groups the listings of one place, the lowest id first, and leaves the others alone', () => {
    const groups = groupsOf([
      listing('maiia7', { phone: null, name: 'PHARMACIE MARTIN DUBOIS' }),
      listing('doctolib3'),
      listing('keldoc2', { location: metresNorth(20), name: 'Pharmacie Martin Dubois' }),
      listing('valwin1', { name: 'Cabinet du Dr A. Leroy', phone: '+33100000000' }),
    ]);
    expect(groups.membersOf('maiia7')).toEqual(['doctolib3', 'keldoc2', 'maiia7']);
    expect(groups.membersOf('valwin1')).toEqual(['valwin1']);
    expect(groups.membersOf('unknown')).toEqual(['unknown']);
  });

  it('regroups a department only when a listing of it changes its place facts', () => {
    const groups = new PlaceGroups();
    groups.set('a', facts());
    groups.set('b', facts({ department: '93', postalCode: '93100' }));
    groups.set('c', facts({ location: metresNorth(10) }));
    expect(groups.membersOf('a')).toEqual(['a', 'c']);
    expect(groups.membersOf('b')).toEqual(['b']);
    expect(groups.regroups).toEqual(['75', '93']);
    // A new scan of the same listing (slots changed, place facts did not) costs no regroup.
    groups.set('a', facts());
    expect(groups.membersOf('c')).toEqual(['a', 'c']);
    expect(groups.regroups).toEqual(['75', '93']);
    // A move away splits the place; a listing gone leaves its partner alone.
    groups.set('c', facts({ location: metresNorth(500), address: '90 Rue de Crimée' }));
    expect(groups.membersOf('a')).toEqual(['a']);
    groups.set('c', facts());
    expect(groups.membersOf('a')).toEqual(['a', 'c']);
    groups.delete('a');
    expect(groups.membersOf('c')).toEqual(['c']);
    expect(groups.regroups).toEqual(['75', '93', '75', '75', '75']);
  });
});

describe('a department answer lists a place once', () => {
  const base = {
    address: '12 Avenue Jean Jaurès, 75019 Paris',
    postalCode: '75019',
    phone: '+33142000000',
    name: 'Pharmacie Martin-Dubois',
    kind: 'drugstore' as const,
  };
  const world = snapshot([
    centre('doctolib3', { ...base, slots: [slot(minutes(60)), slot(minutes(120))] }),
    centre('maiia7', {
      ...base,
      platform: 'maiia',
      name: 'PHARMACIE MARTIN DUBOIS',
      address: '12 av. Jean-Jaures',
      phone: null,
      bookingUrl: 'https://maiia.example/7',
      slots: [slot(minutes(30), 'Moderna')],
    }),
    centre('keldoc9', {
      ...base,
      platform: 'keldoc',
      name: 'Centre de vaccination Paris - Salle Leroy',
      phone: '+33142999999',
      slots: [slot(minutes(45))],
    }),
  ]);

  it(
    'merges the listings of one place: one id, the soonest slot across ' + 'them, every source with its booking link',
    () => {
      const { centers } = departmentCentres(world, '75', {}, NOW)!;
      expect(centers.map((entry) => [entry.id, entry.soonest_slot, entry.slot_count])).toEqual([
        ['doctolib3', '2026-03-02T09:30:00+01:00', 3],
        ['keldoc9', '2026-03-02T09:45:00+01:00', 1],
      ]);
      expect(centers[0]!.sources).toEqual([
        {
          platform: 'doctolib',
          center_id: 'doctolib3',
          booking_url: 'https://example.org/doctolib3',
          soonest_slot: '2026-03-02T10:00:00+01:00',
          slot_count: 2,
          stale: false,
        },
        {
          platform: 'maiia',
          center_id: 'maiia7',
          booking_url: 'https://maiia.example/7',
          soonest_slot: '2026-03-02T09:30:00+01:00',
          slot_count: 1,
          stale: false,
        },
      ]);
      expect(centers[0]!.vaccines).toEqual(['Moderna', 'Pfizer-BioNTech']);
      expect(centers[1]!.sources.map((source) => source.center_id)).toEqual(['keldoc9']);
    },
  );

  it('counts places in the overview as the department answer lists them', () => {
    const row = departmentsOverview(world, NOW).departments.find((department) => department.code === '75')!;
    expect(row).toMatchObject({ center_count: 2, centers_with_slots: 2 });
  });

  it('keeps a place whose one listing is stale, fresh through the other', () => {
    const staleOne = snapshot(
      world.centres.map((c) => (c.id === 'doctolib3' ? { ...c, lastSuccessAt: NOW - 3_600_000 } : c)),
    );
    const entry = departmentCentres(staleOne, '75', {}, NOW)!.centers[0]!;
    expect([entry.id, entry.stale, entry.slot_count]).toEqual(['doctolib3', false, 1]);
    expect(entry.sources.map((source) => [source.center_id, source.stale])).toEqual([
      ['doctolib3', true],
      ['maiia7', false],
    ]);
  });
});
