// Platforms that give only a postal code: the commune (INSEE) and department the open-data format wants.
import { departmentOfInsee, departmentOfPostalCode, inseeFromCedex, inseeFromPostalCode } from '../departments.js';

export interface PostalPlace {
  readonly insee: string | null;
  readonly department: string | null;
}

/**
 * The commune table, then the CEDEX step, then the code's own digits (open-data-format.md §2): a CEDEX code
 * the table lacks still gets its department, only the commune stays unknown.
 */
export function placeOfPostalCode(postalCode: string | null | undefined): PostalPlace {
  const compact = (postalCode ?? '').replace(/\s/g, '');
  if (!/^\d{4,5}$/.test(compact)) return { insee: null, department: null };
  const insee = inseeFromPostalCode(compact) ?? inseeFromCedex(compact);
  return { insee, department: insee ? departmentOfInsee(insee) : departmentOfPostalCode(compact) };
}
