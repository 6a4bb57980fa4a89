import type { Kysely } from 'kysely';
import { planEndDate, planSessions, type PlannedDay } from '~/domain/cohorts/session-plan';
import { addDays, dateInZone, zonedTimeToUtc } from '~/lib/dates';
import { hashPassword } from '~/lib/password.server';
import type { CooperativeType, Database, Role } from '~db/schema';

/**
 * Demo data: one Dinas (Kota Pekalongan), its partner institute and certification body,
 * 30 fictional cooperatives with rosters, the Kabag Pembiayaan program and three cohorts.
 * Deterministic: the same names, numbers and NIKs every time; cohort dates are placed
 * around the day of seeding so the demo always has a past, an open and a draft cohort.
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
const COOP_NAMES = [
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
const DISTRICTS = [
  { code: '01', name: 'Pekalongan Barat', villages: ['Medono', 'Podosugih', 'Tirto', 'Pasirsari'] },
  { code: '02', name: 'Pekalongan Timur', villages: ['Noyontaan', 'Sugihwaras', 'Klego', 'Poncol'] },
  { code: '03', name: 'Pekalongan Utara', villages: ['Panjang Wetan', 'Krapyak', 'Kandang Panjang', 'Degayu'] },
  { code: '04', name: 'Pekalongan Selatan', villages: ['Kuripan Kidul', 'Buaran Kradenan', 'Jenggot', 'Banyurip'] },
];
const OTHER_POSITIONS = ['Sekretaris', 'Bendahara', 'Pengawas', 'Manajer', 'Kasir', 'Account Officer'];

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid-shaped KTP NIK: region (6), birth date DDMMYY (+40 on the day for women), serial (4). */
function nikFor(districtCode: string, birthDate: string, sex: 'M' | 'F', serial: number): string {
  const [y, m, d] = birthDate.split('-');
  const day = Number(d) + (sex === 'F' ? 40 : 0);
  return `3375${districtCode}${pad(day, 2)}${m}${y!.slice(2)}${pad(serial, 4)}`;
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

/** Loads the demo data into an empty database; returns false when data already exists. */
export async function seedDemoData(db: Kysely<Database>, options: { today?: string } = {}): Promise<boolean> {
  const existing = await db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const today = options.today ?? dateInZone(new Date(), 'Asia/Jakarta');
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    const rand = random(20261121);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

    const dinas = await trx
      .insertInto('institutions')
      .values({
        kind: 'dinas',
        name: 'Dinas Perdagangan, Koperasi, dan UKM Kota Pekalongan',
        short_name: 'Dindagkop-UKM Kota Pekalongan',
        regency_code: '33.75',
        address: 'Jl. Sriwijaya No. 44, Pekalongan',
        city: 'Kota Pekalongan',
        email: 'dindagkop@kompeten.test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const institute = await trx
      .insertInto('institutions')
      .values({
        kind: 'training_institute',
        name: 'LDP Mitra Koperasi Nusantara',
        short_name: 'LDP Mitra Koperasi',
        address: 'Jl. Merdeka No. 12, Semarang',
        city: 'Kota Semarang',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lsp = await trx
      .insertInto('institutions')
      .values({
        kind: 'certification_body',
        name: 'LSP Koperasi Jasa Keuangan Nusantara',
        short_name: 'LSP KJK Nusantara',
        license_number: 'BNSP-LSP-1234-ID',
        address: 'Jl. Pemuda No. 88, Semarang',
        city: 'Kota Semarang',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Cooperatives and their rosters.
    const kabags: { personId: string; cooperativeId: string }[] = [];
    let serial = 1;
    for (let i = 0; i < COOP_NAMES.length; i++) {
      const kind = COOP_TYPES[i % COOP_TYPES.length]!;
      const district = DISTRICTS[i % DISTRICTS.length]!;
      const prefix = kind.type === 'KSU' ? 'KSU' : kind.type.startsWith('Koperasi') ? kind.type : kind.type.replace('/', ' ');
      const name = `${prefix} ${COOP_NAMES[i]}`;
      const coop = await trx
        .insertInto('cooperatives')
        .values({
          dinas_id: dinas.id,
          name,
          slug: slugify(name),
          type: kind.type,
          savings_loan_unit: kind.unit,
          cooperative_number: `3375${district.code}${pad(100000 + i * 3571, 6)}${pad(i + 1, 4)}`,
          legal_entity_number: `${pad(100 + i * 7, 3)}/BH/XIV.${pad((i % 12) + 1, 2)}/${1995 + (i % 25)}`,
          legal_entity_date: `${1995 + (i % 25)}-${pad((i % 12) + 1, 2)}-${pad((i % 27) + 1, 2)}`,
          street: `Jl. ${pick(['Hayam Wuruk', 'Diponegoro', 'Gajah Mada', 'Dr. Wahidin', 'Kurinci', 'Slamet', 'Merak'])} No. ${i + 3}`,
          village: district.villages[i % district.villages.length]!,
          district: district.name,
          regency: 'Kota Pekalongan',
          postal_code: `511${pad(11 + (i % 4) * 10, 2)}`,
          phone: `0285-42${pad(1000 + i * 37, 4)}`,
          status: i === 29 ? 'inactive' : 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      // RAT history: most are up to date; every fifth missed last year.
      const lastYear = Number(today.slice(0, 4)) - 1;
      const years = i % 5 === 4 ? [lastYear - 2, lastYear - 1] : [lastYear - 2, lastYear - 1, lastYear];
      for (const year of years) {
        await trx
          .insertInto('annual_meetings')
          .values({ cooperative_id: coop.id, fiscal_year: year, held_on: `${year + 1}-0${2 + (i % 3)}-${pad(10 + (i % 15), 2)}` })
          .execute();
      }

      const rosterSize = 3 + (i % 6);
      const positions = ['Ketua', 'Kepala Bagian Pembiayaan', ...OTHER_POSITIONS].slice(0, rosterSize);
      for (const position of positions) {
        const sex: 'M' | 'F' = rand() < 0.45 ? 'F' : 'M';
        const first = sex === 'F' ? pick(FEMALE) : pick(MALE);
        const birthDate = `${1965 + Math.floor(rand() * 35)}-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}`;
        const person = await trx
          .insertInto('people')
          .values({
            nik: nikFor(district.code, birthDate, sex, serial++),
            full_name: `${first} ${pick(FAMILY)}`,
            birth_place: 'Pekalongan',
            birth_date: birthDate,
            sex,
            phone: `08${pad(1200000000 + serial * 7919, 10)}`,
            email: `${slugify(first)}.${serial}@contoh.test`,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('staff_positions')
          .values({ person_id: person.id, cooperative_id: coop.id, position, starts_on: `${2015 + (serial % 9)}-01-02` })
          .execute();
        if (position === 'Kepala Bagian Pembiayaan') kabags.push({ personId: person.id, cooperativeId: coop.id });
      }
    }

    // The program.
    const program = await trx
      .insertInto('programs')
      .values({
        dinas_id: dinas.id,
        code: 'KABAG-PMB',
        title: 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS',
        description:
          'Tiga hari materi dari lembaga diklat mitra, lalu satu hari uji kompetensi oleh LSP untuk Kepala Bagian Pembiayaan koperasi simpan pinjam dan pembiayaan syariah.',
        scheme_name: 'Skema Sertifikasi Kepala Bagian Pembiayaan KSP/KSPPS',
        scheme_number: 'SKM/LSP-KJK/015/2024',
        competency_standard: 'SKKNI Kepmenaker No. 189 Tahun 2019 (Koperasi Simpan Pinjam)',
        attendance_min_percent: 100,
        target_positions: ['Kepala Bagian Pembiayaan'],
        competency_validity_months: 36,
        certificate_number_pattern: '{program}/{kind}/{year}/{seq:4}',
        default_institute_id: institute.id,
        default_certification_body_id: lsp.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('competency_units')
      .values(DEMO_UNITS.map((u, index) => ({ program_id: program.id, position: index + 1, code: u.code, title: u.title })))
      .execute();
    await trx
      .insertInto('program_days')
      .values(
        DEMO_PROGRAM_DAYS.map((d) => ({
          program_id: program.id,
          day_number: d.dayNumber,
          kind: d.kind,
          title: d.title,
          topics: d.topics,
          starts_at_time: d.startsAtTime,
          ends_at_time: d.endsAtTime,
        })),
      )
      .execute();

    // Users, one per role.
    const userIds: Partial<Record<string, string>> = {};
    const participantPerson = kabags[0]!;
    const participantName = await trx
      .selectFrom('people')
      .select('full_name')
      .where('id', '=', participantPerson.personId)
      .executeTakeFirstOrThrow();
    for (const login of DEMO_LOGINS) {
      const user = await trx
        .insertInto('users')
        .values({
          email: login.email,
          password_hash: passwordHash,
          display_name: login.role === 'participant' ? participantName.full_name : login.name,
          person_id: login.role === 'participant' ? participantPerson.personId : null,
          email_verified_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userIds[login.email] = user.id;
      const institutionId =
        login.role === 'coordinator' ? dinas.id
        : login.role === 'institute_staff' ? institute.id
        : login.role === 'assessor' || login.role === 'certification_admin' ? lsp.id
        : null;
      await trx
        .insertInto('user_roles')
        .values({
          user_id: user.id,
          role: login.role,
          institution_id: institutionId,
          cooperative_id: login.role === 'cooperative_admin' ? participantPerson.cooperativeId : null,
          registration_number: login.role === 'assessor' ? `MET.000.00${4512 + Object.keys(userIds).length} 2019` : null,
          granted_by_dinas_id: login.role === 'participant' ? null : dinas.id,
        })
        .execute();
    }

    // Three cohorts: one past (25 participants), one open for registration, one draft.
    const cohorts = [
      { name: 'Angkatan I', startsOn: mondayOnOrAfter(addDays(today, -70)), status: 'completed' as const, venue: 'Hotel Santika Pekalongan' },
      { name: 'Angkatan II', startsOn: mondayOnOrAfter(addDays(today, 42)), status: 'open' as const, venue: 'Hotel Dafam Pekalongan' },
      { name: 'Angkatan III', startsOn: mondayOnOrAfter(addDays(today, 98)), status: 'draft' as const, venue: 'Aula Dindagkop-UKM Kota Pekalongan' },
    ];
    for (const spec of cohorts) {
      const year = spec.startsOn.slice(0, 4);
      const isPast = spec.status === 'completed';
      const cohort = await trx
        .insertInto('cohorts')
        .values({
          program_id: program.id,
          dinas_id: dinas.id,
          name: `${spec.name} ${year}`,
          status: spec.status,
          venue_name: spec.venue,
          venue_address: 'Kota Pekalongan, Jawa Tengah',
          time_zone: 'Asia/Jakarta',
          capacity: 25,
          quota_per_cooperative: 2,
          starts_on: spec.startsOn,
          ends_on: planEndDate(DEMO_PROGRAM_DAYS, spec.startsOn),
          registration_opens_at: zonedTimeToUtc(addDays(spec.startsOn, isPast ? -45 : -60), '08:00', 'Asia/Jakarta'),
          registration_closes_at: zonedTimeToUtc(addDays(spec.startsOn, -7), '16:00', 'Asia/Jakarta'),
          training_institute_id: institute.id,
          certification_body_id: lsp.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('cohort_sessions')
        .values(
          planSessions(DEMO_PROGRAM_DAYS, spec.startsOn, 'Asia/Jakarta').map((s) => ({
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
      await trx
        .insertInto('cohort_assessors')
        .values([
          { cohort_id: cohort.id, user_id: userIds['asesor1@kompeten.test']! },
          { cohort_id: cohort.id, user_id: userIds['asesor2@kompeten.test']! },
        ])
        .execute();
      if (isPast) {
        for (const kabag of kabags.slice(0, 25)) {
          await trx
            .insertInto('enrollments')
            .values({
              cohort_id: cohort.id,
              person_id: kabag.personId,
              cooperative_id: kabag.cooperativeId,
              status: 'confirmed',
              source: 'coordinator',
              requested_by_user_id: userIds['koordinator@kompeten.test']!,
              registered_at: zonedTimeToUtc(addDays(spec.startsOn, -30), '09:00', 'Asia/Jakarta'),
              decided_at: zonedTimeToUtc(addDays(spec.startsOn, -29), '09:00', 'Asia/Jakarta'),
            })
            .execute();
        }
      }
    }
  });
  return true;
}
