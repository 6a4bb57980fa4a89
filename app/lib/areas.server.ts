import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { areaKey, type RegencyAreas } from './areas';

/**
 * Indonesia's areas from the `idn-area-data` package (Kemendagri codes), read once per process
 * on first use (about half a second) and kept indexed by regency.
 */

let loading: Promise<Map<string, RegencyAreas>> | null = null;

async function load(): Promise<Map<string, RegencyAreas>> {
  const [regencies, districts, villages] = await Promise.all([getRegencies(), getDistricts(), getVillages()]);
  const byRegency = new Map<string, RegencyAreas>();
  for (const r of regencies) byRegency.set(r.code, { code: r.code, name: r.name, districts: new Map(), villagesOf: new Map(), villages: new Map() });
  const regencyOfDistrict = new Map<string, RegencyAreas>();
  for (const d of districts) {
    const regency = byRegency.get(d.regency_code);
    if (!regency) continue;
    regency.districts.set(areaKey(d.name), { code: d.code, name: d.name });
    regency.villagesOf.set(d.code, new Map());
    regencyOfDistrict.set(d.code, regency);
  }
  for (const v of villages) {
    const regency = regencyOfDistrict.get(v.district_code);
    if (!regency) continue;
    const key = areaKey(v.name);
    regency.villagesOf.get(v.district_code)!.set(key, v.name);
    regency.villages.set(key, [...(regency.villages.get(key) ?? []), v.district_code]);
  }
  return byRegency;
}

/** The kecamatan and kelurahan of a regency ("33.75"); null for a code the data does not know. */
export async function regencyAreas(regencyCode: string | null | undefined): Promise<RegencyAreas | null> {
  if (!regencyCode) return null;
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return (await loading).get(regencyCode) ?? null;
}

let provinces: Promise<Map<string, string>> | null = null;

/** A province's name by its Kemendagri code ("33" → "Jawa Tengah"); null for a code the data does not know. */
export async function provinceName(code: string | null | undefined): Promise<string | null> {
  if (!code) return null;
  provinces ??= getProvinces()
    .then((list) => new Map(list.map((p) => [p.code, p.name])))
    .catch((error: unknown) => {
      provinces = null;
      throw error;
    });
  return (await provinces).get(code) ?? null;
}
