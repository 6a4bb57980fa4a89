import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { mayTakeExam } from '~/domain/assessment/exam-gate.server';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { examGrid, saveExamResults } from '~/domain/assessment/grid.server';
import { cohortExamSummary, myExamResults } from '~/domain/assessment/results.server';
import { ResultGridSchema } from '~/domain/assessment/schemas';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { examCohort, row } from '../support/assessment-fixtures';
import { actorFor, demoDatabase, participantFor, type DemoIds } from '../support/cohorts-fixtures';

let handle: DatabaseHandle;
let ids: DemoIds;
let app: TestApp;
let assessor: Actor;
let admin: Actor;
let coordinator: Actor;
let otherBodyAssessor: Actor;
let otherBodyId: string;

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  assessor = await actorFor(handle.db, 'asesor1@kompeten.test');
  admin = await actorFor(handle.db, 'lsp@kompeten.test');
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
  otherBodyId = (await handle.db.insertInto('institutions').values({ kind: 'certification_body', name: 'LSP Lain' }).returning('id').executeTakeFirstOrThrow()).id;
  await createUser(handle.db, { email: 'asesor@lsp-lain.test', roles: [{ role: 'assessor', institutionId: otherBodyId, registrationNumber: 'MET.000.000001 2020' }] });
  otherBodyAssessor = await actorFor(handle.db, 'asesor@lsp-lain.test');
});
afterAll(() => handle.close());

const save = (actor: Actor, cohortId: string, raw: unknown) => saveExamResults(handle.db, actor, { cohortId, ...ResultGridSchema.parse(raw) });

async function assessmentsOf(cohortId: string) {
  return handle.db
    .selectFrom('assessments as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .select(['x.id', 'x.enrollment_id', 'x.status', 'x.recommendation', 'x.assessor_user_id', 'x.assessor_registration_number', 'x.assessed_on', 'x.exam_venue', 'x.correction_reason'])
    .where('e.cohort_id', '=', cohortId)
    .orderBy('e.arrival_seq')
    .execute();
}

async function auditCount(action: string) {
  return (await handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n;
}

async function throwsWith(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('the demo past cohort', () => {
  it('has final results: most K, a few BK on one unit, the one kept out by attendance absent; the demo participant sees theirs', async () => {
    const summary = await cohortExamSummary(handle.db, coordinator, ids.completedCohortId);
    expect(summary.finalized).toBe(true);
    expect(summary.absent).toBeGreaterThanOrEqual(1);
    expect(summary.notYetCompetent).toBe(3);
    expect(summary.competent + summary.notYetCompetent + summary.absent).toBe(25);
    expect(summary.units.filter((u) => u.notYetCompetent > 0)).toHaveLength(1);
    const participant = await actorFor(handle.db, 'peserta@kompeten.test');
    const [mine] = await myExamResults(handle.db, participant);
    expect(mine?.outcome).toBe('competent');
    expect(mine?.units.every((u) => u.result === 'K')).toBe(true);
  });
});

describe('the attendance gate', () => {
  it('lets in whoever attended every training session and keeps out one absent a day (the demo program asks 100 %)', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    expect(await mayTakeExam(handle.db, c.enrollmentIds[0]!)).toBe(true);
    expect(await mayTakeExam(handle.db, c.ineligibleId)).toBe(false);
    // An excused absence counts only where the program says so.
    const session = await handle.db.selectFrom('attendance').select('id').where('enrollment_id', '=', c.ineligibleId).where('status', '=', 'absent').executeTakeFirstOrThrow();
    await handle.db.updateTable('attendance').set({ status: 'excused' }).where('id', '=', session.id).execute();
    expect(await mayTakeExam(handle.db, c.ineligibleId)).toBe(false);
    await handle.db.updateTable('programs').set({ attendance_counts_excused: true }).where('id', '=', ids.programId).execute();
    expect(await mayTakeExam(handle.db, c.ineligibleId)).toBe(true);
    await handle.db.updateTable('programs').set({ attendance_counts_excused: false }).where('id', '=', ids.programId).execute();
  });
});

describe('entering results', () => {
  it('saves a draft grid in one go, computes the recommendation (K only when every unit is K), snapshots the registration number and audits', async () => {
    const c = await examCohort(handle.db, ids, { participants: 4 });
    const [a, b, d] = c.enrollmentIds;
    const before = await auditCount('assessment.saved');
    const result = await save(assessor, c.cohortId, {
      rows: [
        row(a!, c.unitIds, 'K', { assessorUserId: assessor.userId, examDate: '12-11-2026', venue: 'TUK Hotel Ujian' }),
        row(b!, c.unitIds, c.unitIds.map((_, j) => (j === 2 ? 'BK' : 'K'))),
        row(d!, c.unitIds, ['K', 'K']),
        { enrollmentId: c.ineligibleId, absent: true, note: 'Tidak memenuhi syarat' },
      ],
    });
    expect(result).toEqual({ saved: 4, corrected: 0, reissue: 0 });
    const rows = await assessmentsOf(c.cohortId);
    expect(rows.map((r) => [r.status, r.recommendation])).toEqual([
      ['draft', 'competent'],
      ['draft', 'not_yet_competent'],
      ['draft', null],
      ['draft', 'did_not_attend'],
    ]);
    expect(rows[0]).toMatchObject({ assessor_user_id: assessor.userId, assessor_registration_number: 'MET.000.004515 2019', assessed_on: '2026-11-12', exam_venue: 'TUK Hotel Ujian' });
    expect(await auditCount('assessment.saved')).toBe(before + 4);
    // Saving the same grid again changes nothing and writes nothing.
    const again = await save(assessor, c.cohortId, {
      rows: [
        row(a!, c.unitIds, 'K', { assessorUserId: assessor.userId, examDate: '2026-11-12', venue: 'TUK Hotel Ujian' }),
        row(b!, c.unitIds, c.unitIds.map((_, j) => (j === 2 ? 'BK' : 'K'))),
      ],
    });
    expect(again.saved).toBe(0);
    expect(await auditCount('assessment.saved')).toBe(before + 4);
    const grid = await examGrid(handle.db, assessor, c.cohortId);
    expect(grid.rows.find((r) => r.enrollmentId === c.ineligibleId)?.eligible).toBe(false);
    expect(grid.assessors.map((x) => x.looksRight)).toEqual([true, true]);
  });

  it('refuses K/BK for a participant not eligible by attendance, and writes nothing of the whole grid', async () => {
    const c = await examCohort(handle.db, ids, { participants: 3 });
    const error = await throwsWith(save(assessor, c.cohortId, { rows: [row(c.enrollmentIds[0]!, c.unitIds, 'K'), row(c.ineligibleId, c.unitIds, 'K')] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ 'rows[1]': ['assessment:errors.notEligible'] });
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
  });

  it('refuses a unit outside the program, an absent participant with results, an unknown participant and an assessor of another body', async () => {
    const c = await examCohort(handle.db, ids, { participants: 3 });
    const foreignUnit = await handle.db
      .selectFrom('competency_units as u')
      .innerJoin('programs as p', 'p.id', 'u.program_id')
      .select('u.id')
      .where('p.code', '=', 'PMB-MLG')
      .executeTakeFirstOrThrow();
    const [a, b] = c.enrollmentIds;
    const error = await throwsWith(
      save(assessor, c.cohortId, {
        rows: [
          { enrollmentId: a, units: [`${c.unitIds[0]}:K`, `${foreignUnit.id}:K`] },
          { ...row(b!, c.unitIds, 'K'), absent: true, assessorUserId: otherBodyAssessor.userId },
          row(ids.completedCohortId, c.unitIds, 'K'),
        ],
      }),
    );
    expect((error as ValidationError).fieldErrors).toEqual({
      'rows[0].units[1]': ['assessment:errors.unitNotInProgram'],
      'rows[1].absent': ['assessment:errors.absentWithResults'],
      'rows[1].assessorUserId': ['assessment:errors.assessor'],
      'rows[2]': ['assessment:errors.participant'],
    });
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
  });

  it("answers 'not found' to another body's assessor and to a Dinas's coordinator only 'forbidden'; nothing is written", async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    expect(await throwsWith(save(otherBodyAssessor, c.cohortId, { rows: [row(c.enrollmentIds[0]!, c.unitIds, 'K')] }))).toBeInstanceOf(NotFoundError);
    expect(await throwsWith(examGrid(handle.db, otherBodyAssessor, c.cohortId))).toBeInstanceOf(NotFoundError);
    expect(await throwsWith(save(coordinator, c.cohortId, { rows: [row(c.enrollmentIds[0]!, c.unitIds, 'K')] }))).toBeInstanceOf(ForbiddenError);
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
  });

  it('refuses results for a cohort that has not started', async () => {
    const c = await examCohort(handle.db, ids, { participants: 1, status: 'open' });
    const error = await throwsWith(save(assessor, c.cohortId, { rows: [row(c.enrollmentIds[0]!, c.unitIds, 'K')] }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
  });
});

describe('finalizing and correcting', () => {
  it('finalizes only complete results, only as the certification admin; then shows them to the participant, locks them, and a correction needs a reason, is audited and marks certificates for reissue', async () => {
    const c = await examCohort(handle.db, ids, { participants: 3 });
    const [a, b] = c.enrollmentIds;
    const details = { assessorUserId: assessor.userId, examDate: '12-11-2026' };
    await save(assessor, c.cohortId, { rows: [row(a!, c.unitIds, 'K', details), row(b!, c.unitIds, ['K', 'K'], details)] });
    const participant = await participantFor(handle.db, c.personIds[0]!);

    // Incomplete: refused.
    const incomplete = await throwsWith(finalizeExamResults(handle.db, admin, { cohortId: c.cohortId }));
    expect((incomplete as ConflictError).message).toBe('assessment:errors.incomplete|{"count":2}');
    await save(assessor, c.cohortId, { rows: [row(b!, c.unitIds, c.unitIds.map((_, j) => (j === 0 ? 'BK' : 'K')), details), { enrollmentId: c.ineligibleId, absent: true }] });
    // An assessor does not finalize.
    expect(await throwsWith(finalizeExamResults(handle.db, assessor, { cohortId: c.cohortId }))).toBeInstanceOf(ForbiddenError);
    // Never shown before it is final.
    expect(await myExamResults(handle.db, participant)).toEqual([]);

    expect(await finalizeExamResults(handle.db, admin, { cohortId: c.cohortId })).toEqual({ finalized: 3 });
    expect((await assessmentsOf(c.cohortId)).map((r) => r.status)).toEqual(['final', 'final', 'final']);
    const [mine] = await myExamResults(handle.db, participant);
    expect(mine).toMatchObject({ enrollmentId: a, outcome: 'competent', examDate: '2026-11-12' });
    expect(mine!.units).toHaveLength(c.unitIds.length);
    expect(await throwsWith(finalizeExamResults(handle.db, admin, { cohortId: c.cohortId }))).toBeInstanceOf(ConflictError);
    const summary = await cohortExamSummary(handle.db, coordinator, c.cohortId);
    expect([summary.competent, summary.notYetCompetent, summary.absent]).toEqual([1, 1, 1]);
    expect(summary.units[0]).toMatchObject({ competent: 1, notYetCompetent: 1 });

    // A certificate issued from B's old result.
    const certificate = await handle.db
      .insertInto('certificates')
      .values({ kind: 'competency', enrollment_id: b!, person_id: c.personIds[1]!, number: `UJI/${c.cohortId.slice(0, 8)}`, verification_code: `uji${c.cohortId.replace(/-/g, '')}`, snapshot: '{}', template_version: 'v1' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const corrected = [row(b!, c.unitIds, 'K', details)];
    // The assessor may no longer change it.
    expect(await throwsWith(save(assessor, c.cohortId, { rows: corrected }))).toBeInstanceOf(ConflictError);
    // The admin must give a reason; nothing is written without it.
    const noReason = await throwsWith(save(admin, c.cohortId, { rows: corrected }));
    expect((noReason as ValidationError).fieldErrors).toEqual({ correctionReason: ['assessment:errors.reasonRequired'] });
    expect((await assessmentsOf(c.cohortId))[1]!.recommendation).toBe('not_yet_competent');

    expect(await save(admin, c.cohortId, { rows: corrected, correctionReason: 'Salah ketik unit 1' })).toEqual({ saved: 0, corrected: 1, reissue: 1 });
    const after = (await assessmentsOf(c.cohortId))[1]!;
    expect(after).toMatchObject({ status: 'final', recommendation: 'competent', correction_reason: 'Salah ketik unit 1' });
    const audit = await handle.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'assessment.corrected').where('entity_id', '=', after.id).executeTakeFirstOrThrow();
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as { recommendation: string; reason?: string };
    expect(parse(audit.before).recommendation).toBe('not_yet_competent');
    expect(parse(audit.after)).toMatchObject({ recommendation: 'competent', reason: 'Salah ketik unit 1' });
    const cert = await handle.db.selectFrom('certificates').select(['needs_reissue', 'reissue_reason']).where('id', '=', certificate.id).executeTakeFirstOrThrow();
    expect(cert).toEqual({ needs_reissue: true, reissue_reason: 'Salah ketik unit 1' });
  });
});

describe('the pages', () => {
  const cookieOf = async (email: string) => app.sessionCookie((await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id);

  it('shows the grid to the body, 404 to another body and to a participant, and does not list the cohort for another body', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    const page = await app.request(`/cohorts/${c.cohortId}/exam`, { cookie: await cookieOf('asesor1@kompeten.test') });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('K.64KSP00.010.1');
    expect(html).toContain('tidak memenuhi syarat kehadiran');
    expect((await app.request(`/cohorts/${c.cohortId}/exam`, { cookie: await cookieOf('asesor@lsp-lain.test') })).status).toBe(404);
    expect((await app.request(`/cohorts/${c.cohortId}/exam`, { cookie: await cookieOf('peserta@kompeten.test') })).status).toBe(404);
    const list = await (await app.request('/cohorts', { cookie: await cookieOf('asesor@lsp-lain.test') })).text();
    expect(list).not.toContain('Angkatan Ujian');
  });

  it('saves the grid posted without JavaScript, and answers 400 with the field error and nothing written when refused', async () => {
    const c = await examCohort(handle.db, ids, { participants: 2 });
    const cookie = await cookieOf('asesor2@kompeten.test');
    const fields: Record<string, string> = { 'rows[0].enrollmentId': c.enrollmentIds[0]!, 'rows[0].assessorUserId': ids.assessorIds[1]!, 'rows[0].examDate': '12-11-2026' };
    c.unitIds.forEach((u, j) => (fields[`rows[0].units[${j}]`] = `${u}:K`));
    const refused = await app.postForm(`/cohorts/${c.cohortId}/exam`, { ...fields, 'rows[1].enrollmentId': c.ineligibleId, 'rows[1].units[0]': `${c.unitIds[0]}:K` }, cookie);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    // The refusal sits beside the row, and what was typed comes back as it was.
    expect(html).toContain('Peserta tidak memenuhi syarat kehadiran');
    expect(html).toMatch(new RegExp(`<option value="${c.unitIds[1]}:K" selected=""`));
    expect(await assessmentsOf(c.cohortId)).toEqual([]);
    const saved = await app.postForm(`/cohorts/${c.cohortId}/exam`, fields, cookie);
    expect(saved.status).toBe(302);
    expect((await assessmentsOf(c.cohortId)).map((r) => r.recommendation)).toEqual(['competent']);
  });
});
