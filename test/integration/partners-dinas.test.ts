import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '~/lib/db.server';
import { addDays } from '~/lib/dates';
import { ValidationError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { createCohort } from '~/domain/cohorts/cohorts.server';
import type { CohortInput } from '~/domain/cohorts/schemas';
import { updateCohort } from '~/domain/enrollment/cohort-change.server';
import { createProgram, updateProgram, getProgram } from '~/domain/programs/programs.server';
import type { ProgramInput } from '~/domain/programs/schemas';
import { auditRows, seedOtherDinas } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, demoDatabase, today, type DemoIds } from '../support/cohorts-fixtures';
import { toastCookie } from '../support/organizations-fixtures';
import { makePartner } from '../support/partners-fixtures';

let handle: DatabaseHandle;
let app: TestApp;
let ids: DemoIds;
let coordinator: Actor;
let other: Awaited<ReturnType<typeof seedOtherDinas>>;
let outsideInstitute: string;
let outsideLsp: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  app = await loadApp(handle);
  coordinator = await actorFor(handle.db, 'koordinator@kompeten.test');
  other = await seedOtherDinas(handle.db);
  const institution = async (kind: 'training_institute' | 'certification_body', name: string) =>
    (await handle.db.insertInto('institutions').values({ kind, name, city: 'Batang' }).returning('id').executeTakeFirstOrThrow()).id;
  outsideInstitute = await institution('training_institute', 'LPK Luar Mitra Batang');
  outsideLsp = await institution('certification_body', 'LSP Luar Mitra Batang');
  // Partners of the other Dinas: a partner elsewhere is no partner here.
  await makePartner(handle.db, other.dinasId, outsideInstitute);
  await makePartner(handle.db, other.dinasId, outsideLsp);
  const userId = async (email: string) => (await handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  cookies.coordinator = await app.sessionCookie(coordinator.userId);
  cookies.other = await app.sessionCookie(other.coordinatorId);
  cookies.staff = await app.sessionCookie(await userId('lembaga@kompeten.test'));
});
afterAll(() => handle.close());

const html = async (path: string, cookie: string) => {
  const response = await app.request(path, { cookie });
  expect(response.status, path).toBe(200);
  return response.text();
};

const programInput = (over: Partial<ProgramInput> = {}): ProgramInput => ({
  code: 'MITRA-1',
  title: 'Pelatihan Uji Mitra',
  units: [{ code: 'U.1', title: 'Unit satu' }],
  days: [{ kind: 'training', title: 'Hari 1', startsAtTime: '08:00', endsAtTime: '16:00' }],
  ...over,
});

const cohortInput = (over: Partial<CohortInput> = {}): CohortInput => {
  const startsOn = addDays(today(), 60);
  return {
    programId: ids.programId,
    name: 'Angkatan Uji Mitra',
    startsOn,
    timeZone: 'Asia/Jakarta',
    venueName: 'Hotel Mitra',
    capacity: 20,
    trainingInstituteId: ids.instituteId,
    certificationBodyId: ids.lspId,
    ...over,
  };
};

async function fieldErrors(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error('expected a validation error');
}

const count = async (table: 'programs' | 'cohorts') => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n;
const isPartner = async (dinasId: string, partnerId: string) =>
  !!(await handle.db.selectFrom('dinas_partners').select('partner_id').where('dinas_id', '=', dinasId).where('partner_id', '=', partnerId).executeTakeFirst());

describe("a Dinas's partners", () => {
  it('the Mitra page and the program and cohort forms list only the Dinas\'s partners', async () => {
    const partners = await html('/partners', cookies.coordinator!);
    const names = await handle.db.selectFrom('institutions').select(['id', 'name']).where('id', 'in', [ids.instituteId, ids.lspId]).execute();
    for (const { name } of names) expect(partners).toContain(name);
    expect(partners).not.toContain('Luar Mitra');
    for (const path of ['/programs/new', '/cohorts/new', `/programs/${ids.programId}/edit`]) {
      const page = await html(path, cookies.coordinator!);
      expect(page, path).toContain(`value="${ids.instituteId}"`);
      expect(page, path).toContain(`value="${ids.lspId}"`);
      expect(page, path).not.toContain(`value="${outsideInstitute}"`);
      expect(page, path).not.toContain(`value="${outsideLsp}"`);
    }
    // The other Dinas sees its own partners, not these.
    const theirs = await html('/programs/new', cookies.other!);
    expect(theirs).toContain(`value="${outsideInstitute}"`);
    expect(theirs).not.toContain(`value="${ids.instituteId}"`);
    expect(await html('/partners', cookies.other!)).toContain('LPK Luar Mitra Batang');
  });

  it('a non-partner is refused on the program and cohort forms with a field error, and nothing is written', async () => {
    const programs = await count('programs');
    const cohorts = await count('cohorts');
    expect(await fieldErrors(createProgram(handle.db, coordinator, programInput({ defaultInstituteId: outsideInstitute })))).toEqual({ defaultInstituteId: ['programs:errors.institution'] });
    expect(await fieldErrors(createProgram(handle.db, coordinator, programInput({ defaultCertificationBodyId: outsideLsp })))).toEqual({ defaultCertificationBodyId: ['programs:errors.institution'] });
    const before = await getProgram(handle.db, coordinator, ids.programId);
    const { units, days, ...program } = before;
    const unchanged = { ...program, description: program.description ?? undefined, schemeName: program.schemeName ?? undefined, schemeNumber: program.schemeNumber ?? undefined, competencyStandard: program.competencyStandard ?? undefined, trainingValidityMonths: program.trainingValidityMonths ?? undefined, topics: undefined };
    expect(
      await fieldErrors(
        updateProgram(handle.db, coordinator, ids.programId, {
          ...unchanged,
          defaultInstituteId: outsideInstitute,
          defaultCertificationBodyId: undefined,
          units: units.map((u) => ({ id: u.id, code: u.code, title: u.title })),
          days: days.map((d) => ({ ...d, topics: d.topics ?? undefined })),
        }),
      ),
    ).toEqual({ defaultInstituteId: ['programs:errors.institution'] });
    expect((await getProgram(handle.db, coordinator, ids.programId)).defaultInstituteId).toBe(before.defaultInstituteId);

    expect(await fieldErrors(createCohort(handle.db, coordinator, cohortInput({ trainingInstituteId: outsideInstitute })))).toEqual({ trainingInstituteId: ['programs:errors.institution'] });
    expect(await fieldErrors(createCohort(handle.db, coordinator, cohortInput({ certificationBodyId: outsideLsp })))).toEqual({ certificationBodyId: ['programs:errors.institution'] });
    const draft = await handle.db.selectFrom('cohorts').selectAll().where('id', '=', ids.draftCohortId).executeTakeFirstOrThrow();
    expect(
      await fieldErrors(
        updateCohort(handle.db, coordinator, ids.draftCohortId, cohortInput({ name: draft.name, startsOn: draft.starts_on, venueName: draft.venue_name ?? 'Hotel', capacity: draft.capacity, trainingInstituteId: outsideInstitute })),
      ),
    ).toEqual({ trainingInstituteId: ['programs:errors.institution'] });
    expect((await handle.db.selectFrom('cohorts').select('training_institute_id').where('id', '=', ids.draftCohortId).executeTakeFirstOrThrow()).training_institute_id).toBe(draft.training_institute_id);

    // Through the forms: 400 with the message under the field.
    const programForm = await app.postForm(
      '/programs/new',
      { code: 'MITRA-2', title: 'Pelatihan Uji Mitra', defaultCertificationBodyId: outsideLsp, 'units[0].code': 'U.1', 'units[0].title': 'Unit satu', 'days[0].kind': 'training', 'days[0].title': 'Hari 1', 'days[0].startsAtTime': '08:00', 'days[0].endsAtTime': '16:00' },
      cookies.coordinator,
    );
    expect(programForm.status).toBe(400);
    expect(await programForm.text()).toContain('Pilih lembaga mitra Dinas dari daftar.');
    const { programId, name, startsOn, venueName } = cohortInput();
    const cohortForm = await app.postForm('/cohorts/new', { programId, name, startsOn, venueName, timeZone: 'Asia/Jakarta', capacity: '20', trainingInstituteId: outsideInstitute }, cookies.coordinator);
    expect(cohortForm.status).toBe(400);
    expect(await cohortForm.text()).toContain('Pilih lembaga mitra Dinas dari daftar.');

    expect(await count('programs')).toBe(programs);
    expect(await count('cohorts')).toBe(cohorts);
  });

  it('a coordinator finds an institute by name and makes it a partner; the forms then offer it; audited in the Dinas', async () => {
    const search = await html('/partners?q=luar%20mitra', cookies.coordinator!);
    expect(search).toContain('LPK Luar Mitra Batang');
    expect(search).toContain('LSP Luar Mitra Batang');
    expect(await html('/partners?q=Zzz-tidak-ada', cookies.coordinator!)).toContain('Tidak ada lembaga dengan nama itu');

    const added = await app.postForm('/partners', { intent: 'add', partnerId: outsideInstitute }, cookies.coordinator);
    expect(added.status).toBe(302);
    expect(await isPartner(ids.dinasId, outsideInstitute)).toBe(true);
    expect(await html('/partners?q=luar%20mitra', cookies.coordinator!)).not.toContain('Jadikan LPK Luar Mitra Batang mitra');
    expect(await html('/cohorts/new', cookies.coordinator!)).toContain(`value="${outsideInstitute}"`);
    const audit = (await auditRows(handle.db, { action: 'partner.added', entityId: outsideInstitute })).at(-1)!;
    expect(audit.dinas_id).toBe(ids.dinasId);
    // A Dinas is no partner.
    expect((await app.postForm('/partners', { intent: 'add', partnerId: other.dinasId }, cookies.coordinator)).status).toBe(302);
    expect(await isPartner(ids.dinasId, other.dinasId)).toBe(false);
  });

  it('removal is refused while a cohort under way uses the partner; allowed once it is cancelled, clearing program defaults', async () => {
    await makePartner(handle.db, ids.dinasId, outsideInstitute);
    const { id: programId } = await createProgram(handle.db, coordinator, programInput({ code: 'MITRA-3', defaultInstituteId: outsideInstitute }));
    const { id: cohortId } = await createCohort(handle.db, coordinator, cohortInput({ programId, trainingInstituteId: outsideInstitute }));

    const refused = await app.postForm('/partners', { intent: 'remove', partnerId: outsideInstitute }, cookies.coordinator);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('Location')).toBe('/partners');
    expect(await isPartner(ids.dinasId, outsideInstitute)).toBe(true);
    expect(await html('/partners', `${cookies.coordinator}; ${toastCookie(refused)}`)).toContain('Kemitraan tidak dapat diakhiri');

    await handle.db.updateTable('cohorts').set({ status: 'cancelled', cancel_reason: 'Uji' }).where('id', '=', cohortId).execute();
    const removed = await app.postForm('/partners', { intent: 'remove', partnerId: outsideInstitute }, cookies.coordinator);
    expect(removed.status).toBe(302);
    expect(await isPartner(ids.dinasId, outsideInstitute)).toBe(false);
    expect((await getProgram(handle.db, coordinator, programId)).defaultInstituteId).toBeNull();
    const audit = (await auditRows(handle.db, { action: 'partner.removed', entityId: outsideInstitute })).at(-1)!;
    expect(audit.dinas_id).toBe(ids.dinasId);
    expect(JSON.stringify(audit.after)).toContain('MITRA-3');
    // The other Dinas's partnership with it is untouched.
    expect(await isPartner(other.dinasId, outsideInstitute)).toBe(true);
  });

  it("another Dinas's coordinator cannot end this Dinas's partnerships, and people without a Dinas get 404 on the page", async () => {
    const response = await app.postForm('/partners', { intent: 'remove', partnerId: ids.instituteId }, cookies.other);
    expect(response.status).toBe(404);
    expect(await isPartner(ids.dinasId, ids.instituteId)).toBe(true);
    expect((await app.request('/partners', { cookie: cookies.staff })).status).toBe(404);
    expect((await app.postForm('/partners', { intent: 'add', partnerId: outsideLsp }, cookies.staff)).status).toBe(404);
  });
});
