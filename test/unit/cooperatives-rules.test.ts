import { describe, expect, it } from 'vitest';
import { parseRegistryFilters, searchTerms } from '~/domain/cooperatives/filters';
import { comparePositions, isCurrentPosition, normalizePosition, positionRank } from '~/domain/cooperatives/positions';
import { changedFields, recordOfValues } from '~/domain/cooperatives/records';
import { CooperativeSchema } from '~/domain/cooperatives/schemas';
import { slugCandidates, slugify } from '~/domain/cooperatives/slug';

describe('cooperative slugs', () => {
  it('turns a name into lowercase ASCII words joined by hyphens', () => {
    expect(slugify('KSPPS/BMT Al-Ikhlas')).toBe('kspps-bmt-al-ikhlas');
    expect(slugify('  Koperasi Karyawan “Sejahtera” — Café ')).toBe('koperasi-karyawan-sejahtera-cafe');
    expect(slugify('***')).toBe('');
  });

  it('offers the name, then the name with the number’s last digits, then with the whole number', () => {
    expect(slugCandidates('KSP Maju', '3375011234560001')).toEqual(['ksp-maju', 'ksp-maju-0001', 'ksp-maju-3375011234560001']);
    expect(slugCandidates('***', '3375011234560001')[0]).toBe('koperasi');
  });
});

describe('positions', () => {
  it('matches positions whatever their case and spacing', () => {
    expect(normalizePosition('  Kepala  Bagian pembiayaan ')).toBe('kepala bagian pembiayaan');
  });

  it('orders a roster from the chair down, unknown positions last', () => {
    const people = [
      { position: 'Kasir', name: 'B' },
      { position: 'Juru Parkir', name: 'A' },
      { position: 'ketua', name: 'C' },
      { position: 'Sekretaris', name: 'D' },
    ];
    expect(people.sort(comparePositions).map((p) => p.position)).toEqual(['ketua', 'Sekretaris', 'Kasir', 'Juru Parkir']);
    expect(positionRank('Ketua')).toBe(0);
  });

  it('is current from its start to its end, both included', () => {
    expect(isCurrentPosition({ startsOn: '2026-01-01', endsOn: null }, '2026-01-01')).toBe(true);
    expect(isCurrentPosition({ startsOn: '2026-01-02', endsOn: null }, '2026-01-01')).toBe(false);
    expect(isCurrentPosition({ startsOn: null, endsOn: '2026-01-01' }, '2026-01-01')).toBe(true);
    expect(isCurrentPosition({ startsOn: null, endsOn: '2025-12-31' }, '2026-01-01')).toBe(false);
  });
});

describe('the registry form schema', () => {
  const valid = { name: 'KSP Maju', type: 'KSP', cooperativeNumber: '3375011234560001' };

  it('accepts a minimal cooperative and defaults it to active', () => {
    const parsed = CooperativeSchema.parse(valid);
    expect(parsed.status).toBe('active');
    expect(recordOfValues(parsed)).toMatchObject({ savingsLoanUnit: null, street: null, status: 'active' });
  });

  it('names each bad field with an i18n key', () => {
    const result = CooperativeSchema.safeParse({ ...valid, cooperativeNumber: '33750112', type: 'Bank', postalCode: '5111', email: 'x@' });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField).toEqual({
      cooperativeNumber: 'cooperatives:errors.numberFormat',
      type: 'cooperatives:errors.typeInvalid',
      postalCode: 'cooperatives:errors.postalCodeFormat',
      email: 'cooperatives:errors.emailFormat',
    });
  });

  it('lists exactly the fields that changed', () => {
    const before = recordOfValues(CooperativeSchema.parse(valid));
    const after = recordOfValues(CooperativeSchema.parse({ ...valid, name: 'KSP Maju Jaya', village: 'Medono' }));
    expect(changedFields(before, after)).toEqual(['name', 'village']);
    expect(changedFields(before, before)).toEqual([]);
  });
});

describe('registry filters and search', () => {
  it('reads known filters and ignores the rest', () => {
    const params = new URLSearchParams({ q: ' medono ', type: 'KSP', status: 'bogus', noRat: '1' });
    expect(parseRegistryFilters(params)).toEqual({ q: 'medono', type: 'KSP', status: undefined, noRatLastYear: true });
    expect(parseRegistryFilters(new URLSearchParams())).toEqual({ q: undefined, type: undefined, status: undefined, noRatLastYear: false });
  });

  it('splits a search into lowercase words', () => {
    expect(searchTerms('  KSP   Medono ')).toEqual(['ksp', 'medono']);
    expect(searchTerms(undefined)).toEqual([]);
  });
});
