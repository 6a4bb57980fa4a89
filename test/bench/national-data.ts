/**
 * National-scale data for the speed benchmarks, written by SQL on PostgreSQL on top of the
 * demo data (so the demo logins work and the demo Dinas is one of many):
 *
 *   npm run bench:seed -- --scale national     (prints the database URL it made)
 *   npm run bench:seed -- --scale small --database postgres://…/existing_db
 *
 * `national`: 514 Dinas — one per regency of Indonesia (Kemendagri codes from
 * `idn-area-data`, grouped under its 38 provinces, time zone by province) — 130,000
 * cooperatives (the demo Dinas gets 1,400 of them), 600,000 people with valid NIKs (the
 * kecamatan's code, the birth date with 40 added to the day for women, a serial) on
 * 700,000 staff positions, 60,000 users, 20,000 cohorts with their sessions,
 * 400,000 enrollments with attendance and final exam results for the cohorts that have
 * run, 300,000 certificates, 500,000 audit rows. `small` is the same shape at 1/50, for CI.
 *
 * Rules kept: NIKs match their kecamatan and birth date and are unique; kecamatan and
 * kelurahan belong to the Dinas's regency; cooperative numbers are 16 digits; a person's
 * enrollments are in cohorts of their cooperative's Dinas; certificates only for confirmed
 * participants of completed cohorts (competency only when the final result is competent),
 * one valid per enrollment and kind, with snapshots shaped as the renderer reads them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';

export interface Scale {
  dinas: number;
  cooperatives: number;
  demoDinasCooperatives: number;
  people: number;
  endedPositions: number;
  users: number;
  cohorts: number;
  enrollmentsPerCohort: number;
  certificates: number;
  auditRows: number;
}

export const SCALES: Record<'national' | 'small', Scale> = {
  national: {
    dinas: 514,
    cooperatives: 130_000,
    demoDinasCooperatives: 1_400,
    people: 600_000,
    endedPositions: 100_000,
    users: 60_000,
    cohorts: 20_000,
    enrollmentsPerCohort: 20,
    certificates: 300_000,
    auditRows: 500_000,
  },
  small: {
    dinas: 40,
    cooperatives: 2_600,
    demoDinasCooperatives: 300,
    people: 12_000,
    endedPositions: 2_000,
    users: 1_200,
    cohorts: 400,
    enrollmentsPerCohort: 20,
    certificates: 6_000,
    auditRows: 10_000,
  },
};

interface Regency {
  code: string;
  name: string;
  zone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  districts: string[][];
}

/** Province code → zone: WIT for Maluku and Papua, WITA for Bali, Nusa Tenggara, Kalimantan's east and south, Sulawesi. */
function zoneOf(provinceCode: string): Regency['zone'] {
  const n = Number(provinceCode);
  if (n >= 81) return 'Asia/Jayapura';
  if ([51, 52, 53, 63, 64, 65].includes(n) || (n >= 71 && n <= 76)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}

function csv(file: string): string[][] {
  const dir = path.dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));
  return readFileSync(path.join(dir, 'data', file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      // code,parent,name — names may be quoted and hold commas.
      const [code, parent, ...rest] = line.split(',');
      return [code!, parent!, rest.join(',').replace(/^"|"$/g, '')];
    });
}

function regencies(): Regency[] {
  const districts = new Map<string, string[][]>();
  for (const [code, regency, name] of csv('districts.csv')) districts.set(regency!, [...(districts.get(regency!) ?? []), [code!, name!]]);
  return csv('regencies.csv')
    .map(([code, province, name]) => ({ code: code!, name: name!, zone: zoneOf(province!), districts: districts.get(code!) ?? [] }))
    .filter((r) => r.districts.length > 0);
}

const step = async (label: string, work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
};

/** Adds the scale's data to a database that holds the demo data. PostgreSQL only. */
export async function addNationalData(db: Kysely<Database>, scale: Scale): Promise<void> {
  const all = regencies();
  const chosen = all.filter((_r, i) => i % Math.max(1, Math.floor(all.length / scale.dinas)) === 0).slice(0, scale.dinas);
  const demoDinas = await db
    .selectFrom('institutions')
    .select(['id', 'regency_code'])
    .where('kind', '=', 'dinas')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  const lsp = await db.selectFrom('institutions').select('id').where('kind', '=', 'certification_body').orderBy('created_at').executeTakeFirstOrThrow();
  const institute = await db.selectFrom('institutions').select('id').where('kind', '=', 'training_institute').orderBy('created_at').executeTakeFirstOrThrow();
  const coordinator = await db.selectFrom('users').select('id').where('email', '=', 'koordinator@kompeten.test').executeTakeFirstOrThrow();

  await step('areas and Dinas', async () => {
    await sql`create temporary table bench_regency (idx int primary key, code text, name text, zone text)`.execute(db);
    await sql`create temporary table bench_district (regency_idx int, k int, code text, name text, primary key (regency_idx, k))`.execute(db);
    await sql`insert into bench_regency select * from jsonb_to_recordset(${JSON.stringify(chosen.map((r, i) => ({ idx: i + 1, code: r.code, name: r.name, zone: r.zone })))}::jsonb)
      as x(idx int, code text, name text, zone text)`.execute(db);
    const districtRows = chosen.flatMap((r, i) => r.districts.map(([code, name], k) => ({ regency_idx: i + 1, k: k + 1, code, name })));
    await sql`insert into bench_district select * from jsonb_to_recordset(${JSON.stringify(districtRows)}::jsonb) as x(regency_idx int, k int, code text, name text)`.execute(db);
    // The demo Dinas is regency 0; the others are new.
    await sql`create temporary table bench_dinas (idx int primary key, id uuid, regency_idx int, zone text)`.execute(db);
    await sql`insert into bench_dinas values (0, ${demoDinas.id}, (select idx from bench_regency where code = ${demoDinas.regency_code ?? ''} union all select 1 limit 1), 'Asia/Jakarta')`.execute(db);
    await sql`
      with made as (
        insert into institutions (kind, name, short_name, regency_code, city, time_zone)
        select 'dinas', 'Dinas Koperasi dan UKM ' || r.name || ' (' || r.code || ')', 'Dinkop ' || r.name, r.code, r.name, r.zone
        from bench_regency r
        returning id, regency_code)
      insert into bench_dinas select r.idx, m.id, r.idx, r.zone from made m join bench_regency r on r.code = m.regency_code`.execute(db);
    await sql`
      insert into dinas_partners (dinas_id, partner_id)
      select d.id, p.id from bench_dinas d cross join (values (${lsp.id}::uuid), (${institute.id}::uuid)) p(id) where d.idx > 0
      on conflict do nothing`.execute(db);
  });

  await step('programs and units', async () => {
    await sql`
      insert into programs (dinas_id, code, title, scheme_name, target_positions, certificate_number_pattern, default_institute_id, default_certification_body_id)
      select d.id, 'KABAG-PMB', 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan', 'Skema Kepala Bagian Pembiayaan KSP',
             array['Kepala Bagian Pembiayaan'], '{program}/{kind}/{year}/{seq:4}', ${institute.id}, ${lsp.id}
      from bench_dinas d where d.idx > 0`.execute(db);
    await sql`
      insert into competency_units (program_id, position, code, title)
      select p.id, u, 'M.649000.00' || u || '.01', 'Unit kompetensi ' || u
      from programs p join bench_dinas d on d.id = p.dinas_id and d.idx > 0, generate_series(1, 6) u`.execute(db);
  });

  const coops = scale.cooperatives - scale.demoDinasCooperatives;
  await step(`${scale.cooperatives.toLocaleString('en')} cooperatives`, async () => {
    await sql`
      insert into cooperatives (dinas_id, name, slug, type, cooperative_number, street, village, district, regency, status)
      select d.id,
             (array['KSP', 'KSPPS', 'Koperasi Konsumen', 'Koperasi Jasa', 'KSU'])[1 + g % 5] || ' Nusantara ' || g,
             'kn-' || g,
             (array['KSP', 'KSPPS', 'Koperasi Konsumen', 'Koperasi Jasa', 'KSU'])[1 + g % 5],
             lpad((9000000000000000 + g)::text, 16, '0'),
             'Jl. Koperasi No. ' || (g % 200 + 1),
             'Kelurahan ' || (g % 7 + 1),
             dd.name,
             r.name,
             case when g % 20 = 0 then 'inactive' else 'active' end
      from generate_series(1, ${coops}::int) g
      join bench_dinas d on d.idx = 1 + g % ${chosen.length}::int
      join bench_regency r on r.idx = d.regency_idx
      join lateral (select name from bench_district x where x.regency_idx = d.regency_idx order by k offset g % (select count(*) from bench_district y where y.regency_idx = d.regency_idx) limit 1) dd on true`.execute(db);
    await sql`
      insert into cooperatives (dinas_id, name, slug, type, cooperative_number, street, village, district, regency, status)
      select ${demoDinas.id}, 'KSP Pekalongan Raya ' || g, 'kpr-' || g, 'KSP', lpad((8000000000000000 + g)::text, 16, '0'),
             'Jl. Merdeka No. ' || g, 'Kelurahan ' || (g % 5 + 1), 'Pekalongan Barat', 'Kota Pekalongan', 'active'
      from generate_series(1, ${scale.demoDinasCooperatives}::int) g`.execute(db);
    await sql`create temporary table bench_coop as
      select c.id, c.dinas_id, row_number() over (order by c.id) as n,
             row_number() over (partition by c.dinas_id order by c.id) as k,
             count(*) over (partition by c.dinas_id) as of_dinas,
             coalesce((select x.code from bench_dinas d join bench_district x on x.regency_idx = d.regency_idx where d.id = c.dinas_id and x.name = c.district limit 1), '33.75.01') as district_code
      from cooperatives c where c.slug like 'kn-%' or c.slug like 'kpr-%'`.execute(db);
    await sql`create index on bench_coop (n)`.execute(db);
    await sql`create index on bench_coop (dinas_id, k)`.execute(db);
  });

  await step(`${scale.people.toLocaleString('en')} people on ${(scale.people + scale.endedPositions).toLocaleString('en')} positions`, async () => {
    const coopCount = Number((await sql<{ n: number }>`select count(*)::int as n from bench_coop`.execute(db)).rows[0]!.n);
    // NIK: kecamatan code (6 digits), birth date DDMMYY (day + 40 for women), serial (4 digits).
    await sql`
      insert into people (nik, full_name, birth_place, birth_date, sex)
      select replace(c.district_code, '.', '')
               || lpad((extract(day from b.birth)::int + case when g % 2 = 0 then 40 else 0 end)::text, 2, '0')
               || to_char(b.birth, 'MMYY')
               || lpad((1 + g % 9999)::text, 4, '0'),
             (array['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Joko', 'Sri', 'Hendra'])[1 + g % 8] || ' ' ||
             (array['Rahayu', 'Santoso', 'Wulandari', 'Saputra', 'Lestari', 'Hidayat'])[1 + (g / 8) % 6] || ' ' || g,
             'Kota', b.birth, case when g % 2 = 0 then 'F' else 'M' end
      from generate_series(1, ${scale.people}::int) g
      join bench_coop c on c.n = 1 + g % ${coopCount}::int
      cross join lateral (select date '1960-01-01' + (g / 9999) * 17 % 14000 as birth) b`.execute(db);
    await sql`create temporary table bench_person as
      select p.id, c.id as cooperative_id, c.dinas_id, row_number() over (partition by c.dinas_id order by p.id) as k, count(*) over (partition by c.dinas_id) as of_dinas, g
      from (select id, row_number() over (order by id) as g from people where full_name ~ ' [0-9]+$' and birth_place = 'Kota') p
      join bench_coop c on c.n = 1 + p.g % ${coopCount}::int`.execute(db);
    await sql`create index on bench_person (dinas_id, k)`.execute(db);
    await sql`
      insert into staff_positions (person_id, cooperative_id, position, starts_on)
      select id, cooperative_id,
             (array['Ketua', 'Sekretaris', 'Bendahara', 'Manajer', 'Kepala Bagian Pembiayaan', 'Staf Pembiayaan', 'Kasir', 'Anggota Pengawas'])[1 + g % 8],
             date '2015-01-01' + (g % 3000)::int
      from bench_person`.execute(db);
    await sql`
      insert into staff_positions (person_id, cooperative_id, position, starts_on, ends_on)
      select id, cooperative_id, 'Staf Administrasi', date '2010-01-01' + (g % 1000)::int, date '2014-12-31'
      from bench_person where g <= ${scale.endedPositions}::int`.execute(db);
  });

  await step(`${scale.users.toLocaleString('en')} users`, async () => {
    const hash = (await db.selectFrom('users').select('password_hash').where('id', '=', coordinator.id).executeTakeFirstOrThrow()).password_hash;
    await sql`
      insert into users (email, password_hash, display_name, person_id, email_verified_at)
      select 'peserta' || p.g || '@nasional.test', ${hash}, 'Peserta ' || p.g, p.id, now()
      from bench_person p where p.g <= ${scale.users - 2 * chosen.length}::int`.execute(db);
    await sql`
      insert into user_roles (user_id, role)
      select u.id, 'participant' from users u where u.email like 'peserta%@nasional.test'`.execute(db);
    await sql`
      insert into user_roles (user_id, role, cooperative_id)
      select u.id, 'cooperative_admin', p.cooperative_id
      from users u join bench_person p on p.id = u.person_id where u.email like 'peserta%@nasional.test' and p.g % 10 = 0`.execute(db);
    await sql`
      with made as (
        insert into users (email, password_hash, display_name, email_verified_at)
        select 'koordinator' || d.idx || '.' || n || '@nasional.test', ${hash}, 'Koordinator ' || d.idx || '.' || n, now()
        from bench_dinas d, generate_series(1, 2) n where d.idx > 0
        returning id, email)
      insert into user_roles (user_id, role, institution_id)
      select m.id, 'coordinator', d.id from made m join bench_dinas d on m.email like 'koordinator' || d.idx || '.%'`.execute(db);
  });

  const perCohort = scale.enrollmentsPerCohort;
  await step(`${scale.cohorts.toLocaleString('en')} cohorts and their enrollments (up to ${perCohort} each)`, async () => {
    // Cohorts every few weeks from 2024 to 2027: the past ones completed, the next open, the later drafts.
    await sql`
      insert into cohorts (program_id, dinas_id, name, status, venue_name, time_zone, capacity, quota_per_cooperative, starts_on, ends_on,
                           registration_opens_at, registration_closes_at, training_institute_id, certification_body_id)
      select p.id, d.id, 'Angkatan ' || g, s.status, 'Aula Dinas', d.zone, 25, 2, s.starts_on, s.starts_on + 3,
             s.starts_on - 40, s.starts_on - 5, ${institute.id}, ${lsp.id}
      from generate_series(1, ${scale.cohorts}::int) g
      join bench_dinas d on d.idx = 1 + g % ${chosen.length}::int
      join programs p on p.dinas_id = d.id and p.code = 'KABAG-PMB'
      cross join lateral (select date '2024-01-08' + (g * 7 % 1400) as starts_on) t
      cross join lateral (select t.starts_on,
        case when t.starts_on + 3 < current_date then 'completed' when t.starts_on < current_date + 60 then 'open' else 'draft' end as status) s`.execute(db);
    await sql`create temporary table bench_cohort as
      select c.id, c.dinas_id, c.status, c.starts_on, row_number() over (partition by c.dinas_id order by c.id) as k
      from cohorts c where c.name ~ '^Angkatan [0-9]+$' and c.venue_name = 'Aula Dinas'`.execute(db);
    await sql`
      insert into cohort_sessions (cohort_id, position, kind, title, starts_at, ends_at)
      select c.id, n, case when n = 4 then 'exam' else 'training' end, case when n = 4 then 'Uji kompetensi' else 'Hari ' || n end,
             (c.starts_on + n - 1)::timestamp + time '01:00', (c.starts_on + n - 1)::timestamp + time '09:00'
      from bench_cohort c, generate_series(1, 4) n`.execute(db);
    // Each cohort takes the next people of its Dinas in turn.
    await sql`
      insert into enrollments (cohort_id, person_id, cooperative_id, status, source, registered_at, decided_at)
      select c.id, p.id, p.cooperative_id,
             case when c.status = 'draft' then 'pending' when j <= 25 then 'confirmed' else 'waitlisted' end, 'nominated',
             c.starts_on - 30, c.starts_on - 29
      from bench_cohort c
      cross join generate_series(1, ${perCohort}::int) j
      join lateral (select count(*) as n from bench_person x where x.dinas_id = c.dinas_id) m on m.n >= ${perCohort}::int
      join bench_person p on p.dinas_id = c.dinas_id and p.k = 1 + ((c.k - 1) * ${perCohort}::int + j - 1) % m.n
      where c.status <> 'draft'`.execute(db);
  });

  await step('attendance and exam results of the cohorts that have run', async () => {
    await sql`
      insert into attendance (enrollment_id, session_id, status, recorded_at)
      select e.id, s.id, case when hashtext(e.id::text || s.position) % 50 = 0 then 'absent' else 'present' end, s.starts_at
      from enrollments e join bench_cohort c on c.id = e.cohort_id and c.status = 'completed'
      join cohort_sessions s on s.cohort_id = c.id and s.kind = 'training'
      where e.status = 'confirmed'`.execute(db);
    await sql`
      insert into assessments (enrollment_id, status, recommendation, assessed_on, finalized_at, exam_venue)
      select e.id, 'final', case when hashtext(e.id::text) % 8 = 0 then 'not_yet_competent' else 'competent' end, c.starts_on + 3, (c.starts_on + 4)::timestamp, 'TUK Aula Dinas'
      from enrollments e join bench_cohort c on c.id = e.cohort_id and c.status = 'completed'
      where e.status = 'confirmed'`.execute(db);
  });

  await step(`${scale.certificates.toLocaleString('en')} certificates`, async () => {
    const sample = await db.selectFrom('certificates').select('snapshot').where('kind', '=', 'competency').executeTakeFirstOrThrow();
    await sql`
      insert into certificates (kind, enrollment_id, person_id, cooperative_id, number, verification_code, issued_at, valid_until, snapshot, template_version, sequence, sequence_year)
      select x.kind, x.enrollment_id, x.person_id, x.cooperative_id, x.number, x.code, x.issued_at,
             case when x.kind = 'competency' then (x.issued_at::date + interval '36 months')::date end,
             jsonb_set(jsonb_set(jsonb_set(jsonb_set(${JSON.stringify(sample.snapshot)}::jsonb, '{number}', to_jsonb(x.number)), '{verificationCode}', to_jsonb(x.code)),
               '{holder,name}', to_jsonb(x.full_name)), '{kind}', to_jsonb(x.kind)),
             '2026.1', x.seq, x.year
      from (
        select k.kind, e.id as enrollment_id, e.person_id, e.cooperative_id, pe.full_name, (c.starts_on + 5)::timestamptz as issued_at,
               extract(year from c.starts_on + 5)::int as year,
               row_number() over (partition by c.dinas_id, extract(year from c.starts_on + 5) order by c.starts_on, e.id, k.kind) as seq,
               c.dinas_id, upper(substr(md5(e.id::text || k.kind), 1, 16)) as code,
               'KABAG-PMB/' || case k.kind when 'competency' then 'KOM' else 'PEL' end || '/' || extract(year from c.starts_on + 5) || '/' || substr(c.dinas_id::text, 1, 8) || '/' ||
                 lpad((row_number() over (partition by c.dinas_id, extract(year from c.starts_on + 5) order by c.starts_on, e.id, k.kind))::text, 5, '0') as number
        from enrollments e
        join bench_cohort c on c.id = e.cohort_id and c.status = 'completed'
        join people pe on pe.id = e.person_id
        join assessments a on a.enrollment_id = e.id
        cross join (values ('training'), ('competency')) k(kind)
        where e.status = 'confirmed' and (k.kind = 'training' or a.recommendation = 'competent')
        limit ${scale.certificates}::int
      ) x`.execute(db);
  });

  await step(`${scale.auditRows.toLocaleString('en')} audit rows`, async () => {
    await sql`
      insert into audit_log (occurred_at, actor_user_id, dinas_id, action, entity_type, entity_id, after, ip)
      select now() - (g % 700) * interval '1 day' - (g % 86400) * interval '1 second', null, d.id,
             (array['cooperative.update', 'person.create', 'enrollment.confirm', 'attendance.mark', 'certificate.issue'])[1 + g % 5],
             'cooperative', c.id::text, jsonb_build_object('n', g), '10.0.' || (g % 250) || '.' || (g % 200)
      from generate_series(1, ${scale.auditRows}::int) g
      join bench_coop c on c.n = 1 + g % (select count(*) from bench_coop)
      join institutions d on d.id = c.dinas_id`.execute(db);
  });

  // What autovacuum reaches after a bulk load: statistics and the visibility map (without it
  // every index-only scan reads the table too, and plans are chosen for that).
  await step('vacuum analyze', () => sql`vacuum analyze`.execute(db));
}
