// The sandbox's UUIDs are part of its answers: a faster rendering must keep every one of them.
import { describe, expect, it } from 'vitest';
import { stableUuid } from '../../src/sandbox/platforms/stable-uuid.js';

describe('stableUuid', () => {
  it('gives the UUIDs it always gave (values from the first implementation)', () => {
    expect(stableUuid('bimedoc', 'bimedoc-doctolib-75-1')).toBe('a4f8715f-dd8f-4446-9dc1-34ee51ae8868');
    expect(stableUuid('valwin-type', 'pfizer-1')).toBe('7cf3777a-edbe-41ff-bed7-da2d20305424');
    expect(stableUuid('valwin-division', 'valwin-valwin-13-2', 'moderna-3', 1785312000000)).toBe(
      '1816519c-1a52-4e03-bda3-f83962f01edd',
    );
    expect(stableUuid('x', 0)).toBe('ae33be45-c964-4de8-8b6d-4914205e82e1');
    expect(stableUuid('x', 5)).toBe('cf5e144c-3f94-4bc7-8ff7-be5c112cc6a9');
  });

  it('is v4-shaped, with the RFC variant', () => {
    for (let i = 0; i < 500; i += 1)
      expect(stableUuid('shape', i)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
