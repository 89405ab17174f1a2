// A centre record as the adapters give it, for tests that write to the store: a Paris vaccination centre,
// overridden where a test cares.
import type { Centre } from '../../src/domain.js';

export function centreRecord(id: string, overrides: Partial<Centre> = {}): Centre {
  return {
    id,
    platform: 'doctolib',
    name: `Centre ${id}`,
    kind: 'vaccination-center',
    address: '1 rue de la Paix, 75002 Paris',
    postalCode: '75002',
    city: 'Paris',
    insee: '75056',
    department: '75',
    location: { latitude: 48.86, longitude: 2.33 },
    phone: null,
    businessHours: null,
    bookingUrl: `https://example.org/${id}`,
    atlasGid: null,
    scanData: null,
    ...overrides,
  };
}
