// What clients of info_centres.json rely on without guarding: metadata is an object, and a centre with
// slots of a vaccine the platform names lists that vaccine.
import { describe, expect, it } from 'vitest';
import { centresFile } from '../../src/aggregator/open-data.js';
import { openDataVaccine } from '../../src/aggregator/open-data-vaccine.js';
import { centre, minutes, NOW, slot, snapshot } from '../support/snapshot.js';

describe('open-data centres', () => {
  it('never writes metadata: null, even for a centre with no address details, hours or phone', () => {
    const file = centresFile(snapshot([centre('bare', { address: '', businessHours: null, phone: null, slots: [] }), centre('full', { slots: [slot(minutes(60))] })]), NOW);
    const entries = [...file.centres_disponibles, ...file.centres_indisponibles];
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.metadata).not.toBeNull();
      expect(typeof entry.metadata.address).toBe('string');
    }
  });

  it('names the vaccine of a slot the adapter left unknown when its motive names one', () => {
    expect(openDataVaccine({ vaccine: 'unknown', motive: 'Injection Comirnaty (dose de rappel)' })).toBe('Pfizer-BioNTech');
    expect(openDataVaccine({ vaccine: 'unknown', motive: 'Vaccination Spikevax' })).toBe('Moderna');
    expect(openDataVaccine({ vaccine: 'unknown', motive: '1re injection Pfizer' })).toBe('Pfizer-BioNTech');
    expect(openDataVaccine({ vaccine: 'unknown', motive: 'Consultation' })).toBe('unknown');
    expect(openDataVaccine({ vaccine: 'Moderna', motive: 'Comirnaty' })).toBe('Moderna');

    const file = centresFile(snapshot([centre('named', { slots: [{ ...slot(minutes(60), 'unknown'), motive: 'Vaccin Comirnaty 1re dose' }] })]), NOW);
    expect(file.centres_disponibles[0]!.vaccine_type).toEqual(['Pfizer-BioNTech']);
  });
});
