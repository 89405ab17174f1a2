// What clients of info_centres.json rely on without guarding: metadata is an object, and a centre with
// slots of a vaccine the platform names lists that vaccine.
import { describe, expect, it } from 'vitest';
import { centresFile } from '../../src/aggregator/open-data/centres.js';
import { slotVaccine } from '../../src/aggregator/ingest/vaccine.js';
import { freshSlots } from '../../src/aggregator/ingest/diff.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

describe('open-data centres', () => {
  it('never writes metadata: null, even for a centre with no address details, hours or phone', () => {
    const file = centresFile(
      snapshot([
        centre('bare', { address: '', businessHours: null, phone: null, slots: [] }),
        centre('full', { slots: [slot(minutes(60))] }),
      ]),
      NOW,
    );
    const entries = [...file.centres_disponibles, ...file.centres_indisponibles];
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.metadata).not.toBeNull();
      expect(typeof entry.metadata.address).toBe('string');
    }
  });

  it('names the vaccine of a slot the adapter left unknown when its motive names one', () => {
    expect(slotVaccine({ vaccine: 'unknown', motive: 'Injection Comirnaty (dose de rappel)' })).toBe('Pfizer-BioNTech');
    expect(slotVaccine({ vaccine: 'unknown', motive: 'Vaccination Spikevax' })).toBe('Moderna');
    expect(slotVaccine({ vaccine: 'unknown', motive: '1re injection Pfizer' })).toBe('Pfizer-BioNTech');
    expect(slotVaccine({ vaccine: 'unknown', motive: 'Consultation' })).toBe('unknown');
    expect(slotVaccine({ vaccine: 'Moderna', motive: 'Comirnaty' })).toBe('Moderna');

    // Normalised at ingest, so every answer (API and open data) lists it.
    const [stored] = freshSlots([
      { start: new Date(NOW + minutes(60)), vaccine: 'unknown', doses: [1], motive: 'Vaccin Comirnaty 1re dose' },
    ]);
    expect(stored!.vaccine).toBe('Pfizer-BioNTech');
  });
});
