import { describe, expect, it } from 'vitest';
import { auditChanges } from '~/domain/audit/changes';

describe('audit changes', () => {
  it('lists only the fields whose value differs, as text', () => {
    expect(auditChanges({ status: 'open', capacity: 25, name: 'A' }, { status: 'closed', capacity: 25, name: 'A' })).toEqual([
      { field: 'status', before: 'open', after: 'closed' },
    ]);
  });

  it('counts a field present on one side only, and shows objects as JSON', () => {
    expect(auditChanges(null, { isActive: false, roles: ['assessor'] })).toEqual([
      { field: 'isActive', before: null, after: 'false' },
      { field: 'roles', before: null, after: '["assessor"]' },
    ]);
    expect(auditChanges({ roleId: 'r1' }, undefined)).toEqual([{ field: 'roleId', before: 'r1', after: null }]);
  });

  it('wraps a bare value', () => {
    expect(auditChanges('a', 'b')).toEqual([{ field: 'value', before: 'a', after: 'b' }]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});
