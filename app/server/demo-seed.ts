import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import { recordMarks } from '~/domain/attendance/marks.server';
import { createCohort } from '~/domain/cohorts/cohorts.server';
import { transitionCohort } from '~/domain/cohorts/lifecycle.server';
import { planEndDate, planSessions, type PlannedDay } from '~/domain/cohorts/session-plan';
import { recordAnnualMeeting } from '~/domain/cooperatives/annual-meetings.server';
import { createCooperative } from '~/domain/cooperatives/cooperative.server';
import { addStaffPosition } from '~/domain/cooperatives/roster.server';
import { slugify } from '~/domain/cooperatives/slug';
import { createProgram } from '~/domain/programs/programs.server';
import { seedDemoCertificates } from './demo-certificates';
import { seedDemoExamResults } from './demo-exam-results';
import { addDays, DEFAULT_TIME_ZONE, todayIn, zonedTimeToUtc } from '~/lib/dates';
import { hashPassword } from '~/lib/password.server';
import type { Actor } from '~/lib/permissions';
import type { CooperativeType, Database, InstitutionsTable, Role } from '~db/schema';

/**
 * Demo data: two Dinas on one portal — Kota Pekalongan (30 cooperatives, the Kabag
 * Pembiayaan program, a past, an open and a draft cohort) and Kota Malang (12 cooperatives,
 * its own program and an open cohort) — sharing one certification body (LSP KJK Nusantara),
 * each with its own training institute (LDP), and a platform operator.
 *
 * Organizations and users have no domain operation yet: they are inserted directly, in one
 * transaction under an advisory lock (so two instances starting together seed once). Everything
 * else goes through the domain operations as the Dinas's coordinator — cooperatives, RAT
 * history, rosters, programs, cohorts, opening a cohort — so demo data obeys the same rules
 * (and leaves the same audit trail) as real data. Each operation is its own transaction.
 *
 * Deterministic: the same names, numbers and NIKs every time; cohort dates are placed around
 * the day of seeding so the demo always has a past, an open and a draft cohort.
 */

export const DEMO_PASSWORD = 'Kompeten2026!';

export const DEMO_LOGINS: { email: string; role: Role; name: string }[] = [
  { email: 'koordinator@kompeten.test', role: 'coordinator', name: 'Sri Wahyuni' },
  { email: 'lembaga@kompeten.test', role: 'institute_staff', name: 'Bambang Sutrisno' },
  { email: 'asesor1@kompeten.test', role: 'assessor', name: 'Dra. Endang Lestari' },
  { email: 'asesor2@kompeten.test', role: 'assessor', name: 'Agus Prasetyo, S.E.' },
  { email: 'lsp@kompeten.test', role: 'certification_admin', name: 'Rina Marlina' },
  { email: 'koperasi@kompeten.test', role: 'cooperative_admin', name: 'Hadi Santoso' },
  { email: 'peserta@kompeten.test', role: 'participant', name: '' },
  { email: 'admin.lembaga@kompeten.test', role: 'institute_admin', name: 'Nurul Aini' },
  { email: 'koordinator.malang@kompeten.test', role: 'coordinator', name: 'Dwi Retno Wulandari' },
  { email: 'lembaga.malang@kompeten.test', role: 'institute_staff', name: 'Teguh Wicaksono' },
  { email: 'operator@kompeten.test', role: 'platform_admin', name: 'Arief Kurniadi' },
];

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = ['Ahmad', 'Budi', 'Dedi', 'Eko', 'Fajar', 'Gunawan', 'Hendra', 'Imam', 'Joko', 'Kurniawan', 'Lukman', 'Muhammad', 'Nur', 'Rudi', 'Slamet', 'Taufik', 'Wahyu', 'Yusuf'];
const FEMALE = ['Ani', 'Dewi', 'Endah', 'Fitri', 'Hartini', 'Indah', 'Kartika', 'Lina', 'Mega', 'Nining', 'Puji', 'Ratna', 'Siti', 'Tri', 'Umi', 'Wulan', 'Yuli'];
const FAMILY = ['Hidayat', 'Setiawan', 'Rahmawati', 'Susanto', 'Wibowo', 'Handayani', 'Saputra', 'Kusuma', 'Nugroho', 'Permata', 'Santoso', 'Pratiwi', 'Firmansyah', 'Maulana', 'Utami', 'Hakim'];
const PEKALONGAN_COOPERATIVES = [
  'Mitra Usaha Mandiri', 'Sejahtera Bersama', 'Batik Makmur', 'Al-Ikhlas', 'Bina Insani', 'Karya Nelayan', 'Sumber Rejeki',
  'Amanah Ummat', 'Tunas Harapan', 'Pesisir Jaya', 'Guru Pekalongan', 'Pasar Grogolan', 'Berkah Syariah', 'Rukun Santoso',
  'Maju Lancar', 'Pegawai Pemkot', 'Kharisma', 'An-Nur', 'Artha Niaga', 'Mina Bahari', 'Tirta Makmur', 'Sido Mulyo',
  'Bina Usaha Wanita', 'Al-Hikmah', 'Setia Kawan', 'Kauman Sejahtera', 'Bhakti Husada', 'Sinar Pantura', 'Kencana', 'Usaha Tani Lestari',
];
const COOP_TYPES: { type: CooperativeType; unit: 'USP' | 'UPPS' | null }[] = [
  { type: 'KSP', unit: null }, { type: 'KSPPS', unit: null }, { type: 'KSP', unit: null }, { type: 'KSPPS/BMT', unit: null },
  { type: 'KSU', unit: 'USP' }, { type: 'Koperasi Konsumen', unit: 'USP' }, { type: 'KSP', unit: null },
  { type: 'KSPPS', unit: null }, { type: 'KSU', unit: 'UPPS' }, { type: 'Koperasi Produsen', unit: 'USP' },
];
const PEKALONGAN_DISTRICTS: District[] = [
  { code: '01', name: 'Pekalongan Barat', villages: ['Medono', 'Podosugih', 'Tirto', 'Pringrejo'] },
  { code: '02', name: 'Pekalongan Timur', villages: ['Noyontaansari', 'Kauman', 'Klego', 'Poncol'] },
  { code: '03', name: 'Pekalongan Utara', villages: ['Panjang Wetan', 'Krapyak', 'Kandang Panjang', 'Degayu'] },
  { code: '04', name: 'Pekalongan Selatan', villages: ['Kuripan Yosorejo', 'Buaran Kradenan', 'Jenggot', 'Banyurip'] },
];
const OTHER_POSITIONS = ['Sekretaris', 'Bendahara', 'Pengawas', 'Manajer', 'Kasir', 'Account Officer'];

interface District {
  code: string;
  name: string;
  villages: string[];
}

const MALANG_COOPERATIVES = [
  'Arjuna Sejahtera', 'Brawijaya Mandiri', 'Tugu Makmur', 'Ken Dedes', 'Pegawai Pemkot Malang', 'Apel Lestari',
  'Dinoyo Keramik', 'Sawojajar Bersama', 'Guru Malang Raya', 'Mina Brantas', 'Bunga Tlogomas', 'Sumber Arta Kedungkandang',
];
/** Kemendagri codes of Kota Malang's kecamatan (35.73.xx) and some of their kelurahan. */
const MALANG_DISTRICTS: (District & { postalCode: string })[] = [
  { code: '03', name: 'Klojen', villages: ['Kauman', 'Oro-oro Dowo', 'Kiduldalem', 'Rampal Celaket'], postalCode: '65111' },
  { code: '04', name: 'Blimbing', villages: ['Purwantoro', 'Polowijen', 'Arjosari', 'Pandanwangi'], postalCode: '65126' },
  { code: '05', name: 'Lowokwaru', villages: ['Dinoyo', 'Tlogomas', 'Jatimulyo', 'Tunggulwulung'], postalCode: '65144' },
  { code: '02', name: 'Sukun', villages: ['Bandungrejosari', 'Pisang Candi', 'Tanjungrejo', 'Gadang'], postalCode: '65147' },
  { code: '01', name: 'Kedungkandang', villages: ['Sawojajar', 'Buring', 'Lesanpuro', 'Madyopuro'], postalCode: '65138' },
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid-shaped KTP NIK: region (6), birth date DDMMYY (+40 on the day for women), serial (4). */
function nikFor(regionCode: string, districtCode: string, birthDate: string, sex: 'M' | 'F', serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (sex === 'F' ? 40 : 0);
  return `${regionCode}${districtCode}${pad(day, 2)}${m}${y!.slice(2)}${pad(serial, 4)}`;
}

/** Monday on or after a date. */
function mondayOnOrAfter(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, (8 - weekday) % 7);
}

export const DEMO_PROGRAM_DAYS: PlannedDay[] = [
  { dayNumber: 1, kind: 'training', title: 'Prinsip dan kebijakan pembiayaan koperasi', topics: 'Regulasi KSP/KSPPS, kebijakan dan SOP pembiayaan, etika', startsAtTime: '08:00', endsAtTime: '16:00' },
  { dayNumber: 2, kind: 'training', title: 'Analisis kelayakan pembiayaan', topics: 'Analisis 5C, analisis laporan keuangan anggota, agunan', startsAtTime: '08:00', endsAtTime: '16:00' },
  { dayNumber: 3, kind: 'training', title: 'Pemantauan dan penanganan pembiayaan bermasalah', topics: 'Kolektibilitas, restrukturisasi, penagihan', startsAtTime: '08:00', endsAtTime: '16:00' },
  { dayNumber: 4, kind: 'exam', title: 'Uji kompetensi', topics: 'Observasi, tes tertulis, wawancara', startsAtTime: '08:00', endsAtTime: '15:00' },
];

const DEMO_UNITS = [
  { code: 'K.64KSP00.010.1', title: 'Menyusun Rencana Kerja Bagian Pembiayaan' },
  { code: 'K.64KSP00.011.1', title: 'Menganalisis Permohonan Pembiayaan' },
  { code: 'K.64KSP00.012.1', title: 'Menilai Agunan Pembiayaan' },
  { code: 'K.64KSP00.013.1', title: 'Memutuskan Persetujuan Pembiayaan sesuai Kewenangan' },
  { code: 'K.64KSP00.014.1', title: 'Memantau Kualitas Pembiayaan' },
  { code: 'K.64KSP00.015.1', title: 'Menangani Pembiayaan Bermasalah' },
];

/** How one Dinas's cooperatives look: numbers, addresses and NIKs of its region. */
interface RegistrySpec {
  /** The NIK and cooperative-number prefix: province and regency (e.g. 3375). */
  regionCode: string;
  regency: string;
  names: readonly string[];
  districts: readonly District[];
  /** The roman number of the province in legal-entity numbers (Jawa Tengah XIV, Jawa Timur XVI). */
  province: string;
  numberBase: number;
  numberStep: number;
  postalCode: (i: number) => string;
  phone: (i: number) => string;
  streets: readonly string[];
  inactive: number | null;
  /** The first NIK serial (so phone numbers and e-mails differ between Dinas). */
  firstSerial: number;
  seed: number;
}

const PEKALONGAN: RegistrySpec = {
  regionCode: '3375',
  regency: 'Kota Pekalongan',
  names: PEKALONGAN_COOPERATIVES,
  districts: PEKALONGAN_DISTRICTS,
  province: 'XIV',
  numberBase: 100000,
  numberStep: 3571,
  postalCode: (i) => `511${pad(11 + (i % 4) * 10, 2)}`,
  phone: (i) => `0285-42${pad(1000 + i * 37, 4)}`,
  streets: ['Hayam Wuruk', 'Diponegoro', 'Gajah Mada', 'Dr. Wahidin', 'Kurinci', 'Slamet', 'Merak'],
  inactive: 29,
  firstSerial: 1,
  seed: 20261121,
};

const MALANG: RegistrySpec = {
  regionCode: '3573',
  regency: 'Kota Malang',
  names: MALANG_COOPERATIVES,
  districts: MALANG_DISTRICTS,
  province: 'XVI',
  numberBase: 200000,
  numberStep: 4513,
  postalCode: (i) => MALANG_DISTRICTS[i % MALANG_DISTRICTS.length]!.postalCode,
  phone: (i) => `0341-35${pad(2000 + i * 41, 4)}`,
  streets: ['Ijen', 'Kawi', 'Soekarno-Hatta', 'MT. Haryono', 'Galunggung', 'Veteran', 'Bandung'],
  inactive: null,
  firstSerial: 501,
  seed: 20261129,
};

/** A user as the domain sees them, acting from nowhere (`ip: null`) as the portal's own work. */
function automatedActor(user: { id: string; email: string; name: string }, grant: Actor['roles'][number]): Actor {
  return { userId: user.id, email: user.email, displayName: user.name, personId: null, locale: 'id', roles: [grant], ip: null, automated: true };
}

/** A Dinas coordinator as the domain sees them. */
function coordinatorActor(user: { id: string; email: string; name: string }, dinasId: string): Actor {
  return automatedActor(user, { role: 'coordinator', institutionId: dinasId, cooperativeId: null });
}

/**
 * The past cohort's roll calls, as the institute's staff took them in the hotel (each mark
 * made during its session, so none is a correction): most present, a few late, one excused,
 * and one participant absent on the third training day — so below a 90 % or 100 % rule.
 */
async function seedPastAttendance(db: Kysely<Database>, staff: Actor, cohortId: string, now: Date): Promise<void> {
  const sessions = await db.selectFrom('cohort_sessions').select(['id', 'position', 'kind', 'starts_at']).where('cohort_id', '=', cohortId).orderBy('position').execute();
  const enrollments = await db.selectFrom('enrollments').select('id').where('cohort_id', '=', cohortId).orderBy('arrival_seq').execute();
  const exceptions: Record<number, Record<number, { status: 'late' | 'excused' | 'absent'; note: string }>> = {
    1: { 3: { status: 'late', note: 'Datang 08.25, terlambat kereta' }, 17: { status: 'late', note: 'Datang 08.40' } },
    2: { 8: { status: 'excused', note: 'Izin sakit, surat dokter diserahkan' }, 21: { status: 'late', note: 'Datang 08.20' } },
    3: { 12: { status: 'absent', note: 'Tidak hadir tanpa keterangan' } },
  };
  for (const session of sessions) {
    // The roll call ten minutes into the session, one line a few seconds after the other.
    const rollCallAt = session.starts_at.getTime() + 10 * 60_000;
    await recordMarks(
      db,
      staff,
      {
        cohortId,
        sessionId: session.id,
        method: 'roll_call',
        marks: enrollments.map((e, i) => {
          const exception = exceptions[session.position]?.[i];
          return {
            id: randomUUID(),
            enrollmentId: e.id,
            status: exception?.status ?? 'present',
            note: exception?.note ?? null,
            markedAt: new Date(rollCallAt + i * 5_000),
          };
        }),
      },
      now,
    );
  }
}

/**
 * A Dinas's cooperatives with their RAT history and rosters, through the domain as its
 * coordinator. Returns each cooperative's Kepala Bagian Pembiayaan, in order.
 */
async function seedRegistry(
  db: Kysely<Database>,
  actor: Actor,
  dinasId: string,
  spec: RegistrySpec,
  today: string,
): Promise<{ personId: string; cooperativeId: string }[]> {
  const rand = random(spec.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const kabags: { personId: string; cooperativeId: string }[] = [];
  const details: { id: string; birthPlace: string; birthDate: string; sex: 'M' | 'F'; phone: string; email: string }[] = [];
  let serial = spec.firstSerial;
  for (let i = 0; i < spec.names.length; i++) {
    const kind = COOP_TYPES[i % COOP_TYPES.length]!;
    const district = spec.districts[i % spec.districts.length]!;
    const prefix = kind.type === 'KSU' ? 'KSU' : kind.type.startsWith('Koperasi') ? kind.type : kind.type.replace('/', ' ');
    const year = 1995 + (i % 25);
    const coop = await createCooperative(db, actor, {
      dinasId,
      values: {
        name: `${prefix} ${spec.names[i]}`,
        type: kind.type,
        savingsLoanUnit: kind.unit ?? undefined,
        cooperativeNumber: `${spec.regionCode}${district.code}${pad(spec.numberBase + i * spec.numberStep, 6)}${pad(i + 1, 4)}`,
        legalEntityNumber: `${pad(100 + i * 7, 3)}/BH/${spec.province}.${pad((i % 12) + 1, 2)}/${year}`,
        legalEntityDate: `${year}-${pad((i % 12) + 1, 2)}-${pad((i % 27) + 1, 2)}`,
        street: `Jl. ${pick(spec.streets)} No. ${i + 3}`,
        village: district.villages[i % district.villages.length]!,
        district: district.name,
        regency: spec.regency,
        postalCode: spec.postalCode(i),
        phone: spec.phone(i),
        status: i === spec.inactive ? 'inactive' : 'active',
      },
    });

    // RAT history: most are up to date; every fifth missed last year. A meeting dated after
    // today (seeding early in the year) is not recorded: the domain refuses future dates.
    const lastYear = Number(today.slice(0, 4)) - 1;
    const years = i % 5 === 4 ? [lastYear - 2, lastYear - 1] : [lastYear - 2, lastYear - 1, lastYear];
    for (const fiscalYear of years) {
      const heldOn = `${fiscalYear + 1}-0${2 + (i % 3)}-${pad(10 + (i % 15), 2)}`;
      if (heldOn > today) continue;
      await recordAnnualMeeting(db, actor, { cooperativeId: coop.id, values: { fiscalYear, heldOn } });
    }

    const rosterSize = 3 + (i % 6);
    const positions = ['Ketua', 'Kepala Bagian Pembiayaan', ...OTHER_POSITIONS].slice(0, rosterSize);
    for (const position of positions) {
      const sex: 'M' | 'F' = rand() < 0.45 ? 'F' : 'M';
      const first = sex === 'F' ? pick(FEMALE) : pick(MALE);
      const birthDate = `${1965 + Math.floor(rand() * 35)}-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}`;
      const nik = nikFor(spec.regionCode, district.code, birthDate, sex, serial++);
      const fullName = `${first} ${pick(FAMILY)}`;
      const added = await addStaffPosition(db, actor, {
        cooperativeId: coop.id,
        values: { nik, fullName, birthDate, position, startsOn: `${2015 + (serial % 9)}-01-02` },
      });
      details.push({
        id: added.personId,
        birthPlace: spec.regency.replace(/^Kota /, ''),
        birthDate,
        sex,
        phone: `08${pad(1200000000 + serial * 7919, 10)}`,
        email: `${slugify(first)}.${serial}@contoh.test`,
      });
      if (position === 'Kepala Bagian Pembiayaan') kabags.push({ personId: added.personId, cooperativeId: coop.id });
    }
  }
  // The roster form records a new person's NIK and name; the rest of their identity (birth,
  // sex, contacts) has no domain operation for a coordinator yet: one statement for all.
  const values = details.map((d) => sql`(${d.id}::uuid, ${d.birthPlace}, ${d.birthDate}::date, ${d.sex}, ${d.phone}, ${d.email})`);
  await sql`update people p set birth_place = v.birth_place, birth_date = v.birth_date, sex = v.sex, phone = v.phone, email = v.email
    from (values ${sql.join(values)}) as v (id, birth_place, birth_date, sex, phone, email) where p.id = v.id`.execute(db);
  return kabags;
}

const KABAG_PROGRAM = {
  description:
    'Tiga hari materi dari lembaga diklat mitra, lalu satu hari uji kompetensi oleh LSP untuk Kepala Bagian Pembiayaan koperasi simpan pinjam dan pembiayaan syariah.',
  schemeName: 'Skema Sertifikasi Kepala Bagian Pembiayaan KSP/KSPPS',
  schemeNumber: 'SKM/LSP-KJK/015/2024',
  competencyStandard: 'SKKNI Kepmenaker No. 189 Tahun 2019 (Koperasi Simpan Pinjam)',
  attendanceMinPercent: 100,
  targetPositions: ['Kepala Bagian Pembiayaan'],
  competencyValidityMonths: 36,
  certificateNumberPattern: '{program}/{kind}/{year}/{seq:4}',
  units: DEMO_UNITS,
  days: DEMO_PROGRAM_DAYS.map(({ kind, title, topics, startsAtTime, endsAtTime }) => ({ kind, title, topics: topics ?? undefined, startsAtTime, endsAtTime })),
};

interface CohortSpec {
  name: string;
  startsOn: string;
  venue: string;
  venueAddress: string;
}

/** A future cohort through the domain (a draft with its sessions from the program), opened when asked. */
async function seedCohort(
  db: Kysely<Database>,
  actor: Actor,
  input: { programId: string; instituteId: string; lspId: string; assessorIds: string[]; spec: CohortSpec; open: boolean; now: Date },
): Promise<string> {
  const { spec } = input;
  const cohort = await createCohort(
    db,
    actor,
    {
      programId: input.programId,
      name: `${spec.name} ${spec.startsOn.slice(0, 4)}`,
      startsOn: spec.startsOn,
      timeZone: DEFAULT_TIME_ZONE,
      venueName: spec.venue,
      venueAddress: spec.venueAddress,
      capacity: 25,
      quotaPerCooperative: 2,
      registrationOpensAt: `${addDays(spec.startsOn, -60)}T08:00`,
      registrationClosesAt: `${addDays(spec.startsOn, -7)}T16:00`,
      trainingInstituteId: input.instituteId,
      certificationBodyId: input.lspId,
      assessorIds: input.assessorIds,
    },
    input.now,
  );
  if (input.open) await transitionCohort(db, actor, { cohortId: cohort.id, to: 'open', now: input.now });
  return cohort.id;
}

/** Loads the demo data into an empty database; returns false when data already exists. */
export async function seedDemoData(db: Kysely<Database>, options: { today?: string } = {}): Promise<boolean> {
  if (await db.selectFrom('institutions').select('id').limit(1).executeTakeFirst()) return false;
  const zone = DEFAULT_TIME_ZONE;
  const today = options.today ?? todayIn(zone);
  // The clock the cohort rules are checked against: now, or the given day's morning.
  const now = options.today ? zonedTimeToUtc(today, '07:00', zone) : new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // 1. Pekalongan's organizations, the shared LSP and their users (no domain operation creates
  // them yet): one transaction. Kota Malang joins later, in its own: it is the second Dinas.
  const orgs = await db.transaction().execute(async (trx) => {
    // Two instances starting at once: the second waits here, then finds the data.
    await sql`select pg_advisory_xact_lock(20261121)`.execute(trx);
    if (await trx.selectFrom('institutions').select('id').limit(1).executeTakeFirst()) return null;
    const pekalongan = await insertInstitution(trx, {
      kind: 'dinas',
      name: 'Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan',
      short_name: 'Dindagkop-UKM Kota Pekalongan',
      regency_code: '33.75',
      address: 'Jl. Sriwijaya No. 44, Pekalongan',
      city: 'Kota Pekalongan',
      email: 'dindagkop@kompeten.test',
      time_zone: zone,
    });
    const institute = await insertInstitution(trx, {
      kind: 'training_institute',
      name: 'LDP Mitra Koperasi Nusantara',
      short_name: 'LDP Mitra Koperasi',
      address: 'Jl. Merdeka No. 12, Semarang',
      city: 'Kota Semarang',
    });
    const lsp = await insertInstitution(trx, {
      kind: 'certification_body',
      name: 'LSP Koperasi Jasa Keuangan Nusantara',
      short_name: 'LSP KJK Nusantara',
      license_number: 'BNSP-LSP-1234-ID',
      address: 'Jl. Pemuda No. 88, Semarang',
      city: 'Kota Semarang',
    });
    await trx.insertInto('dinas_partners').values([{ dinas_id: pekalongan, partner_id: institute }, { dinas_id: pekalongan, partner_id: lsp }]).execute();
    const users = await insertLogins(trx, passwordHash, {
      'koordinator@kompeten.test': { role: 'coordinator', institutionId: pekalongan, grantedBy: pekalongan },
      'lembaga@kompeten.test': { role: 'institute_staff', institutionId: institute, grantedBy: pekalongan },
      'asesor1@kompeten.test': { role: 'assessor', institutionId: lsp, grantedBy: pekalongan, registrationNumber: 'MET.000.004515 2019' },
      'asesor2@kompeten.test': { role: 'assessor', institutionId: lsp, grantedBy: pekalongan, registrationNumber: 'MET.000.004516 2019' },
      'lsp@kompeten.test': { role: 'certification_admin', institutionId: lsp, grantedBy: pekalongan },
      'admin.lembaga@kompeten.test': { role: 'institute_admin', institutionId: institute, grantedBy: null },
      'operator@kompeten.test': { role: 'platform_admin', institutionId: null, grantedBy: null },
    });
    return { pekalongan, institute, lsp, users };
  });
  if (!orgs) return false;
  const { users, lsp } = orgs;
  const assessorIds = [users['asesor1@kompeten.test']!.id, users['asesor2@kompeten.test']!.id];

  // 2. Kota Pekalongan, as its coordinator.
  const coordinator = coordinatorActor(users['koordinator@kompeten.test']!, orgs.pekalongan);
  const kabags = await seedRegistry(db, coordinator, orgs.pekalongan, PEKALONGAN, today);
  const program = await createProgram(db, coordinator, {
    code: 'KABAG-PMB',
    title: 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS',
    ...KABAG_PROGRAM,
    defaultInstituteId: orgs.institute,
    defaultCertificationBodyId: lsp,
  });

  // The past cohort stays direct inserts: the domain creates cohorts only from today on,
  // opens them only before their first session, and registers only in an open window, so
  // "Angkatan I", held ten weeks ago with 25 confirmed participants, cannot be made by it.
  const past = { name: 'Angkatan I', startsOn: mondayOnOrAfter(addDays(today, -70)), venue: 'Hotel Santika Pekalongan' };
  const pastCohortId = await db.transaction().execute(async (trx) => {
    const cohort = await trx
      .insertInto('cohorts')
      .values({
        program_id: program.id,
        dinas_id: orgs.pekalongan,
        name: `${past.name} ${past.startsOn.slice(0, 4)}`,
        status: 'completed',
        venue_name: past.venue,
        venue_address: 'Kota Pekalongan, Jawa Tengah',
        time_zone: zone,
        capacity: 25,
        quota_per_cooperative: 2,
        starts_on: past.startsOn,
        ends_on: planEndDate(DEMO_PROGRAM_DAYS, past.startsOn),
        registration_opens_at: zonedTimeToUtc(addDays(past.startsOn, -45), '08:00', zone),
        registration_closes_at: zonedTimeToUtc(addDays(past.startsOn, -7), '16:00', zone),
        training_institute_id: orgs.institute,
        certification_body_id: lsp,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('cohort_sessions')
      .values(
        planSessions(DEMO_PROGRAM_DAYS, past.startsOn, zone).map((s) => ({
          cohort_id: cohort.id,
          position: s.position,
          kind: s.kind,
          title: s.title,
          topics: s.topics,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
        })),
      )
      .execute();
    await trx.insertInto('cohort_assessors').values(assessorIds.map((userId) => ({ cohort_id: cohort.id, user_id: userId }))).execute();
    await trx
      .insertInto('enrollments')
      .values(
        kabags.slice(0, 25).map((kabag) => ({
          cohort_id: cohort.id,
          person_id: kabag.personId,
          cooperative_id: kabag.cooperativeId,
          status: 'confirmed' as const,
          source: 'coordinator' as const,
          requested_by_user_id: coordinator.userId,
          registered_at: zonedTimeToUtc(addDays(past.startsOn, -30), '09:00', zone),
          decided_at: zonedTimeToUtc(addDays(past.startsOn, -29), '09:00', zone),
        })),
      )
      .execute();
    return cohort.id;
  });
  await seedPastAttendance(db, automatedActor(users['lembaga@kompeten.test']!, { role: 'institute_staff', institutionId: orgs.institute, cooperativeId: null }), pastCohortId, now);
  const pekalonganCohort = { programId: program.id, instituteId: orgs.institute, lspId: lsp, assessorIds, now };
  await seedCohort(db, coordinator, {
    ...pekalonganCohort,
    spec: { name: 'Angkatan II', startsOn: mondayOnOrAfter(addDays(today, 42)), venue: 'Hotel Dafam Pekalongan', venueAddress: 'Kota Pekalongan, Jawa Tengah' },
    open: true,
  });
  await seedCohort(db, coordinator, {
    ...pekalonganCohort,
    spec: { name: 'Angkatan III', startsOn: mondayOnOrAfter(addDays(today, 98)), venue: 'Aula Dindagkop-UKM Kota Pekalongan', venueAddress: 'Kota Pekalongan, Jawa Tengah' },
    open: false,
  });

  // 3. Kota Malang: the Dinas, its own LDP and their users, then the rest as its coordinator.
  const malang = await db.transaction().execute(async (trx) => {
    const dinasId = await insertInstitution(trx, {
      kind: 'dinas',
      name: 'Dinas Koperasi dan Usaha Mikro Kota Malang',
      short_name: 'Dinkop-UM Kota Malang',
      regency_code: '35.73',
      address: 'Jl. Panji Suroso No. 2, Malang',
      city: 'Kota Malang',
      email: 'dinkopum.malang@kompeten.test',
      time_zone: zone,
    });
    const instituteId = await insertInstitution(trx, {
      kind: 'training_institute',
      name: 'LDP Arjuna Koperasi Malang',
      short_name: 'LDP Arjuna',
      address: 'Jl. Soekarno-Hatta No. 9, Malang',
      city: 'Kota Malang',
    });
    await trx.insertInto('dinas_partners').values([{ dinas_id: dinasId, partner_id: instituteId }, { dinas_id: dinasId, partner_id: lsp }]).execute();
    const logins = await insertLogins(trx, passwordHash, {
      'koordinator.malang@kompeten.test': { role: 'coordinator', institutionId: dinasId, grantedBy: dinasId },
      'lembaga.malang@kompeten.test': { role: 'institute_staff', institutionId: instituteId, grantedBy: dinasId },
    });
    return { dinasId, instituteId, coordinator: logins['koordinator.malang@kompeten.test']! };
  });
  const malangCoordinator = coordinatorActor(malang.coordinator, malang.dinasId);
  await seedRegistry(db, malangCoordinator, malang.dinasId, MALANG, today);
  const malangProgram = await createProgram(db, malangCoordinator, {
    code: 'PMB-MLG',
    title: 'Pelatihan Kepala Bagian Pembiayaan Koperasi Simpan Pinjam Kota Malang',
    ...KABAG_PROGRAM,
    defaultInstituteId: malang.instituteId,
    defaultCertificationBodyId: lsp,
  });
  await seedCohort(db, malangCoordinator, {
    programId: malangProgram.id,
    instituteId: malang.instituteId,
    lspId: lsp,
    assessorIds,
    now,
    spec: { name: 'Angkatan I Malang', startsOn: mondayOnOrAfter(addDays(today, 35)), venue: 'Gedung Pusat Koperasi Kota Malang', venueAddress: 'Kota Malang, Jawa Timur' },
    open: true,
  });

  // 4. The users tied to Pekalongan's rosters: a Kabag Pembiayaan who signs in as a
  // participant, and an admin of that Kabag's cooperative.
  const participant = kabags[0]!;
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('people').select('full_name').where('id', '=', participant.personId).executeTakeFirstOrThrow();
    const admin = await insertUser(trx, { email: 'koperasi@kompeten.test', name: 'Hadi Santoso', passwordHash, personId: null });
    await trx
      .insertInto('user_roles')
      .values({ user_id: admin, role: 'cooperative_admin', cooperative_id: participant.cooperativeId, granted_by_dinas_id: orgs.pekalongan })
      .execute();
    const user = await insertUser(trx, { email: 'peserta@kompeten.test', name: person.full_name, passwordHash, personId: participant.personId });
    await trx.insertInto('user_roles').values({ user_id: user, role: 'participant' }).execute();
  });

  // 5. The past cohort's exam results, after its attendance (which decides who may sit the exam).
  await seedDemoExamResults(db);
  // 6. Its certificates, issued once the results are final.
  await seedDemoCertificates(db, now);
  return true;
}

async function insertInstitution(db: Kysely<Database>, values: Insertable<InstitutionsTable>): Promise<string> {
  return (await db.insertInto('institutions').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

interface Grant {
  role: Role;
  institutionId: string | null;
  grantedBy: string | null;
  registrationNumber?: string;
}

/** Demo logins (named in DEMO_LOGINS) with one role each. */
async function insertLogins(
  db: Kysely<Database>,
  passwordHash: string,
  grants: Record<string, Grant>,
): Promise<Record<string, { id: string; email: string; name: string }>> {
  const users: Record<string, { id: string; email: string; name: string }> = {};
  for (const login of DEMO_LOGINS) {
    const grant = grants[login.email];
    if (!grant) continue;
    const id = await insertUser(db, { email: login.email, name: login.name, passwordHash, personId: null });
    await db
      .insertInto('user_roles')
      .values({
        user_id: id,
        role: grant.role,
        institution_id: grant.institutionId,
        registration_number: grant.registrationNumber ?? null,
        granted_by_dinas_id: grant.grantedBy,
      })
      .execute();
    users[login.email] = { id, email: login.email, name: login.name };
  }
  return users;
}

async function insertUser(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string; personId: string | null },
): Promise<string> {
  const user = await db
    .insertInto('users')
    .values({
      email: input.email,
      password_hash: input.passwordHash,
      display_name: input.name,
      person_id: input.personId,
      email_verified_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}
