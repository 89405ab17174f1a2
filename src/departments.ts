// The department list of the open-data format (open-data-format.md §2), built from the maintained
// administrative-divisions package rather than a hand-typed table.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { getOrInsert } from './maps.js';

const require = createRequire(import.meta.url);

interface RawDepartment {
  code: string;
  region: string;
  nom: string;
  zone: string;
}
interface RawRegion {
  code: string;
  nom: string;
}
interface RawCommune {
  code: string;
  nom: string;
  departement?: string;
  codesPostaux?: string[];
  type: string;
  population?: number;
}

const rawDepartments: RawDepartment[] = require('@etalab/decoupage-administratif/data/departements.json');
const rawRegions: RawRegion[] = require('@etalab/decoupage-administratif/data/regions.json');
/**
 * Read and parsed here rather than required: require() would keep the whole parsed file (35,000 communes with
 * every field) in its module cache for the life of every process (7 MiB of heap each); only the fields below
 * are kept.
 */
function readCommunes(): RawCommune[] {
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RawCommune[];
}

export interface Department {
  readonly code: string;
  readonly name: string;
  readonly regionCode: number;
  readonly regionName: string;
}

/** Overseas collectivities are grouped under one pseudo-department, as the open-data format does. */
export const OVERSEAS_COLLECTIVITIES_CODE = 'om';
const OVERSEAS_COLLECTIVITIES: Department = {
  code: OVERSEAS_COLLECTIVITIES_CODE,
  name: "Collectivités d'Outremer",
  regionCode: -1,
  regionName: 'Outremer',
};
const COLLECTIVITY_DEPARTMENT_CODES: ReadonlySet<string> = new Set([
  '975',
  '977',
  '978',
  '984',
  '986',
  '987',
  '988',
  '989',
]);

const regionNames = new Map(rawRegions.map((region) => [region.code, region.nom]));

/** The 102 departments of `departements.json`, sorted by code as the format does (`2A` after `29`). */
export const DEPARTMENTS: readonly Department[] = [
  ...rawDepartments
    .filter((department) => !COLLECTIVITY_DEPARTMENT_CODES.has(department.code))
    .map((department) => ({
      code: department.code,
      name: department.nom,
      regionCode: Number(department.region),
      regionName: regionNames.get(department.region) ?? '',
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  OVERSEAS_COLLECTIVITIES,
];

const departmentsByCode = new Map(DEPARTMENTS.map((department) => [department.code, department]));

export function findDepartment(code: string): Department | undefined {
  return departmentsByCode.get(code);
}

export interface Commune {
  readonly insee: string;
  readonly name: string;
  readonly department: string;
  readonly postalCodes: readonly string[];
  readonly population: number;
}

/** Current communes with the department code of the open-data format. */
export const COMMUNES: readonly Commune[] = readCommunes()
  .filter((commune) => commune.type === 'commune-actuelle' && commune.departement)
  .map((commune) => ({
    insee: commune.code,
    name: commune.nom,
    department: departmentOfInsee(commune.code) ?? commune.departement!,
    postalCodes: commune.codesPostaux ?? [],
    population: commune.population ?? 0,
  }));

const communesByInsee = new Map(COMMUNES.map((commune) => [commune.insee, commune]));
const inseeByPostalCode = new Map<string, string>();
for (const commune of [...COMMUNES].sort((a, b) => b.population - a.population)) {
  for (const postalCode of commune.postalCodes)
    if (!inseeByPostalCode.has(postalCode)) inseeByPostalCode.set(postalCode, commune.insee);
}

export function findCommune(insee: string): Commune | undefined {
  return communesByInsee.get(insee);
}

/** The most populous commune served by a postal code: the best guess a postal code allows. */
export function inseeFromPostalCode(postalCode: string): string | null {
  return inseeByPostalCode.get(postalCode.replace(/\s/g, '').padStart(5, '0')) ?? null;
}

/** Department of an INSEE commune code (open-data-format.md §2); null unless it names one of the official list. */
export function departmentOfInsee(rawInsee: string): string | null {
  const insee = rawInsee.trim().padStart(5, '0');
  if (!/^(\d{5}|2[AB]\d{3})$/.test(insee)) return null;
  if (insee.startsWith('2A') || insee.startsWith('2B')) return insee.slice(0, 2);
  if (insee.startsWith('97') || insee.startsWith('98')) {
    const prefix = insee.slice(0, 3);
    if (['971', '972', '973', '974', '976'].includes(prefix)) return prefix;
    if (COLLECTIVITY_DEPARTMENT_CODES.has(prefix)) return OVERSEAS_COLLECTIVITIES_CODE;
    return null;
  }
  // `20…` (Corsica before 1976) and `99…` (abroad) are not departments of the official list.
  const code = insee.slice(0, 2);
  return departmentsByCode.has(code) ? code : null;
}

const inseesByPostalCode = new Map<string, string[]>();
for (const commune of COMMUNES) {
  for (const postalCode of commune.postalCodes) {
    const list = getOrInsert(inseesByPostalCode, postalCode, () => []);
    list.push(commune.insee);
  }
}

/**
 * Department of a postal code (open-data-format.md §2): the commune table first; then, for a code it lacks
 * (a CEDEX code, a new code), the CEDEX step; then the code's own digits. Null when none names a department
 * of the official list (`99…`, `00…`, `98…` Monaco).
 */
export function departmentOfPostalCode(rawPostalCode: string): string | null {
  const postalCode = normalisePostalCode(rawPostalCode);
  if (postalCode === null) return null;
  const insee = inseeFromPostalCode(postalCode) ?? inseeFromCedex(postalCode);
  if (insee !== null) return departmentOfInsee(insee);
  return departmentOfPostalDigits(postalCode);
}

/**
 * The CEDEX step. No CEDEX→INSEE table ships with the administrative package; what can be said without one
 * is that a CEDEX code of a department made of a single commune (Paris) belongs to that commune.
 */
export function inseeFromCedex(rawPostalCode: string): string | null {
  const postalCode = normalisePostalCode(rawPostalCode);
  if (postalCode === null) return null;
  const department = departmentOfPostalDigits(postalCode);
  return department === null ? null : (soleCommuneOf.get(department) ?? null);
}

/**
 * The department a postal code's digits name: the first two, three overseas (`971…976`, collectivities
 * as `om`); Corsica's `20` splits into `2A` (`200…`, `201…`) and `2B` (the rest).
 */
export function departmentOfPostalDigits(rawPostalCode: string): string | null {
  const postalCode = normalisePostalCode(rawPostalCode);
  if (postalCode === null) return null;
  let code = postalCode.slice(0, 2);
  if (code === '20') code = postalCode[2] === '0' || postalCode[2] === '1' ? '2A' : '2B';
  else if (code === '97' || code === '98') {
    const prefix = postalCode.slice(0, 3);
    code = COLLECTIVITY_DEPARTMENT_CODES.has(prefix) ? OVERSEAS_COLLECTIVITIES_CODE : prefix;
  }
  return departmentsByCode.has(code) ? code : null;
}

/** Five digits (a four-digit code lost its leading zero), or null for anything that is not a postal code. */
function normalisePostalCode(raw: string): string | null {
  const compact = raw.replace(/\s/g, '');
  return /^\d{4,5}$/.test(compact) ? compact.padStart(5, '0') : null;
}

const soleCommuneOf = new Map<string, string>();
{
  const communesPerDepartment = new Map<string, string[]>();
  for (const commune of COMMUNES) {
    const list = getOrInsert(communesPerDepartment, commune.department, () => []);
    list.push(commune.insee);
  }
  for (const [department, insees] of communesPerDepartment)
    if (insees.length === 1) soleCommuneOf.set(department, insees[0]!);
}

/** Every commune a postal code serves (a postal code often covers several); empty for an unknown code. */
export function communesOfPostalCode(postalCode: string): readonly string[] {
  return inseesByPostalCode.get(postalCode) ?? [];
}
