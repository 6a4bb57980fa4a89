import ExcelJS from 'exceljs';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentOutcome, AttendanceStatus, CertificateKind, CertificateStatus, CohortStatus, CooperativeStatus, Database } from '~db/schema';
import type { DatabaseHandle } from '~/lib/db.server';
import { NotFoundError } from '~/lib/errors';
import { addDays } from '~/lib/dates';
import { parseListParams } from '~/lib/list-params';
import { loadDashboard, loadNeighbours } from '~/domain/dashboard/dashboard.server';
import { loadProvinceView, PROVINCE_SORT_KEYS } from '~/domain/dashboard/province.server';
import type { RankedDinasFigures } from '~/domain/dashboard/types';
import { createUser } from '../support/accounts-fixtures';
import { loadApp, type TestApp } from '../support/app';
import { actorFor, setTestConfig } from '../support/cohorts-fixtures';
import { createTestDatabase } from '../support/database';

/**
 * The province view (issue #15, part 6) over a world made here: three Dinas of Jawa Tengah
 * (33.xx) and one of Jawa Timur (35.73), with cohorts in 2024 whose figures are known. The
 * platform operator sees every Dinas and the total; a coordinator sees the Dinas of their
 * province with their ranks; nobody else sees either. One statement set, whatever the
 * number of Dinas.
 */

class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    this.count += 1;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

let handle: DatabaseHandle;
let db: Kysely<Database>;
let app: TestApp;
let serial = 0;
const dinas: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
const PERIOD = 'period=custom&from=01-01-2024&to=31-12-2024';
const params = (extra = '') => new URLSearchParams(`${PERIOD}${extra}`);
const list = (extra = '') => parseListParams(params(extra), { sortKeys: PROVINCE_SORT_KEYS, defaultSort: 'name' });

interface Participant {
  name: string;
  status?: 'confirmed' | 'cancelled';
  marks?: AttendanceStatus[];
  outcome?: AssessmentOutcome;
  cooperativeId?: string | null;
  certificates?: { kind: CertificateKind; status?: CertificateStatus; validUntil?: string }[];
}

async function addDinas(name: string, shortName: string, regencyCode: string | null): Promise<string> {
  return (await db.insertInto('institutions').values({ kind: 'dinas', name, short_name: shortName, regency_code: regencyCode }).returning('id').executeTakeFirstOrThrow()).id;
}

async function addCooperative(dinasId: string, name: string, status: CooperativeStatus = 'active'): Promise<string> {
  serial += 1;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${serial}`;
  return (await db.insertInto('cooperatives').values({ dinas_id: dinasId, name, slug, type: 'KSP', status }).returning('id').executeTakeFirstOrThrow()).id;
}

async function addCohort(spec: { dinasId: string; name: string; startsOn: string; sessions: number; status?: CohortStatus; countsExcused?: boolean; participants: Participant[] }) {
  serial += 1;
  const program = await db
    .insertInto('programs')
    .values({ dinas_id: spec.dinasId, code: `P${serial}`, title: `Program ${serial}`, target_positions: [], attendance_counts_excused: spec.countsExcused ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cohort = await db
    .insertInto('cohorts')
    .values({
      program_id: program.id,
      dinas_id: spec.dinasId,
      name: spec.name,
      status: spec.status ?? 'completed',
      capacity: 25,
      starts_on: spec.startsOn,
      ends_on: addDays(spec.startsOn, spec.sessions),
      cancel_reason: spec.status === 'cancelled' ? 'Peserta kurang' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessionIds: string[] = [];
  for (let i = 0; i < spec.sessions; i++) {
    const day = addDays(spec.startsOn, i);
    const s = await db
      .insertInto('cohort_sessions')
      .values({ cohort_id: cohort.id, position: i + 1, kind: 'training', title: `Hari ${i + 1}`, starts_at: `${day}T01:00:00Z`, ends_at: `${day}T09:00:00Z` })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionIds.push(s.id);
  }
  for (const p of spec.participants) {
    serial += 1;
    const person = await db.insertInto('people').values({ nik: `3375${String(800000000000 + serial)}`, full_name: p.name }).returning('id').executeTakeFirstOrThrow();
    const enrollment = await db
      .insertInto('enrollments')
      .values({ cohort_id: cohort.id, person_id: person.id, cooperative_id: p.cooperativeId ?? null, status: p.status ?? 'confirmed', source: 'coordinator' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, status] of (p.marks ?? []).entries()) {
      await db.insertInto('attendance').values({ enrollment_id: enrollment.id, session_id: sessionIds[i]!, status }).execute();
    }
    if (p.outcome) {
      await db.insertInto('assessments').values({ enrollment_id: enrollment.id, status: 'final', recommendation: p.outcome, finalized_at: new Date() }).execute();
    }
    for (const c of p.certificates ?? []) {
      serial += 1;
      await db
        .insertInto('certificates')
        .values({
          kind: c.kind,
          enrollment_id: enrollment.id,
          person_id: person.id,
          cooperative_id: p.cooperativeId ?? null,
          number: `PROV/${serial}`,
          verification_code: `PROVCODE${String(serial).padStart(8, '0')}`,
          status: c.status ?? 'valid',
          valid_until: c.validUntil ?? '2099-01-01',
          snapshot: '{}',
          template_version: '2026.1',
          ...(c.status === 'revoked' ? { revoked_at: new Date(), revoke_reason: 'Data keliru' } : {}),
        })
        .execute();
    }
  }
  return cohort.id;
}

const byName = (rows: RankedDinasFigures[], id: string) => rows.find((r) => r.dinasId === id)!;
const numbers = (r: RankedDinasFigures | Omit<RankedDinasFigures, 'ranks'>) => ({
  cohorts: r.cohorts,
  participants: r.participants,
  attended: r.attended,
  expected: r.expected,
  attendanceRate: r.attendanceRate,
  examined: r.examined,
  competent: r.competent,
  competentRate: r.competentRate,
  competencyCertificates: r.competencyCertificates,
  trainingCertificates: r.trainingCertificates,
  activeCooperatives: r.activeCooperatives,
  certifiedCooperatives: r.certifiedCooperatives,
  certifiedShare: r.certifiedShare,
});

beforeAll(async () => {
  setTestConfig();
  handle = await createTestDatabase();
  db = handle.db;
  app = await loadApp(handle);
  dinas.a = await addDinas('Dinas Koperasi Kota Pekalongan Uji', 'Dinkop Pekalongan Uji', '33.75');
  dinas.b = await addDinas('Dinas Koperasi Kabupaten Pekalongan Uji', 'Dinkop Kab. Pekalongan Uji', '33.26');
  dinas.c = await addDinas('Dinas Koperasi Kota Semarang Uji', 'Dinkop Semarang Uji', '33.74');
  dinas.d = await addDinas('Dinas Koperasi Kota Malang Uji', 'Dinkop Malang Uji', '35.73');

  // A: two active cooperatives (one certified), one inactive one whose certificate does not count.
  const coopA1 = await addCooperative(dinas.a, 'KSP Alpha');
  await addCooperative(dinas.a, 'KSP Beta');
  const coopA3 = await addCooperative(dinas.a, 'KSP Lama', 'inactive');
  await addCohort({
    dinasId: dinas.a,
    name: 'Angkatan A1',
    startsOn: '2024-03-04',
    sessions: 2,
    participants: [
      { name: 'Peserta Satu A', marks: ['present', 'present'], outcome: 'competent', cooperativeId: coopA1, certificates: [{ kind: 'competency' }, { kind: 'training' }] },
      { name: 'Peserta Dua A', marks: ['present', 'late'], outcome: 'competent', cooperativeId: coopA3, certificates: [{ kind: 'competency', status: 'revoked' }, { kind: 'training' }] },
      { name: 'Peserta Tiga A', marks: ['excused', 'present'], outcome: 'not_yet_competent', certificates: [{ kind: 'training' }] },
      { name: 'Peserta Empat A', marks: ['absent', 'absent'], outcome: 'did_not_attend' },
      { name: 'Peserta Batal A', status: 'cancelled', marks: ['present', 'present'], outcome: 'competent' },
    ],
  });
  await addCohort({ dinasId: dinas.a, name: 'Angkatan A draf', startsOn: '2024-06-03', sessions: 1, status: 'draft', participants: [{ name: 'Draf A', marks: ['present'], outcome: 'competent' }] });
  await addCohort({ dinasId: dinas.a, name: 'Angkatan A 2023', startsOn: '2023-12-04', sessions: 1, participants: [{ name: 'Lama A', marks: ['present'], outcome: 'competent' }] });
  // A certificate of A3 (inactive) that is valid: A's certified count stays 1 (A1).
  await addCohort({ dinasId: dinas.a, name: 'Angkatan A batal', startsOn: '2024-07-01', sessions: 1, status: 'cancelled', participants: [{ name: 'Batal A', cooperativeId: coopA3, certificates: [{ kind: 'competency' }] }] });

  // B: excused counts; a superseded certificate and its reissue count once; an expired one certifies nobody.
  const coopB1 = await addCooperative(dinas.b, 'KSP Gamma');
  const coopB2 = await addCooperative(dinas.b, 'KSP Delta');
  await addCohort({
    dinasId: dinas.b,
    name: 'Angkatan B1',
    startsOn: '2024-04-01',
    sessions: 1,
    countsExcused: true,
    participants: [
      { name: 'Peserta Satu B', marks: ['excused'], outcome: 'competent', cooperativeId: coopB1, certificates: [{ kind: 'competency' }] },
      { name: 'Peserta Dua B', marks: ['present'], outcome: 'competent', cooperativeId: coopB2, certificates: [{ kind: 'competency', status: 'superseded' }, { kind: 'competency', validUntil: '2024-12-31' }] },
    ],
  });

  // C: a cooperative, no cohort.
  await addCooperative(dinas.c, 'KSP Epsilon');

  // D (another province).
  const coopD = await addCooperative(dinas.d, 'KSP Zeta');
  await addCohort({
    dinasId: dinas.d,
    name: 'Angkatan D1',
    startsOn: '2024-02-05',
    sessions: 1,
    participants: [
      { name: 'Peserta Satu D', marks: ['present'], outcome: 'competent', cooperativeId: coopD, certificates: [{ kind: 'competency' }] },
      { name: 'Peserta Dua D', marks: ['present'], outcome: 'not_yet_competent' },
      { name: 'Peserta Tiga D', marks: ['present'], outcome: 'not_yet_competent' },
    ],
  });

  await createUser(db, { email: 'operator@prov.test', roles: [{ role: 'platform_admin' }] });
  await createUser(db, { email: 'koordinator.a@prov.test', roles: [{ role: 'coordinator', institutionId: dinas.a, grantedByDinasId: dinas.a }] });
  await createUser(db, { email: 'koordinator.d@prov.test', roles: [{ role: 'coordinator', institutionId: dinas.d, grantedByDinasId: dinas.d }] });
  const coop = await db.selectFrom('cooperatives').select('id').where('dinas_id', '=', dinas.a).orderBy('name').executeTakeFirstOrThrow();
  await createUser(db, { email: 'admin.koperasi@prov.test', roles: [{ role: 'cooperative_admin', cooperativeId: coop.id, grantedByDinasId: dinas.a }] });
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

const EXPECTED = {
  a: { cohorts: 1, participants: 4, attended: 5, expected: 8, attendanceRate: 62.5, examined: 3, competent: 2, competentRate: 66.7, competencyCertificates: 2, trainingCertificates: 3, activeCooperatives: 2, certifiedCooperatives: 1, certifiedShare: 50 },
  b: { cohorts: 1, participants: 2, attended: 2, expected: 2, attendanceRate: 100, examined: 2, competent: 2, competentRate: 100, competencyCertificates: 2, trainingCertificates: 0, activeCooperatives: 2, certifiedCooperatives: 1, certifiedShare: 50 },
  c: { cohorts: 0, participants: 0, attended: 0, expected: 0, attendanceRate: null, examined: 0, competent: 0, competentRate: null, competencyCertificates: 0, trainingCertificates: 0, activeCooperatives: 1, certifiedCooperatives: 0, certifiedShare: 0 },
  d: { cohorts: 1, participants: 3, attended: 3, expected: 3, attendanceRate: 100, examined: 3, competent: 1, competentRate: 33.3, competencyCertificates: 1, trainingCertificates: 0, activeCooperatives: 1, certifiedCooperatives: 1, certifiedShare: 100 },
};

describe('the platform operator sees every Dinas side by side', () => {
  it("counts each Dinas's period figures from its own data, and the total over all", async () => {
    const operator = await actorFor(db, 'operator@prov.test');
    const view = await loadProvinceView(db, operator, { params: params(), list: list() });
    expect(view.page.total).toBe(4);
    expect(view.page.items.map((r) => r.name)).toEqual([
      'Dinas Koperasi Kabupaten Pekalongan Uji',
      'Dinas Koperasi Kota Malang Uji',
      'Dinas Koperasi Kota Pekalongan Uji',
      'Dinas Koperasi Kota Semarang Uji',
    ]);
    for (const key of ['a', 'b', 'c', 'd'] as const) expect(numbers(byName(view.page.items, dinas[key])), key).toEqual(EXPECTED[key]);
    // The total's rates are over the summed counts (10/13, 5/8, 3/6), not an average of rates.
    expect(numbers(view.total)).toEqual({
      cohorts: 3, participants: 9, attended: 10, expected: 13, attendanceRate: 76.9, examined: 8, competent: 5, competentRate: 62.5,
      competencyCertificates: 5, trainingCertificates: 3, activeCooperatives: 6, certifiedCooperatives: 3, certifiedShare: 50,
    });
  });

  it('agrees with the coordinator dashboard for the same Dinas and period', async () => {
    const coordinator = await actorFor(db, 'koordinator.a@prov.test');
    const [dashboard, { neighbours }] = await Promise.all([loadDashboard(db, coordinator, params()), loadNeighbours(db, coordinator, params())]);
    const own = byName(neighbours.rows, dinas.a);
    const { cohorts, participants, attended, expected, attendanceRate, examined, competent, competentRate, competencyCertificates, trainingCertificates } = own;
    expect({ cohorts, participants, attended, expected, attendanceRate, examined, competent, competentRate, competencyCertificates, trainingCertificates }).toEqual(dashboard.figures.totals);
  });

  it('sorts by a figure (no figure last) and pages, the total staying whole', async () => {
    const operator = await actorFor(db, 'operator@prov.test');
    const sorted = await loadProvinceView(db, operator, { params: params('&sort=competentRate&dir=desc'), list: list('&sort=competentRate&dir=desc') });
    expect(sorted.page.items.map((r) => r.dinasId)).toEqual([dinas.b, dinas.a, dinas.d, dinas.c]);
    const second = await loadProvinceView(db, operator, { params: params(), list: list('&sort=competentRate&dir=desc&size=2&page=2') });
    expect(second.page.items.map((r) => r.dinasId)).toEqual([dinas.d, dinas.c]);
    expect(second.page).toMatchObject({ total: 4, pages: 2, page: 2 });
    expect(second.total.participants).toBe(9);
    const ascending = await loadProvinceView(db, operator, { params: params(), list: list('&sort=participants&dir=asc') });
    expect(ascending.page.items.map((r) => r.participants)).toEqual([0, 2, 3, 4]);
  });

  it('refuses everyone else with "not found"', async () => {
    for (const email of ['koordinator.a@prov.test', 'admin.koperasi@prov.test']) {
      await expect(loadProvinceView(db, await actorFor(db, email), { params: params(), list: list() })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(loadProvinceView(db, null, { params: params(), list: list() })).rejects.toBeInstanceOf(NotFoundError);
    const coordinator = await app.sessionCookie((await actorFor(db, 'koordinator.a@prov.test')).userId);
    expect((await app.request(`/platform/dashboard?${PERIOD}`, { cookie: coordinator })).status).toBe(404);
    expect((await app.request(`/platform/dashboard/export/dinas.csv?${PERIOD}`, { cookie: coordinator })).status).toBe(404);
    const anonymous = await app.request(`/platform/dashboard?${PERIOD}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toContain('/login');
  });

  it('shows the page with every Dinas, the chart and the total', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'operator@prov.test')).userId);
    const response = await app.request(`/platform/dashboard?${PERIOD}&sort=competentRate&dir=desc`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Angka seluruh Dinas</h1>');
    expect(html).toMatch(/Kabupaten Pekalongan Uji[\s\S]*Kota Pekalongan Uji[\s\S]*Kota Malang Uji[\s\S]*Kota Semarang Uji/);
    expect(html).toContain('<svg class="coverage-bars" role="img"');
    expect(html).toContain('66,7 % (2/3)');
    expect(html).toMatch(/<tfoot>[\s\S]*Semua Dinas \(4\)[\s\S]*62,5 %/);
    expect(html).toContain('/platform/dashboard/export/dinas.csv?period=custom&amp;from=2024-01-01&amp;to=2024-12-31&amp;sort=competentRate&amp;dir=desc');
    // Aggregates only: no person of any Dinas.
    expect(html).not.toContain('Peserta Satu');
    const platform = await (await app.request('/platform', { cookie })).text();
    expect(platform).toContain('href="/platform/dashboard"');
  });

  it('exports every Dinas as CSV (in the order asked, the total last) and as XLSX', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'operator@prov.test')).userId);
    const response = await app.request(`/platform/dashboard/export/dinas.csv?${PERIOD}&sort=competentRate&dir=desc&size=1`, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Dinas,Kode kabupaten/kota,Angkatan,Peserta,Kehadiran,Diuji,Kompeten,Tingkat kompeten,Sertifikat kompetensi,Sertifikat pelatihan,Koperasi aktif,Koperasi bersertifikat,Koperasi bersertifikat (%)',
    );
    expect(lines.slice(1)).toEqual([
      'Dinas Koperasi Kabupaten Pekalongan Uji,33.26,1,2,100,2,2,100,2,0,2,1,50',
      'Dinas Koperasi Kota Pekalongan Uji,33.75,1,4,62.5,3,2,66.7,2,3,2,1,50',
      'Dinas Koperasi Kota Malang Uji,35.73,1,3,100,3,1,33.3,1,0,1,1,100',
      'Dinas Koperasi Kota Semarang Uji,33.74,0,0,,0,0,,0,0,1,0,0',
      'Semua Dinas,,3,9,76.9,8,5,62.5,5,3,6,3,50',
    ]);
    const xlsx = await app.request(`/platform/dashboard/export/dinas.xlsx?${PERIOD}`, { cookie });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(2).getCell(1).value).toBe('Dinas Koperasi Kabupaten Pekalongan Uji');
    expect(sheet.getRow(2).getCell(8).value).toBe(100);
    expect(sheet.getRow(6).getCell(4).value).toBe(9);
    expect((await app.request(`/platform/dashboard/export/other.csv?${PERIOD}`, { cookie })).status).toBe(404);
  });
});

describe('a coordinator sees where their Dinas stands among its neighbours', () => {
  it('compares with the Dinas of the same province only, with ranks', async () => {
    const { neighbours: n } = await loadNeighbours(db, await actorFor(db, 'koordinator.a@prov.test'), params());
    expect(n).toMatchObject({ provinceCode: '33', provinceName: 'Jawa Tengah', count: 3, ownId: dinas.a });
    // By competent rate, highest first; a Dinas without a figure last.
    expect(n.rows.map((r) => r.dinasId)).toEqual([dinas.b, dinas.a, dinas.c]);
    for (const key of ['a', 'b', 'c'] as const) expect(numbers(byName(n.rows, dinas[key])), key).toEqual(EXPECTED[key]);
    expect(byName(n.rows, dinas.a).ranks).toEqual({ competentRate: 2, participants: 1, attendanceRate: 2, certificates: 1 });
    expect(byName(n.rows, dinas.b).ranks).toEqual({ competentRate: 1, participants: 2, attendanceRate: 1, certificates: 2 });
    expect(byName(n.rows, dinas.c).ranks).toEqual({ competentRate: null, participants: 3, attendanceRate: null, certificates: 3 });
  });

  it('shows the page, linked from the dashboard, names of Dinas but of no person, and exports it', async () => {
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator.a@prov.test')).userId);
    const dashboardHtml = await (await app.request(`/dashboard?${PERIOD}`, { cookie })).text();
    expect(dashboardHtml).toContain('href="/dashboard/neighbours?period=custom&amp;from=2024-01-01&amp;to=2024-12-31"');
    const html = await (await app.request(`/dashboard/neighbours?${PERIOD}`, { cookie })).text();
    expect(html).toContain('Di antara tetangga');
    expect(html).toContain('Tingkat kompeten: peringkat 2 dari 3');
    expect(html).toContain('Dinkop Kab. Pekalongan Uji');
    expect(html).toMatch(/data-dinas="own"[^>]*>[\s\S]*?Dinkop Pekalongan Uji/);
    expect(html).not.toContain('Dinkop Malang Uji');
    expect(html).not.toContain('Peserta Satu B');
    const csv = await (await app.request(`/dashboard/export/neighbours.csv?${PERIOD}`, { cookie })).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('Dinas Koperasi Kota Pekalongan Uji,33.75,1,4,62.5,3,2,66.7,2,3,2,1,50,2,1');
  });

  it('has no neighbours alone in its province, and the page says so', async () => {
    const { neighbours } = await loadNeighbours(db, await actorFor(db, 'koordinator.d@prov.test'), params());
    expect(neighbours).toMatchObject({ provinceCode: '35', provinceName: 'Jawa Timur', count: 1 });
    expect(numbers(neighbours.rows[0]!)).toEqual(EXPECTED.d);
    const cookie = await app.sessionCookie((await actorFor(db, 'koordinator.d@prov.test')).userId);
    const html = await (await app.request(`/dashboard/neighbours?${PERIOD}`, { cookie })).text();
    expect(html).toContain('Belum ada Dinas lain dari provinsi ini di portal.');
    expect(html).not.toContain('Dinkop Pekalongan Uji');
  });

  it('is part of the dashboard, which only a coordinator sees', async () => {
    await expect(loadDashboard(db, await actorFor(db, 'admin.koperasi@prov.test'), params())).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadDashboard(db, await actorFor(db, 'operator@prov.test'), params())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('one statement set whatever the number of Dinas', () => {
  it('runs as many statements for 24 Dinas as for 4', async () => {
    const counter = new StatementCounter();
    const counted = db.withPlugin(counter);
    const operator = await actorFor(db, 'operator@prov.test');
    const coordinator = await actorFor(db, 'koordinator.a@prov.test');
    const run = async () => {
      counter.count = 0;
      const view = await loadProvinceView(counted, operator, { params: params(), list: list('&size=50') });
      const operatorStatements = counter.count;
      counter.count = 0;
      const { neighbours } = await loadNeighbours(counted, coordinator, params());
      return { operatorStatements, dashboardStatements: counter.count, dinas: view.page.total, neighbours: neighbours.count };
    };
    const before = await run();
    for (let i = 0; i < 20; i++) {
      const id = await addDinas(`Dinas Tambahan ${i}`, `Tambahan ${i}`, `33.${String(40 + i)}`);
      await addCooperative(id, `KSP Tambahan ${i}`);
      await addCohort({ dinasId: id, name: `Angkatan Tambahan ${i}`, startsOn: '2024-09-02', sessions: 1, participants: [{ name: `Peserta Tambahan ${i}`, marks: ['present'], outcome: 'competent' }] });
    }
    const after = await run();
    expect(before).toMatchObject({ dinas: 4, neighbours: 3 });
    expect(after).toMatchObject({ dinas: 24, neighbours: 23 });
    expect(after.operatorStatements).toBe(before.operatorStatements);
    expect(after.dashboardStatements).toBe(before.dashboardStatements);
    // The operator's view: the transaction's begin, `set local jit`, the one query, commit.
    expect(before.operatorStatements).toBeLessThanOrEqual(4);
  }, 120_000);
});
