/**
 * Indonesia's official areas (Kemendagri codes) of one regency: its kecamatan and their
 * kelurahan/desa, indexed by name as people write them. Pure: the data is loaded by
 * `areas.server.ts`; this module only matches names.
 */

export interface RegencyAreas {
  /** Kemendagri code, e.g. "33.75". */
  code: string;
  /** e.g. "Kota Pekalongan". */
  name: string;
  /** By `areaKey(name)`. */
  districts: Map<string, { code: string; name: string }>;
  /** Per district code: its villages by `areaKey(name)`. */
  villagesOf: Map<string, Map<string, string>>;
  /** Every village of the regency by `areaKey(name)`: the district codes where one of that name lies. */
  villages: Map<string, string[]>;
}

const DISTRICT_PREFIX = /^\s*(?:kecamatan|kec)\b\.?\s*/i;
const VILLAGE_PREFIX = /^\s*(?:kel(?:urahan)?\s*\/\s*desa|desa\s*\/\s*kel(?:urahan)?|kelurahan|kel|desa|ds)\b\.?\s*/i;

/** A name as compared: without case, spaces and punctuation ("Oro-oro Dowo" = "ORO ORO DOWO" = "Orooro dowo"). */
export function areaKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The keys a name as written may have: as is, and without its "Kec." / "Kel." / "Desa" prefix. */
function keysOf(name: string, prefix: RegExp): string[] {
  return [...new Set([areaKey(name.replace(prefix, '')), areaKey(name)])];
}

function find<T>(map: Map<string, T> | undefined, name: string, prefix: RegExp): T | undefined {
  for (const key of keysOf(name, prefix)) {
    const found = map?.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

export type AreaProblem =
  | { field: 'district'; message: 'districtNotInRegency'; values: { regency: string } }
  | { field: 'village'; message: 'villageNotInDistrict'; values: { district: string } }
  | { field: 'village'; message: 'villageNotInRegency'; values: { regency: string } };

/**
 * What is wrong with a kecamatan/kelurahan pair for the regency: a kecamatan that is not one
 * of the regency's, a kelurahan that is not in the kecamatan given (or, without a kecamatan,
 * not in the regency). Blank values are not checked.
 */
export function areaProblems(areas: RegencyAreas, place: { district?: string | null; village?: string | null }): AreaProblem[] {
  const problems: AreaProblem[] = [];
  const district = place.district?.trim() ? find(areas.districts, place.district, DISTRICT_PREFIX) : undefined;
  if (place.district?.trim() && !district) {
    problems.push({ field: 'district', message: 'districtNotInRegency', values: { regency: areas.name } });
  }
  if (place.village?.trim()) {
    if (district) {
      if (find(areas.villagesOf.get(district.code), place.village, VILLAGE_PREFIX) === undefined) {
        problems.push({ field: 'village', message: 'villageNotInDistrict', values: { district: district.name } });
      }
    } else if (find(areas.villages, place.village, VILLAGE_PREFIX) === undefined) {
      problems.push({ field: 'village', message: 'villageNotInRegency', values: { regency: areas.name } });
    }
  }
  return problems;
}
