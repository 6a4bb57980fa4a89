import { describe, expect, it } from 'vitest';
import { areaProblems } from '~/lib/areas';
import { regencyAreas } from '~/lib/areas.server';
import { detectDelimiter } from '~/lib/spreadsheet.server';

describe("a regency's kecamatan and kelurahan (idn-area-data)", () => {
  it('knows the demo Dinas regencies by their Kemendagri codes, loaded once', async () => {
    const pekalongan = await regencyAreas('33.75');
    const malang = await regencyAreas('35.73');
    expect(pekalongan?.name).toBe('Kota Pekalongan');
    expect(malang?.name).toBe('Kota Malang');
    expect([...pekalongan!.districts.values()].map((d) => d.name).sort()).toEqual(['Pekalongan Barat', 'Pekalongan Selatan', 'Pekalongan Timur', 'Pekalongan Utara']);
    expect(await regencyAreas('99.99')).toBeNull();
    expect(await regencyAreas(null)).toBeNull();
    const started = performance.now();
    await regencyAreas('33.75');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('matches names without case, spaces, punctuation or their "Kec."/"Kel."/"Desa" prefix', async () => {
    const areas = (await regencyAreas('33.75'))!;
    for (const place of [
      { district: 'Pekalongan Barat', village: 'Medono' },
      { district: 'Kec. Pekalongan Barat', village: 'Kel. Medono' },
      { district: 'KECAMATAN PEKALONGAN-BARAT', village: 'kelurahan  medono' },
      { district: 'pekalongan timur', village: 'Kali Baros' },
      { district: 'Pekalongan Timur', village: 'Kalibaros' },
      { district: null, village: 'Desa Jenggot' },
      { district: 'Pekalongan Utara', village: null },
      { district: '', village: '' },
    ]) {
      expect(areaProblems(areas, place), JSON.stringify(place)).toEqual([]);
    }
    const malang = (await regencyAreas('35.73'))!;
    expect(areaProblems(malang, { district: 'Klojen', village: 'ORO ORO DOWO' })).toEqual([]);
  });

  it('says which is wrong: a kecamatan of another regency, a kelurahan of another kecamatan or regency', async () => {
    const areas = (await regencyAreas('33.75'))!;
    expect(areaProblems(areas, { district: 'Klojen', village: 'Medono' })).toEqual([{ field: 'district', message: 'districtNotInRegency', values: { regency: 'Kota Pekalongan' } }]);
    expect(areaProblems(areas, { district: 'Pekalongan Utara', village: 'Medono' })).toEqual([{ field: 'village', message: 'villageNotInDistrict', values: { district: 'Pekalongan Utara' } }]);
    expect(areaProblems(areas, { district: 'Klojen', village: 'Dinoyo' })).toEqual([
      { field: 'district', message: 'districtNotInRegency', values: { regency: 'Kota Pekalongan' } },
      { field: 'village', message: 'villageNotInRegency', values: { regency: 'Kota Pekalongan' } },
    ]);
  });
});

describe('CSV separator detection', () => {
  it('is decided by the header line, past bare title lines and blank lines, not by a data line', () => {
    expect(detectDelimiter('DATA KOPERASI KOTA PEKALONGAN TAHUN 2025\r\nNo;NIK Koperasi;Nama\r\n1;3375;A\tB')).toBe(';');
    expect(detectDelimiter('\r\nDATA KOPERASI, KOTA PEKALONGAN\r\n\r\nNo;NIK Koperasi;Nama;Jenis\r\n')).toBe(';');
    expect(detectDelimiter('DATA KOPERASI 2025;;;;\nNo;NIK;Nama')).toBe(';');
    expect(detectDelimiter('nik\tnama\tjabatan\n1,2,3,4,5')).toBe('\t');
    expect(detectDelimiter('a,b,c\n"x;y;z";1;2;3;4')).toBe(',');
    expect(detectDelimiter('judul saja')).toBe(',');
    expect(detectDelimiter("nama\r\n'\t=1+1\r\nKSP Maju")).toBe(',');
    expect(detectDelimiter('nik;nama\r\n1;2')).toBe(';');
  });
});
