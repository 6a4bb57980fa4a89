import { describe, expect, it } from 'vitest';
import { auditChanges, idsIn, showValue } from '~/domain/audit/changes';

const id = { timeZone: 'Asia/Jakarta', locale: 'id' } as const;
const en = { timeZone: 'Asia/Jakarta', locale: 'en' } as const;
const programId = '0b8f3c1e-2a4d-4e5f-9a6b-7c8d9e0f1a2b';

describe('audit changes', () => {
  it('lists only the fields whose value differs', () => {
    expect(auditChanges({ status: 'open', capacity: 25, name: 'A' }, { status: 'closed', capacity: 25, name: 'A' }, id)).toEqual([
      { field: 'status', before: 'open', after: 'closed' },
    ]);
  });

  it('counts a field present on one side only; yes/no as translation keys, lists as text, not JSON', () => {
    expect(auditChanges(null, { isActive: false, roles: ['assessor'] }, id)).toEqual([
      { field: 'isActive', before: null, after: { key: 'audit:values.no' } },
      { field: 'roles', before: null, after: 'assessor' },
    ]);
    expect(auditChanges({ roleId: 'r1' }, undefined, id)).toEqual([{ field: 'roleId', before: 'r1', after: null }]);
  });

  it('wraps a bare value', () => {
    expect(auditChanges('a', 'b', id)).toEqual([{ field: 'value', before: 'a', after: 'b' }]);
    expect(auditChanges(null, null, id)).toEqual([]);
  });

  it('shows days, local times and instants the Indonesian way', () => {
    expect(showValue('2026-12-01', id)).toBe('1 Desember 2026');
    expect(showValue('2026-11-20T17:00', id)).toBe('20 November 2026, 17.00');
    expect(showValue('2026-11-20T10:00:00.000Z', id)).toBe('20 November 2026, 17.00 WIB');
    expect(showValue('08:00:00', id)).toBe('08.00');
    expect(showValue('08:00', en)).toBe('08:00');
    expect(showValue(10000, id)).toBe('10.000');
  });

  it('shows ids as names when known, and objects by code and title', () => {
    const names = new Map([[programId, 'Pelatihan Kepala Bagian Pembiayaan']]);
    expect(showValue(programId, { ...id, names })).toBe('Pelatihan Kepala Bagian Pembiayaan');
    expect(showValue(programId.toUpperCase(), id)).toBe(programId.toUpperCase().slice(0, 8));
    expect(showValue([{ id: programId, code: 'K.1', title: 'Unit satu' }, { code: 'K.2', title: 'Unit dua' }], id)).toBe('K.1 Unit satu; K.2 Unit dua');
    expect(idsIn([programId, { a: [programId.toUpperCase()], b: 'x' }])).toEqual([programId]);
  });
});
