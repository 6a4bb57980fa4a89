import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~db/schema';
import { listRegistry } from '~/domain/cooperatives/registry.server';
import { cooperativeTrainings } from '~/domain/dashboard/cooperative-trainings.server';
import { getCoverage, nominateUncoveredHolders } from '~/domain/dashboard/coverage.server';
import { addDays } from '~/lib/dates';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, NotFoundError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { auditRows, createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, cooperativeWithStaff, demoDatabase, enrollmentsOf, openCohort, today, type DemoIds } from '../support/cohorts-fixtures';
import { rejectsWith } from '../support/cooperatives-fixtures';

/**
 * "A certified holder of position X" (issue #14's registry filter, issue #15's coverage) on
 * known data: a district of its own in the demo Dinas, where each cooperative is one case.
 */

const X = 'Kepala Bagian Pembiayaan';
const DISTRICT = 'Cakupan Uji';

let handle: DatabaseHandle;
let db: Kysely<Database>;
let ids: DemoIds;
let app: TestApp;
let coordinator: Actor;
let malang: Actor;
let serial = 0;
const coops: Record<string, { cooperativeId: string; personIds: string[] }> = {};

async function certify(personId: string, cooperativeId: string, options: { kind?: 'competency' | 'training'; status?: 'valid' | 'revoked'; validUntil?: string | null } = {}) {
  const n = ++serial;
  const enrollment = await db
    .insertInto('enrollments')
    .values({ cohort_id: ids.completedCohortId, person_id: personId, cooperative_id: cooperativeId, status: 'confirmed', source: 'coordinator' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('certificates')
    .values({
      kind: options.kind ?? 'competency',
      enrollment_id: enrollment.id,
      person_id: personId,
      cooperative_id: cooperativeId,
      number: `UJI-CAKUPAN-${n}`,
      verification_code: `UJICAKUPAN${String(n).padStart(6, '0')}`,
      valid_until: options.validUntil === undefined ? addDays(today(), 365) : options.validUntil,
      status: options.status ?? 'valid',
      revoked_at: options.status === 'revoked' ? new Date() : null,
      revoke_reason: options.status === 'revoked' ? 'uji' : null,
      snapshot: JSON.stringify({}),
      template_version: '2026.1',
    })
    .execute();
}

async function cooperative(name: string, positions: string[], options: { status?: 'active' | 'inactive'; type?: 'KSP' | 'KSU'; dinasId?: string } = {}) {
  const made = await cooperativeWithStaff(db, options.dinasId ?? ids.dinasId, positions);
  await db
    .updateTable('cooperatives')
    .set({ name: `KSP Cakupan ${name}`, district: DISTRICT, status: options.status ?? 'active', type: options.type ?? 'KSP' })
    .where('id', '=', made.cooperativeId)
    .execute();
  coops[name] = made;
  return made;
}

beforeAll(async () => {
  ({ handle, ids } = await demoDatabase());
  db = handle.db;
  coordinator = await actorFor(db, 'koordinator@kompeten.test');
  malang = await actorFor(db, 'koordinator.malang@kompeten.test');
  const yesterday = addDays(today(), -1);

  const a = await cooperative('A', [X]); // certified current holder: counts
  await certify(a.personIds[0]!, a.cooperativeId);
  const b = await cooperative('B', [X]); // the certificate was revoked
  await certify(b.personIds[0]!, b.cooperativeId, { status: 'revoked' });
  const c = await cooperative('C', [X], { type: 'KSU' }); // the certificate expired yesterday
  await certify(c.personIds[0]!, c.cooperativeId, { validUntil: yesterday });
  const d = await cooperative('D', [X, X], { type: 'KSU' }); // the certified holder left yesterday; the new one is not certified
  await certify(d.personIds[0]!, d.cooperativeId);
  await db.updateTable('staff_positions').set({ ends_on: yesterday }).where('person_id', '=', d.personIds[0]!).execute();
  const e = await cooperative('E', [X]); // only a training certificate
  await certify(e.personIds[0]!, e.cooperativeId, { kind: 'training' });
  const f = await cooperative('F', [X], { status: 'inactive' }); // certified, but not active: not in the coverage
  await certify(f.personIds[0]!, f.cooperativeId);
  const g = await cooperative('G', ['  kepala   BAGIAN pembiayaan ']); // the same position spelled otherwise, certified with no end date
  await certify(g.personIds[0]!, g.cooperativeId, { validUntil: null });
  const h = await cooperative('H', ['Bendahara']); // certified, but in another position
  await certify(h.personIds[0]!, h.cooperativeId);

  // Another Dinas (Malang), same kecamatan name, a certified holder: never counted for Pekalongan.
  const malangDinas = malang.roles.find((r) => r.role === 'coordinator')!.institutionId!;
  const m = await cooperative('M', [X], { dinasId: malangDinas });
  await certify(m.personIds[0]!, m.cooperativeId);

  app = await loadApp(handle);
}, 120_000);
afterAll(() => handle.close());

const page = { page: 1, pageSize: 100, sort: 'name' as const, dir: 'asc' as const, offset: 0 };
const names = (items: { name: string }[]) => items.map((i) => i.name.replace('KSP Cakupan ', '')).sort();

describe('the registry filter "has / has not a certified holder of X"', () => {
  it('finds exactly the cooperatives with a current holder of a valid competency certificate, both ways', async () => {
    const has = await listRegistry(db, coordinator, { q: 'cakupan uji', certified: X, certifiedHas: true }, page, today());
    expect(names(has.items)).toEqual(['A', 'F', 'G']);
    const hasNot = await listRegistry(db, coordinator, { q: 'cakupan uji', certified: 'kepala bagian  pembiayaan', certifiedHas: false }, page, today());
    expect(names(hasNot.items)).toEqual(['B', 'C', 'D', 'E', 'H']);
    const other = await listRegistry(db, malang, { q: 'cakupan uji', certified: X, certifiedHas: true }, page, today());
    expect(names(other.items)).toEqual(['M']);
  });

  it('is read from the query string, offered among the choices, and kept by the export', async () => {
    const cookie = await app.sessionCookie(coordinator.userId);
    const html = await (await app.request('/cooperatives?q=cakupan+uji&certified=Kepala+Bagian+Pembiayaan&certifiedHas=0', { cookie })).text();
    expect(html).toContain('KSP Cakupan B');
    expect(html).not.toContain('KSP Cakupan A');
    expect(html).toMatch(/<select id="certified" name="certified">[\s\S]*<option value="Kepala Bagian Pembiayaan" selected=""/);
    const csv = await (await app.request('/cooperatives/export?format=csv&q=cakupan+uji&certified=Kepala+Bagian+Pembiayaan&certifiedHas=1', { cookie })).text();
    expect(csv).toContain('KSP Cakupan A');
    expect(csv).toContain('KSP Cakupan G');
    expect(csv).not.toContain('KSP Cakupan B');
  });
});

describe('coverage of the cooperatives', () => {
  it('counts active cooperatives with a certified holder by kecamatan and type, with RAT beside it', async () => {
    const coverage = await getCoverage(db, coordinator);
    const i = coverage.positions.indexOf(X);
    expect(i).toBeGreaterThanOrEqual(0);
    const district = coverage.byDistrict.find((r) => r.group === DISTRICT)!;
    // A–E, G, H are active (F is not; M is Malang's): A and G are covered.
    expect(district.total).toBe(7);
    expect(district.covered[i]).toBe(2);
    expect(district.noRat).toBe(7);
    const sumTypes = coverage.byType.reduce((n, r) => n + r.total, 0);
    expect(sumTypes).toBe(coverage.total.total);
    expect(coverage.byDistrict.reduce((n, r) => n + r.covered[i]!, 0)).toBe(coverage.total.covered[i]);
    expect(coverage.invitations[i]!.uncovered).toBe(coverage.total.total - coverage.total.covered[i]!);

    // Malang's coverage counts only its own M there; Pekalongan's counts none of it.
    const malangCoverage = await getCoverage(db, malang);
    expect(malangCoverage.byDistrict.find((r) => r.group === DISTRICT)!.total).toBe(1);
  });

  it('is the Dinas coordinator’s only', async () => {
    const admin = await actorFor(db, 'koperasi@kompeten.test');
    await rejectsWith(getCoverage(db, admin), NotFoundError);
    await rejectsWith(getCoverage(db, null), NotFoundError);
  });

  it('nominates the uncovered cooperatives’ current holders to an open cohort, through the enrollment rules', async () => {
    const cohortId = await openCohort(db, ids, { capacity: 2, startsInDays: 30 });
    await rejectsWith(nominateUncoveredHolders(db, malang, { cohortId, position: X }), NotFoundError);
    await rejectsWith(nominateUncoveredHolders(db, coordinator, { cohortId, position: 'Bendahara' }), ConflictError);
    const result = await nominateUncoveredHolders(db, coordinator, { cohortId, position: X });
    const enrolled = new Set((await enrollmentsOf(db, cohortId)).map((e) => e.person_id));
    for (const name of ['B', 'C', 'E']) expect(enrolled.has(coops[name]!.personIds[0]!), name).toBe(true);
    expect(enrolled.has(coops.D!.personIds[1]!)).toBe(true); // D's new holder
    expect(enrolled.has(coops.D!.personIds[0]!)).toBe(false); // who left
    for (const name of ['A', 'F', 'G', 'H', 'M']) expect(enrolled.has(coops[name]!.personIds[0]!), name).toBe(false);
    expect(result.confirmed).toBe(2);
    expect(result.confirmed + result.waitlisted + result.pending + result.duplicates).toBe(enrolled.size);
    const cohortEnrollments = await enrollmentsOf(db, cohortId);
    expect(cohortEnrollments.every((e) => e.source === 'coordinator')).toBe(true);
    const audited = new Set((await auditRows(db, { action: 'enrollment.created' })).map((r) => r.entity_id));
    expect(cohortEnrollments.every((e) => audited.has(e.id))).toBe(true);
    const mails = await db.selectFrom('mail_outbox').select('to_address').where('to_address', 'like', 'peserta.%@contoh.test').execute();
    expect(mails.length).toBeGreaterThan(0);
    // Again: everyone is already registered.
    const again = await nominateUncoveredHolders(db, coordinator, { cohortId, position: X });
    expect(again.duplicates).toBe(enrolled.size);
  });

  it('renders the page with an SVG chart and a table, and exports CSV and XLSX', async () => {
    const cookie = await app.sessionCookie(coordinator.userId);
    const response = await app.request('/dashboard/coverage', { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="coverage-district-chart-title coverage-district-chart-desc"/);
    expect(html).toContain('<title id="coverage-district-chart-title">');
    expect(html).toContain(DISTRICT);
    expect(html).toContain('certified=Kepala+Bagian+Pembiayaan&amp;certifiedHas=0');
    const bytes = Buffer.from(await (await app.request('/dashboard/coverage/export?format=csv', { cookie })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('Kelompok,Nama,Koperasi aktif,Kepala Bagian Pembiayaan: bersertifikat')).toBe(true);
    expect(csv).toContain(`Kecamatan,${DISTRICT},7,2,28.6,7`);
    const xlsx = await app.request('/dashboard/coverage/export?format=xlsx', { cookie });
    expect(xlsx.headers.get('Content-Type')).toContain('spreadsheetml');
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const admin = await actorFor(db, 'koperasi@kompeten.test');
    expect((await app.request('/dashboard/coverage', { cookie: await app.sessionCookie(admin.userId) })).status).toBe(404);
  });
});

describe('a cooperative’s trainings', () => {
  it('lists its registrations with attendance, final outcome and certificates, for its admin; another cooperative’s admin gets 404', async () => {
    const a = coops.A!;
    const adminId = await createUser(db, { email: 'admin.cakupan.a@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: a.cooperativeId }] });
    const otherAdminId = await createUser(db, { email: 'admin.cakupan.b@contoh.test', roles: [{ role: 'cooperative_admin', cooperativeId: coops.B!.cooperativeId }] });
    const admin = await actorFor(db, 'admin.cakupan.a@contoh.test');
    const trainings = await cooperativeTrainings(db, admin, a.cooperativeId, { page: 1, pageSize: 25, sort: 'startsOn', dir: 'desc', offset: 0 });
    expect(trainings.page.total).toBe(1);
    const row = trainings.page.items[0]!;
    expect(row.personId).toBe(a.personIds[0]);
    expect(row.cohortId).toBe(ids.completedCohortId);
    expect(row.status).toBe('confirmed');
    expect(row.certificates.map((c) => [c.kind, c.status])).toEqual([['competency', 'valid']]);
    expect(row.outcome).toBeNull(); // no result entered for this test's person
    expect(trainings.summary).toEqual({ people: 1, registrations: 1, competent: 0, validCertificates: 1 });
    expect(trainings.canManageCertificates).toBe(false);
    await rejectsWith(cooperativeTrainings(db, admin, coops.B!.cooperativeId, { page: 1, pageSize: 25, sort: 'name', dir: 'asc', offset: 0 }), NotFoundError);

    const html = await (await app.request(`/cooperatives/${a.cooperativeId}/trainings`, { cookie: await app.sessionCookie(adminId) })).text();
    expect(html).toContain('UJI-CAKUPAN-1');
    expect(html).toMatch(/href="\/verify\/UJIC-AKUP-AN00-0001"/);
    expect((await app.request(`/cooperatives/${a.cooperativeId}/trainings`, { cookie: await app.sessionCookie(otherAdminId) })).status).toBe(404);
    const coordinatorHtml = await (await app.request(`/cooperatives/${a.cooperativeId}/trainings`, { cookie: await app.sessionCookie(coordinator.userId) })).text();
    expect(coordinatorHtml).toMatch(/href="\/certificates\/[0-9a-f-]{36}">UJI-CAKUPAN-1/);
  });

  it('shows the demo cohort’s final outcomes and attendance for the demo participants’ cooperative', async () => {
    const withResults = await db
      .selectFrom('enrollments as e')
      .innerJoin('assessments as x', 'x.enrollment_id', 'e.id')
      .select('e.cooperative_id')
      .where('e.cohort_id', '=', ids.completedCohortId)
      .where('x.status', '=', 'final')
      .where('e.cooperative_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const trainings = await cooperativeTrainings(db, coordinator, withResults.cooperative_id!, { page: 1, pageSize: 100, sort: 'name', dir: 'asc', offset: 0 });
    const past = trainings.page.items.filter((r) => r.cohortId === ids.completedCohortId && r.status === 'confirmed');
    expect(past.length).toBeGreaterThan(0);
    expect(past.every((r) => r.outcome !== null)).toBe(true);
    expect(past.every((r) => r.attendance !== null && r.attendance.state !== 'provisional' && r.attendance.percent !== null)).toBe(true);
    expect(trainings.canManageCertificates).toBe(true);
  });
});
