import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createImportBatch, getImportBatch, ImportFileError, cancelImportBatch, MAX_IMPORT_BYTES } from '~/domain/cooperatives/import/batches.server';
import { commitImportBatch, keepClaimAlive, startImportCommit } from '~/domain/cooperatives/import/commit.server';
import { listRegistry, registryToday } from '~/domain/cooperatives/registry.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { ConflictError, ForbiddenError, NotFoundError } from '~/lib/errors';
import { type CooperativesWorld, demoToday, openCooperativesWorld, rejectsWith } from '../support/cooperatives-fixtures';
import { expectConsoleError } from '../support/fail-on-console-error';

let handle: DatabaseHandle;
let world: CooperativesWorld;
const today = demoToday();
const utf8 = (text: string) => new TextEncoder().encode(text);

// Without the address street, legal-entity and contact columns: an import leaves those alone.
const REGISTRY_HEADER = 'nomor_induk_koperasi,nama_koperasi,jenis,unit_simpan_pinjam,kelurahan,kecamatan,kabupaten_kota,kode_pos,status';

async function existingRow(number: string) {
  const c = await handle.db.selectFrom('cooperatives').selectAll().where('cooperative_number', '=', number).executeTakeFirstOrThrow();
  return [c.cooperative_number, c.name, c.type, c.savings_loan_unit ?? '', c.village ?? '', c.district ?? '', c.regency ?? '', c.postal_code ?? '', 'aktif'].join(',');
}

async function snapshot() {
  const [cooperatives, people, positions] = await Promise.all([
    handle.db.selectFrom('cooperatives').selectAll().orderBy('id').execute(),
    handle.db.selectFrom('people').select(['id', 'nik', 'full_name']).orderBy('id').execute(),
    handle.db.selectFrom('staff_positions').select(['id', 'position', 'starts_on', 'ends_on']).orderBy('id').execute(),
  ]);
  return JSON.stringify({ cooperatives, people, positions });
}

const view = (batchId: string, actor = world.coordinator) => getImportBatch(handle.db, actor, { batchId, page: 1, pageSize: 100 });

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(today));
});
afterAll(() => handle.close());

describe('importing the registry', () => {
  let file: Uint8Array;

  it('previews creates, updates and unchanged rows without changing anything', async () => {
    const numbers = (await handle.db.selectFrom('cooperatives').select('cooperative_number').where('dinas_id', '=', world.dinasId).orderBy('name').limit(2).execute()).map((r) => r.cooperative_number!);
    const unchanged = await existingRow(numbers[0]!);
    const changed = (await existingRow(numbers[1]!)).replace(/,aktif$/, ',tidak aktif');
    file = utf8(
      [
        REGISTRY_HEADER,
        '3375040000000101,KSP Impor Satu,KSP,,Jenggot,Pekalongan Selatan,Kota Pekalongan,51131,aktif',
        '3375040000000102,Koperasi Konsumen Impor Dua,Konsumen,USP,Banyurip,Pekalongan Selatan,Kota Pekalongan,,',
        '3375040000000103,KSU Impor Tiga,ksu,upps,,,,,diusulkan bubar',
        unchanged,
        changed,
      ].join('\r\n'),
    );
    const before = await snapshot();
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'registri.csv', data: file });
    expect(await snapshot()).toBe(before);
    const preview = await view(batch.id);
    expect(preview).toMatchObject({ status: 'preview', fileFormat: 'csv', rowCount: 5, summary: { created: 3, updated: 1, unchanged: 1, errors: 0 } });
    expect(preview.rows.items.map((r) => [r.row, r.action])).toEqual([
      [2, 'create'], [3, 'create'], [4, 'create'], [5, 'unchanged'], [6, 'update'],
    ]);
    expect(preview.rows.items[4]!.changed).toEqual(['status']);
  });

  it('commits in one go, audited, and a second import of the same file changes nothing', async () => {
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'registri.csv', data: file });
    const summary = await commitImportBatch(handle.db, world.coordinator, batch.id);
    expect(summary).toEqual({ created: 3, updated: 1, unchanged: 1, errors: 0 });
    const created = await handle.db.selectFrom('cooperatives').selectAll().where('cooperative_number', 'in', ['3375040000000101', '3375040000000102', '3375040000000103']).orderBy('cooperative_number').execute();
    expect(created.map((c) => [c.name, c.type, c.savings_loan_unit, c.status, c.slug, c.dinas_id])).toEqual([
      ['KSP Impor Satu', 'KSP', null, 'active', 'ksp-impor-satu', world.dinasId],
      ['Koperasi Konsumen Impor Dua', 'Koperasi Konsumen', 'USP', 'active', 'koperasi-konsumen-impor-dua', world.dinasId],
      ['KSU Impor Tiga', 'KSU', 'UPPS', 'dissolution_proposed', 'ksu-impor-tiga', world.dinasId],
    ]);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'entity_type']).where('actor_user_id', '=', world.ids.coordinatorId).execute();
    expect(audit.filter((a) => a.action === 'cooperative.imported')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'cooperative.updated')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'import.committed')).toHaveLength(1);
    expect((await view(batch.id)).status).toBe('committed');
    await rejectsWith(commitImportBatch(handle.db, world.coordinator, batch.id), ConflictError);

    const before = await snapshot();
    const again = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'registri.csv', data: file });
    expect((await view(again.id)).summary).toEqual({ created: 0, updated: 0, unchanged: 5, errors: 0 });
    expect(await commitImportBatch(handle.db, world.coordinator, again.id)).toEqual({ created: 0, updated: 0, unchanged: 5, errors: 0 });
    expect(await snapshot()).toBe(before);
  });

  it('clears a field for a blank cell but keeps fields whose column the file lacks', async () => {
    const seeded = await handle.db.selectFrom('cooperatives').selectAll().where('dinas_id', '=', world.dinasId).where('phone', 'is not', null).orderBy('name', 'desc').executeTakeFirstOrThrow();
    const data = utf8(`nomor_induk_koperasi,nama_koperasi,jenis,kode_pos\n${seeded.cooperative_number},${seeded.name},${seeded.type},\n`);
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    expect((await view(batch.id)).rows.items[0]).toMatchObject({ action: 'update', changed: ['postalCode'] });
    await commitImportBatch(handle.db, world.coordinator, batch.id);
    const after = await handle.db.selectFrom('cooperatives').selectAll().where('id', '=', seeded.id).executeTakeFirstOrThrow();
    expect(after.postal_code).toBeNull();
    expect([after.phone, after.street, after.village, after.status, after.legal_entity_number]).toEqual([seeded.phone, seeded.street, seeded.village, seeded.status, seeded.legal_entity_number]);
  });

  it('reports every error of an XLSX file by row and column, and refuses to commit it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Koperasi');
    sheet.addRow(['Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis', 'Kode Pos']);
    sheet.addRow(['3375040000000201', 'KSP Baik', 'KSP', '51111']);
    sheet.addRow(['3375040000000202', 'KSP Salah Jenis', 'Bank Perkreditan', '51111']);
    sheet.addRow(['3375040000000203', '', 'KSP', '5111']);
    sheet.addRow(['3375040000000201', 'KSP Baik Lagi', 'KSP', '']);
    sheet.addRow([3375040000000204, 'KSP Angka', 'KSP', '']);
    sheet.addRow([world.other.cooperativeId ? '3325010000000001' : '', 'KSP Batang', 'KSP', '']);
    await handle.db.updateTable('cooperatives').set({ cooperative_number: '3325010000000001' }).where('id', '=', world.other.cooperativeId).execute();
    const before = await snapshot();
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'registri.xlsx', data: new Uint8Array(await workbook.xlsx.writeBuffer()) });
    const preview = await view(batch.id);
    expect(preview.fileFormat).toBe('xlsx');
    expect(preview.summary).toMatchObject({ created: 1, errors: 5 });
    expect(preview.issues.items.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Jenis', 'cooperatives:import.errors.unknownType'],
      [4, 'Nama Koperasi', 'cooperatives:import.errors.required'],
      [4, 'Kode Pos', 'cooperatives:errors.postalCodeFormat'],
      [5, 'Nomor Induk Koperasi', 'cooperatives:import.errors.duplicateInFile'],
      [6, 'Nomor Induk Koperasi', 'cooperatives:import.errors.numericId'],
      [7, 'nomor_induk_koperasi', 'cooperatives:import.errors.numberOfOtherDinas'],
    ]);
    expect(preview.rows.items).toEqual([]);
    await rejectsWith(commitImportBatch(handle.db, world.coordinator, batch.id), ConflictError);
    expect(await snapshot()).toBe(before);
  });

  it('commits all or nothing: a row the database refuses rolls back the rows before it', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000301,KSP Akan Batal,KSP,,,,,,', `${(await existingRow('3375040000000101')).replace('KSP Impor Satu', 'KSP Impor Satu Baru')}`].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    expect((await view(batch.id)).summary).toMatchObject({ created: 1, updated: 1 });
    // Simulate a value only the database rejects (its CHECK on postal codes) in the update, written after the create.
    const stored = await handle.db.selectFrom('import_batches').select('rows').where('id', '=', batch.id).executeTakeFirstOrThrow();
    const rows = stored.rows as { values: Record<string, unknown> }[];
    rows[1]!.values.postalCode = 'XXXXX';
    await handle.db.updateTable('import_batches').set({ rows: JSON.stringify(rows) }).where('id', '=', batch.id).execute();
    const before = await snapshot();
    expectConsoleError(1); // the refusal is logged: validation should have caught it
    expect(await commitImportBatch(handle.db, world.coordinator, batch.id)).toBeNull();
    expect(await snapshot()).toBe(before);
    const failed = await view(batch.id);
    expect(failed).toMatchObject({ status: 'failed', failure: 'cooperatives:import.failure.database' });
  });

  it('fails the whole batch when the database changed since the preview', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000401,KSP Empat Satu,KSP,,,,,,', '3375040000000402,KSP Empat Dua,KSP,,,,,,'].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    await handle.db.insertInto('cooperatives').values({ dinas_id: world.other.dinasId, name: 'Milik Batang', slug: 'milik-batang', type: 'KSP', cooperative_number: '3375040000000402' }).execute();
    const before = await snapshot();
    const { done } = await startImportCommit(handle.db, world.coordinator, batch.id);
    await done;
    expect(await snapshot()).toBe(before);
    expect(await view(batch.id)).toMatchObject({ status: 'failed', failure: 'cooperatives:import.failure.changed' });
  });

  it('refuses malformed files with a clear message and keeps no batch', async () => {
    const tryFile = async (data: Uint8Array) => (await rejectsWith(createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'f', data }), ImportFileError)).message;
    const batchesBefore = (await handle.db.selectFrom('import_batches').select('id').execute()).length;
    expect(await tryFile(new Uint8Array([0x6e, 0x61, 0x6d, 0x61, 0x0a, 0xe9, 0xe8, 0x0a]))).toBe('cooperatives:import.file.encoding');
    expect(await tryFile(utf8('nama,alamat\nKSP,Jl\n'))).toBe('cooperatives:import.file.missingColumns');
    expect(await tryFile(utf8(`${REGISTRY_HEADER}\n`))).toBe('cooperatives:import.file.empty');
    expect(await tryFile(new Uint8Array())).toBe('cooperatives:import.file.empty');
    expect(await tryFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe('cooperatives:import.file.legacyExcel');
    expect(await tryFile(new Uint8Array(MAX_IMPORT_BYTES + 1))).toBe('cooperatives:import.file.tooLarge');
    expect((await handle.db.selectFrom('import_batches').select('id').execute()).length).toBe(batchesBefore);
    // An unknown column is no longer fatal: it is ignored, and the preview says so.
    const ignoring = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data: utf8(`${REGISTRY_HEADER},warna\n3375040000000501,K,KSP,,,,,,,merah\n`) });
    expect((await view(ignoring.id)).mapping).toMatchObject({ headerRow: 1, ignored: ['warna'] });
    await cancelImportBatch(handle.db, world.coordinator, ignoring.id);
  });

  it('keeps each batch to its uploader and the registry import to coordinators', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000601,KSP Enam,KSP,,,,,,'].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    await rejectsWith(view(batch.id, world.otherCoordinator), NotFoundError);
    await rejectsWith(commitImportBatch(handle.db, world.otherCoordinator, batch.id), NotFoundError);
    await rejectsWith(createImportBatch(handle.db, world.admin, { kind: 'registry', fileName: 'x.csv', data }), NotFoundError);
    await cancelImportBatch(handle.db, world.coordinator, batch.id);
    await rejectsWith(commitImportBatch(handle.db, world.coordinator, batch.id), ConflictError);
    expect(await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', '3375040000000601').executeTakeFirst()).toBeUndefined();
  });
});

describe('a commit’s heartbeat', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const heartbeat = async (id: string) => (await handle.db.selectFrom('import_batches').select('heartbeat_at').where('id', '=', id).executeTakeFirstOrThrow()).heartbeat_at;

  it('beats while its worker lives, only for the worker’s own claim, and a batch without it is interrupted', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000701,KSP Detak,KSP,,,,,,'].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    expect((await view(batch.id)).interrupted).toBe(false); // a preview
    const startedAt = new Date(Date.now() - 120_000);
    await handle.db.updateTable('import_batches').set({ status: 'committing', started_at: startedAt, heartbeat_at: startedAt }).where('id', '=', batch.id).execute();
    expect((await view(batch.id)).interrupted).toBe(true);

    // A worker holding another claim (an older one, taken over) does not keep this one alive.
    const stale = keepClaimAlive(handle.db, batch.id, new Date(startedAt.getTime() - 1000), 10);
    await sleep(80);
    stale();
    expect(await heartbeat(batch.id)).toEqual(startedAt);

    const stop = keepClaimAlive(handle.db, batch.id, startedAt, 10);
    await vi.waitFor(async () => expect((await heartbeat(batch.id))!.getTime()).toBeGreaterThan(Date.now() - 5_000));
    expect((await view(batch.id)).interrupted).toBe(false);
    stop();
    await sleep(30);
    const last = await heartbeat(batch.id);
    await sleep(80);
    expect(await heartbeat(batch.id)).toEqual(last); // stopped with its worker
  });

  it('is set by the claim, and a retry of an interrupted batch commits it once', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000702,KSP Detak Dua,KSP,,,,,,'].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    const ago = new Date(Date.now() - 60_000);
    await handle.db.updateTable('import_batches').set({ status: 'committing', started_at: ago, heartbeat_at: ago }).where('id', '=', batch.id).execute();
    const before = await snapshot();
    expect((await view(batch.id)).interrupted).toBe(true);
    expect(await snapshot()).toBe(before); // nothing of the dead worker's commit is there
    expect(await commitImportBatch(handle.db, world.coordinator, batch.id)).toMatchObject({ created: 1 });
    const row = await handle.db.selectFrom('import_batches').select(['status', 'started_at', 'heartbeat_at']).where('id', '=', batch.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('committed');
    expect(row.started_at!.getTime()).toBeGreaterThan(ago.getTime());
    expect(row.heartbeat_at!.getTime()).toBeGreaterThan(ago.getTime());
    await rejectsWith(commitImportBatch(handle.db, world.coordinator, batch.id), ConflictError);
  });

  it('lets a cancel end an interrupted batch, but not a live one', async () => {
    const data = utf8([REGISTRY_HEADER, '3375040000000703,KSP Detak Tiga,KSP,,,,,,'].join('\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    await handle.db.updateTable('import_batches').set({ status: 'committing', started_at: new Date(), heartbeat_at: new Date() }).where('id', '=', batch.id).execute();
    await rejectsWith(cancelImportBatch(handle.db, world.coordinator, batch.id), ConflictError);
    await handle.db.updateTable('import_batches').set({ heartbeat_at: new Date(Date.now() - 60_000) }).where('id', '=', batch.id).execute();
    await cancelImportBatch(handle.db, world.coordinator, batch.id);
    expect((await view(batch.id)).status).toBe('cancelled');
  });
});

describe('importing rosters', () => {
  const header = 'nomor_induk_koperasi;nik;nama_lengkap;jabatan;tanggal_mulai;tanggal_selesai';

  it('creates people and positions by NIK, and a re-import changes nothing', async () => {
    const number = (await handle.db.selectFrom('cooperatives').select('cooperative_number').where('id', '=', world.neighbour.id).executeTakeFirstOrThrow()).cooperative_number!;
    const seeded = await handle.db
      .selectFrom('staff_positions as sp')
      .innerJoin('people as p', 'p.id', 'sp.person_id')
      .select(['p.nik', 'p.full_name', 'sp.position', 'sp.starts_on'])
      .where('sp.cooperative_id', '=', world.neighbour.id)
      .orderBy('sp.position')
      .executeTakeFirstOrThrow();
    const data = utf8(
      [
        header,
        `${number};3375016203880001;Dewi Lestari;Kasir;02/01/2023;`,
        `${number};3375016203880001;Dewi Lestari;Teller;2022-01-03;2022-12-31`,
        `${number};${seeded.nik};${seeded.full_name};${seeded.position};${seeded.starts_on};${today}`,
      ].join('\n'),
    );
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'roster', fileName: 'pengurus.csv', data });
    expect((await view(batch.id)).summary).toEqual({ created: 2, updated: 1, unchanged: 0, errors: 0 });
    expect(await commitImportBatch(handle.db, world.coordinator, batch.id)).toEqual({ created: 2, updated: 1, unchanged: 0, errors: 0, peopleCreated: 1 });
    const dewi = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .select(['p.full_name', 'sp.position', 'sp.starts_on', 'sp.ends_on', 'sp.cooperative_id'])
      .where('p.nik', '=', '3375016203880001')
      .orderBy('sp.starts_on')
      .execute();
    expect(dewi).toEqual([
      { full_name: 'Dewi Lestari', position: 'Teller', starts_on: '2022-01-03', ends_on: '2022-12-31', cooperative_id: world.neighbour.id },
      { full_name: 'Dewi Lestari', position: 'Kasir', starts_on: '2023-01-02', ends_on: null, cooperative_id: world.neighbour.id },
    ]);
    const before = await snapshot();
    const again = await createImportBatch(handle.db, world.coordinator, { kind: 'roster', fileName: 'pengurus.csv', data });
    expect((await view(again.id)).summary).toEqual({ created: 0, updated: 0, unchanged: 3, errors: 0 });
    await commitImportBatch(handle.db, world.coordinator, again.id);
    expect(await snapshot()).toBe(before);
  });

  it('keeps a cooperative admin’s import to their own cooperative and checks names against known NIKs', async () => {
    const [own, neighbour] = await Promise.all(
      [world.ownCooperativeId, world.neighbour.id].map(async (id) => (await handle.db.selectFrom('cooperatives').select('cooperative_number').where('id', '=', id).executeTakeFirstOrThrow()).cooperative_number!),
    );
    const data = utf8(
      [
        header,
        `${own};3375016203880001;Dewi Lestari;Kasir;2024-01-02;`,
        `${neighbour};3375016203880002;Eko Prasetyo;Kasir;;`,
        `${own};3375016203880001;Dewi Lestari Wati;Teller;;`,
        `${own};3375010000000000;Nol;Teller;;`,
      ].join('\n'),
    );
    await rejectsWith(createImportBatch(handle.db, world.admin, { kind: 'roster', cooperativeId: world.neighbour.id, fileName: 'x.csv', data }), NotFoundError);
    const batch = await createImportBatch(handle.db, world.admin, { kind: 'roster', cooperativeId: world.ownCooperativeId, fileName: 'x.csv', data });
    const preview = await view(batch.id, world.admin);
    expect(preview.issues.items.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'nomor_induk_koperasi', 'cooperatives:import.errors.notYourCooperative'],
      [4, 'nama_lengkap', 'cooperatives:import.errors.nameConflictInFile'],
      [5, 'nik', 'cooperatives:errors.nik.zeros'],
    ]);
    const mismatch = await createImportBatch(handle.db, world.admin, { kind: 'roster', cooperativeId: world.ownCooperativeId, fileName: 'x.csv', data: utf8(`${header}\n${own};3375016203880001;Dewi Lestary;Kasir;;\n`) });
    expect((await view(mismatch.id, world.admin)).issues.items.map((i) => [i.row, i.column, i.message])).toEqual([[2, 'nama_lengkap', 'cooperatives:import.errors.nameMismatch']]);
    const ok = await createImportBatch(handle.db, world.admin, { kind: 'roster', cooperativeId: world.ownCooperativeId, fileName: 'x.csv', data: utf8(`${header}\n${own};3375016203880001;dewi  lestari;Kasir;2024-01-02;\n`) });
    expect(await commitImportBatch(handle.db, world.admin, ok.id)).toMatchObject({ created: 1, peopleCreated: 0 });
    await rejectsWith(createImportBatch(handle.db, world.admin, { kind: 'registry', cooperativeId: world.ownCooperativeId, fileName: 'x.csv', data }), NotFoundError);
    await rejectsWith(createImportBatch(handle.db, world.neighbourAdmin, { kind: 'roster', cooperativeId: world.ownCooperativeId, fileName: 'x.csv', data }), NotFoundError);
    expect(ForbiddenError).toBeDefined();
  });
});

describe("a Dinas's own registry export (issue 11)", () => {
  async function dinasXlsx(rows: (string | number | Date | null)[][]) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['DATA KOPERASI KOTA PEKALONGAN TAHUN 2025']);
    sheet.addRow(['No', 'Nomor Induk Koperasi', 'Nama Koperasi', 'Jenis Koperasi', 'No. Badan Hukum', 'Tgl. Badan Hukum', 'Alamat', 'Kelurahan/Desa', 'Kecamatan', 'Kab/Kota', 'Telp', 'RAT Terakhir', 'Keterangan']);
    for (const row of rows) sheet.addRow(row);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it('finds the header row under the title, reads aliases and DD-MM-YYYY dates, ignores unknown columns with a note, and keeps the file row numbers', async () => {
    const data = await dinasXlsx([
      [1, '3375040000000201', 'KSP Dinas Satu', 'KSP', 'AHU-0001.AH.01.26.2019', '05-03-2019', 'Jl. Merdeka 1', 'Jenggot', 'Pekalongan Selatan', 'Kota Pekalongan', '0285-111', 2025, 'baik'],
      [2, '3375040000000202', 'KSU Dinas Dua', 'KSU', null, new Date(Date.UTC(2020, 6, 9)), null, null, null, null, null, '2025', null],
    ]);
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'DATA KOPERASI 2025.xlsx', data });
    const preview = await view(batch.id);
    expect(preview.issues.items).toEqual([]);
    expect(preview.summary).toMatchObject({ created: 2, errors: 0 });
    expect(preview.rows.items.map((r) => r.row)).toEqual([3, 4]);
    expect(preview.mapping).toMatchObject({ headerRow: 2, ignored: ['No', 'Keterangan'] });
    expect(preview.mapping!.columns).toContainEqual({ header: 'Tgl. Badan Hukum', as: 'tanggal_badan_hukum' });
    expect(preview.mapping!.columns).toContainEqual({ header: 'Kab/Kota', as: 'kabupaten_kota' });
    expect(preview.mapping!.columns).toContainEqual({ header: 'RAT Terakhir', as: 'rat_terakhir' });
    await commitImportBatch(handle.db, world.coordinator, batch.id);
    const saved = await handle.db.selectFrom('cooperatives').selectAll().where('cooperative_number', 'in', ['3375040000000201', '3375040000000202']).orderBy('cooperative_number').execute();
    expect(saved.map((c) => [c.name, c.legal_entity_number, c.legal_entity_date, c.regency, c.phone])).toEqual([
      ['KSP Dinas Satu', 'AHU-0001.AH.01.26.2019', '2019-03-05', 'Kota Pekalongan', '0285-111'],
      ['KSU Dinas Dua', null, '2020-07-09', null, null],
    ]);
  });

  it('reports an impossible date and a RAT year in the future at their file row and column', async () => {
    const year = Number(today.slice(0, 4));
    const data = await dinasXlsx([
      [1, '3375040000000203', 'KSP Dinas Tiga', 'KSP', null, '31-02-2019', null, null, null, null, null, year - 1, null],
      [2, '3375040000000204', 'KSP Dinas Empat', 'KSP', null, '1/2/2019', null, null, null, null, null, year + 1, null],
    ]);
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.xlsx', data });
    const preview = await view(batch.id);
    expect(preview.issues.items.map((i) => [i.row, i.column, i.message])).toEqual([
      [3, 'Tgl. Badan Hukum', 'cooperatives:import.errors.dateInvalid'],
      [4, 'RAT Terakhir', 'cooperatives:import.errors.ratYearFuture'],
    ]);
  });

  it('reads the CSV variant (title line, semicolons, No column) the same way', async () => {
    const data = utf8(
      [
        'DATA KOPERASI KOTA PEKALONGAN TAHUN 2025;;;;',
        'No;NIK Koperasi;Nama Koperasi;Jenis;Tanggal BH',
        '1;3375040000000205;KSP Dinas Lima;KSP;7-8-2018',
      ].join('\r\n'),
    );
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'x.csv', data });
    const preview = await view(batch.id);
    expect(preview.issues.items).toEqual([]);
    expect(preview.rows.items.map((r) => [r.row, r.action])).toEqual([[3, 'create']]);
    expect(preview.mapping).toMatchObject({ headerRow: 2, ignored: ['No'] });
  });

  it('reads a roster with its usual headings under a title row', async () => {
    const number = (await handle.db.selectFrom('cooperatives').select('cooperative_number').where('dinas_id', '=', world.dinasId).where('cooperative_number', 'is not', null).limit(1).executeTakeFirstOrThrow()).cooperative_number!;
    const data = utf8(['DAFTAR PENGURUS 2025,,,,,', 'No,Nomor Induk Koperasi,No. KTP,Nama Lengkap,Jabatan,Tgl. Mulai', `1,${number},3375044101900001,Siti Rahma,Bendahara,02-01-2024`].join('\r\n'));
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'roster', fileName: 'pengurus.csv', data });
    const preview = await view(batch.id);
    expect(preview.issues.items.filter((i) => i.column !== 'No. KTP')).toEqual([]);
    expect(preview.mapping).toMatchObject({ headerRow: 2, ignored: ['No'] });
    expect(preview.mapping!.columns).toContainEqual({ header: 'Tgl. Mulai', as: 'tanggal_mulai' });
    expect(preview.mapping!.columns).toContainEqual({ header: 'No. KTP', as: 'nik' });
  });

  it('records the last RAT the file dates, so the "no RAT last year" filter no longer lists it; a RAT given by its year alone is recorded without its day', async () => {
    const dinasToday = await registryToday(handle.db, world.coordinator);
    const year = Number(dinasToday.slice(0, 4));
    const heldOn = `${year}-01-01`;
    const data = await dinasXlsx([
      [1, '3375040000000211', 'KSP RAT Bertanggal', 'KSP', null, null, null, null, null, null, null, `01-01-${year}`, null],
      [2, '3375040000000212', 'KSP RAT Tahun Saja', 'KSP', null, null, null, null, null, null, null, year - 1, null],
    ]);
    const batch = await createImportBatch(handle.db, world.coordinator, { kind: 'registry', fileName: 'rat.xlsx', data });
    const preview = await view(batch.id);
    expect(preview.issues.items).toEqual([]);
    expect(preview.mapping!.ratYearOnly).toEqual({ years: String(year - 1), count: 1 });
    await commitImportBatch(handle.db, world.coordinator, batch.id);
    const meetings = await handle.db
      .selectFrom('annual_meetings as m')
      .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
      .select(['c.cooperative_number', 'm.fiscal_year', 'm.held_on'])
      .where('c.cooperative_number', 'in', ['3375040000000211', '3375040000000212'])
      .orderBy('c.cooperative_number')
      .execute();
    expect(meetings).toEqual([
      { cooperative_number: '3375040000000211', fiscal_year: year - 1, held_on: heldOn },
      { cooperative_number: '3375040000000212', fiscal_year: year - 1, held_on: null },
    ]);
    const listed = await listRegistry(handle.db, world.coordinator, { q: 'KSP RAT', noRatLastYear: true }, { page: 1, pageSize: 25, sort: 'name', dir: 'asc', offset: 0 }, dinasToday);
    expect(listed.items.map((c) => c.name)).toEqual([]);
    const audit = await handle.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'annual_meeting.recorded').execute();
    expect(audit.map((a) => a.after)).toContainEqual({ fiscalYear: year - 1, heldOn, source: 'import' });

    // A RAT date in the future is an error at its row.
    const later = await createImportBatch(handle.db, world.coordinator, {
      kind: 'registry',
      fileName: 'rat2.xlsx',
      data: await dinasXlsx([[1, '3375040000000213', 'KSP RAT Nanti', 'KSP', null, null, null, null, null, null, null, `01-01-${year + 1}`, null]]),
    });
    expect((await view(later.id)).issues.items.map((i) => [i.row, i.column, i.message])).toEqual([[3, 'RAT Terakhir', 'cooperatives:import.errors.ratDateFuture']]);
  });
});
