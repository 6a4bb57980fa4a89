import { describe, expect, it } from 'vitest';
import { can, requirePermission, type Actor, type RoleGrant } from '~/lib/permissions';
import { ForbiddenError, NotFoundError } from '~/lib/errors';

const actor = (roles: RoleGrant[], personId: string | null = null): Actor => ({
  userId: 'u1', email: 'a@b.test', displayName: 'A', personId, locale: 'id', roles, ip: null,
});
const coordinator = actor([{ role: 'coordinator', institutionId: 'dinas-1', cooperativeId: null }]);
const cohortOfDinas1 = { dinasId: 'dinas-1', trainingInstituteId: 'ldp-1', certificationBodyId: 'lsp-1' };

describe('permissions', () => {
  it('a coordinator manages only their own Dinas', () => {
    expect(can(coordinator, 'cohort:manage', cohortOfDinas1)).toBe(true);
    expect(can(coordinator, 'cohort:manage', { ...cohortOfDinas1, dinasId: 'dinas-2' })).toBe(false);
  });

  it('another organization gets "not found", not "forbidden"', () => {
    expect(() => requirePermission(coordinator, 'cohort:manage', { dinasId: 'dinas-2' })).toThrow(NotFoundError);
  });

  it('institute staff read and take attendance for their cohorts but cannot manage them', () => {
    const staff = actor([{ role: 'institute_staff', institutionId: 'ldp-1', cooperativeId: null }]);
    expect(can(staff, 'attendance:record', cohortOfDinas1)).toBe(true);
    expect(() => requirePermission(staff, 'cohort:manage', cohortOfDinas1)).toThrow(ForbiddenError);
    expect(can(staff, 'cohort:read', { ...cohortOfDinas1, trainingInstituteId: 'ldp-2' })).toBe(false);
  });

  it('assessors enter results; only the certification admin finalizes', () => {
    const assessor = actor([{ role: 'assessor', institutionId: 'lsp-1', cooperativeId: null }]);
    const admin = actor([{ role: 'certification_admin', institutionId: 'lsp-1', cooperativeId: null }]);
    expect(can(assessor, 'assessment:enter', cohortOfDinas1)).toBe(true);
    expect(can(assessor, 'assessment:finalize', cohortOfDinas1)).toBe(false);
    expect(can(admin, 'assessment:finalize', cohortOfDinas1)).toBe(true);
  });

  it("the BNSP file (NIKs) goes to the cohort's body and its Dinas's coordinator only", () => {
    const assessor = actor([{ role: 'assessor', institutionId: 'lsp-1', cooperativeId: null }]);
    const admin = actor([{ role: 'certification_admin', institutionId: 'lsp-1', cooperativeId: null }]);
    const staff = actor([{ role: 'institute_staff', institutionId: 'ldp-1', cooperativeId: null }]);
    expect(can(assessor, 'assessment:export', cohortOfDinas1)).toBe(true);
    expect(can(admin, 'assessment:export', cohortOfDinas1)).toBe(true);
    expect(can(coordinator, 'assessment:export', cohortOfDinas1)).toBe(true);
    expect(can(staff, 'assessment:export', cohortOfDinas1)).toBe(false);
    expect(can(assessor, 'assessment:export', { ...cohortOfDinas1, certificationBodyId: 'lsp-2' })).toBe(false);
  });

  it('a cooperative admin manages their own roster only; a participant acts for themselves', () => {
    const coopAdmin = actor([{ role: 'cooperative_admin', institutionId: null, cooperativeId: 'coop-1' }]);
    expect(can(coopAdmin, 'roster:manage', { cooperativeId: 'coop-1' })).toBe(true);
    expect(can(coopAdmin, 'roster:manage', { cooperativeId: 'coop-2' })).toBe(false);
    const participant = actor([{ role: 'participant', institutionId: null, cooperativeId: null }], 'person-1');
    expect(can(participant, 'enrollment:self', { personId: 'person-1' })).toBe(true);
    expect(can(participant, 'enrollment:self', { personId: 'person-2' })).toBe(false);
    expect(can(null, 'enrollment:self', { personId: 'person-1' })).toBe(false);
  });

  it('roles add up: a coordinator who is also a participant', () => {
    const both = actor(
      [
        { role: 'coordinator', institutionId: 'dinas-1', cooperativeId: null },
        { role: 'participant', institutionId: null, cooperativeId: null },
      ],
      'person-9',
    );
    expect(can(both, 'enrollment:self', { personId: 'person-9' })).toBe(true);
    expect(can(both, 'cohort:manage', cohortOfDinas1)).toBe(true);
  });
});
