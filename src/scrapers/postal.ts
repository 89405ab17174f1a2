// Platforms that give only a postal code: the commune (INSEE) and department the open-data format wants.
import { departmentOfInsee, inseeFromPostalCode } from '../departments.js';

export interface PostalPlace {
  readonly insee: string | null;
  readonly department: string | null;
}

export function placeOfPostalCode(postalCode: string | null | undefined): PostalPlace {
  const compact = (postalCode ?? '').replace(/\s/g, '');
  if (!/^\d{4,5}$/.test(compact)) return { insee: null, department: null };
  const insee = inseeFromPostalCode(compact);
  return { insee, department: insee ? departmentOfInsee(insee) : null };
}
