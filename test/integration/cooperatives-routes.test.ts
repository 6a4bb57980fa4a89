import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { addDays } from '~/lib/dates';
import { loadApp, type TestApp } from '../support/app';
import { type CooperativesWorld, demoToday, openCooperativesWorld } from '../support/cooperatives-fixtures';
import { MAX_IMPORT_BYTES } from '~/domain/cooperatives/import/batches.server';

let handle: DatabaseHandle;
let app: TestApp;
let world: CooperativesWorld;
const cookies: Record<'coordinator' | 'admin' | 'otherCoordinator' | 'neighbourAdmin', string> = { coordinator: '', admin: '', otherCoordinator: '', neighbourAdmin: '' };
const today = demoToday();

beforeAll(async () => {
  ({ handle, world } = await openCooperativesWorld(today));
  app = await loadApp(handle);
  cookies.coordinator = await app.sessionCookie(world.ids.coordinatorId);
  cookies.admin = await app.sessionCookie(world.ids.adminId);
  cookies.otherCoordinator = await app.sessionCookie(world.ids.otherCoordinatorId);
  cookies.neighbourAdmin = await app.sessionCookie(world.ids.neighbourAdminId);
});
afterAll(() => handle.close());

const html = async (path: string, cookie: string) => {
  const response = await app.request(path, { cookie });
  return { status: response.status, text: await response.text(), response };
};

/** The body rows of the table with this class, as cell texts. */
function tableRows(page: string, className: string): string[][] {
  const table = new RegExp(`<table class="[^"]*\\b${className}\\b[^"]*">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').trim()),
  );
}

function upload(path: string, fields: Record<string, string>, file: { name: string; data: Uint8Array | string }, cookie: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new File([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], file.name));
  return app.request(path, { method: 'POST', body: form, cookie, redirect: 'manual' });
}

describe('registry pages', () => {
  it('lists, searches and filters the registry for the coordinator', async () => {
    const all = await html('/cooperatives', cookies.coordinator);
    expect(all.status).toBe(200);
    expect(all.text).toContain('Registri koperasi');
    expect(all.text).toContain('KSP Batik Makmur');
    const medono = await html('/cooperatives?q=medono&sort=number&dir=desc', cookies.coordinator);
    expect((medono.text.match(/<tr>/g) ?? []).length).toBe(9); // header + 8
    expect(medono.text).not.toContain('Noyontaan');
    const noRat = await html('/cooperatives?noRat=1', cookies.coordinator);
    expect((noRat.text.match(/class="rat-flag"/g) ?? []).length).toBe(6);
  });

  it('sends the cooperative admin to their own cooperative, and hides other Dinas', async () => {
    const admin = await app.request('/cooperatives', { cookie: cookies.admin, redirect: 'manual' });
    expect(admin.status).toBe(302);
    expect(admin.headers.get('Location')).toBe(`/cooperatives/${world.ownCooperativeId}`);
    expect((await html(`/cooperatives/${world.ownCooperativeId}`, cookies.otherCoordinator)).status).toBe(404);
    expect((await html(`/cooperatives/${world.ownCooperativeId}/roster`, cookies.neighbourAdmin)).status).toBe(404);
    expect((await html(`/cooperatives/${world.ownCooperativeId}/edit`, cookies.admin)).status).toBe(403);
    const post = await app.postForm(`/cooperatives/${world.ownCooperativeId}/edit`, { name: 'X', type: 'KSP', cooperativeNumber: '3375049999990099' }, cookies.neighbourAdmin);
    expect(post.status).toBe(404);
    const roster = await app.request('/cooperatives/roster', { cookie: cookies.admin, redirect: 'manual' });
    expect(roster.headers.get('Location')).toBe(`/cooperatives/${world.ownCooperativeId}/roster`);
  });

  it('shows a cooperative with its RAT standing, roster and history', async () => {
    await app.postForm(`/cooperatives/${world.ownCooperativeId}`, { intent: 'record-meeting', fiscalYear: String(Number(today.slice(0, 4)) - 1), heldOn: today }, cookies.coordinator);
    const page = await html(`/cooperatives/${world.ownCooperativeId}`, cookies.coordinator);
    expect(page.text).toMatch(/RAT tepat waktu \d+ tahun berturut-turut|Belum ada RAT tepat waktu/);
    expect(page.text).toContain('Kepala Bagian Pembiayaan');
    expect(page.text).toMatch(/class="history-list"[\s\S]*annual_meeting\.recorded|class="history-list"[\s\S]*RAT/);
    const asAdmin = await html(`/cooperatives/${world.ownCooperativeId}`, cookies.admin);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.text).not.toContain('class="entity-history"'); // the history is the coordinator's
    expect(asAdmin.text).not.toContain(`/cooperatives/${world.ownCooperativeId}/edit`);
  });

  it('creates a cooperative through the form, with field errors first', async () => {
    const bad = await app.postForm('/cooperatives/new', { name: '', type: 'KSP', cooperativeNumber: '12', status: 'active' }, cookies.coordinator);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Masukkan nama koperasi');
    expect(text).toContain('Nomor induk koperasi harus 16 digit angka');
    const ok = await app.postForm('/cooperatives/new', { name: 'KSP Form Baru', type: 'KSP', cooperativeNumber: '3375049999990777', status: 'active', village: 'Tirto' }, cookies.coordinator);
    expect(ok.status).toBe(302);
    const detail = await html(ok.headers.get('Location')!, `${cookies.coordinator}; ${ok.headers.get('Set-Cookie')!.split(';')[0]}`);
    expect(detail.text).toContain('KSP Form Baru');
    expect(detail.text).toContain('Koperasi KSP Form Baru ditambahkan.');
  });
});

describe('forms with errors', () => {
  it('answer 400 with the errors, and change nothing', async () => {
    const cooperative = `/cooperatives/${world.ownCooperativeId}`;
    const edit = await app.postForm(`${cooperative}/edit`, { name: 'KSP Tanpa Nomor', type: 'KSP', cooperativeNumber: '12' }, cookies.coordinator);
    expect(edit.status).toBe(400);
    expect(await edit.text()).toContain('Nomor induk koperasi harus 16 digit angka');
    const rat = await app.postForm(cooperative, { intent: 'record-meeting', fiscalYear: 'tahun', heldOn: '' }, cookies.coordinator);
    expect(rat.status).toBe(400);
    const add = await app.postForm(`${cooperative}/roster`, { nik: '3375016607910002', fullName: 'Tanpa Jabatan', position: '' }, cookies.admin);
    expect(add.status).toBe(400);
    expect(await add.text()).toContain('NIK ini belum terdaftar'); // the second step again, with its errors
    const position = (await handle.db.selectFrom('staff_positions').select('id').where('cooperative_id', '=', world.ownCooperativeId).executeTakeFirstOrThrow()).id;
    const rename = await app.postForm(`${cooperative}/roster/${position}`, { intent: 'edit', position: '' }, cookies.admin);
    expect(rename.status).toBe(400);
    const end = await app.postForm(`${cooperative}/roster/${position}`, { intent: 'end', endsOn: 'kemarin' }, cookies.admin);
    expect(end.status).toBe(400);
    expect(await handle.db.selectFrom('people').select('id').where('nik', '=', '3375016607910002').executeTakeFirst()).toBeUndefined();
  });
});

describe('roster pages', () => {
  it('lets the cooperative admin add a person in two steps without JavaScript, NIK masked', async () => {
    const path = `/cooperatives/${world.ownCooperativeId}/roster`;
    const page = await html(path, cookies.admin);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/3375\*{8}\d{4}/);
    expect(page.text).not.toMatch(/>3375\d{12}</);
    const lookup = await app.postForm(path, { intent: 'lookup', nik: '3375016607910001' }, cookies.admin);
    const step2 = await lookup.text();
    expect(step2).toContain('NIK ini belum terdaftar');
    expect(step2).toContain('<datalist id="position-suggestions">');
    const add = await app.postForm(path, { nik: '3375016607910001', fullName: 'Yuni Astuti', birthDate: '1991-07-26', position: 'Teller', startsOn: '', endsOn: '' }, cookies.admin);
    expect(add.status).toBe(302);
    const after = await html(path, cookies.admin);
    expect(after.text).toContain('Yuni Astuti');
    const known = await (await app.postForm(`/cooperatives/${world.neighbour.id}/roster`, { intent: 'lookup', nik: '3375016607910001' }, cookies.neighbourAdmin)).text();
    expect(known).toContain('Yuni Astuti');
    expect(known).toContain('3375********0001');
  });
});

describe('a move between cooperatives through the form', () => {
  it('ends the old position when its box is ticked (one value posted)', async () => {
    const person = await handle.db.selectFrom('people').select('id').where('nik', '=', '3375016607910001').executeTakeFirstOrThrow();
    const old = await handle.db.selectFrom('staff_positions').select('id').where('person_id', '=', person.id).executeTakeFirstOrThrow();
    const path = `/cooperatives/${world.neighbour.id}/roster`;
    const step2 = await (await app.postForm(path, { intent: 'lookup', nik: '3375016607910001' }, cookies.coordinator)).text();
    expect(step2).toMatch(new RegExp(`name="endPositionIds"[^>]*value="${old.id}"`));
    // She joined her first cooperative today (earlier test), so the move starts later: in two
    // days, so that it is still in the future if the file runs across midnight in WIB.
    const sameDay = await app.postForm(path, { nik: '3375016607910001', position: 'Kasir', startsOn: today, endPositionIds: old.id }, cookies.coordinator);
    expect(await sameDay.text()).toContain('Tanggal mulai harus setelah tanggal mulai jabatan lama');
    const moved = await app.postForm(path, { nik: '3375016607910001', position: 'Kasir', startsOn: addDays(today, 2), endPositionIds: old.id }, cookies.coordinator);
    expect(moved.status).toBe(302);
    const ended = await handle.db.selectFrom('staff_positions').select('ends_on').where('id', '=', old.id).executeTakeFirstOrThrow();
    expect(ended.ends_on).toBe(addDays(today, 1));
    expect(await handle.db.selectFrom('staff_positions').select('position').where('person_id', '=', person.id).where('cooperative_id', '=', world.neighbour.id).execute()).toEqual([{ position: 'Kasir' }]);
  });
});

describe('import and export pages', () => {
  it('uploads an XLSX with an error, shows it by row and column, then imports the fixed file', async () => {
    const build = async (type: string) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Koperasi');
      sheet.addRow(['nomor_induk_koperasi', 'nama_koperasi', 'jenis', 'kelurahan']);
      sheet.addRow(['3375030000000801', 'KSP Rute Satu', 'KSP', 'Krapyak']);
      sheet.addRow(['3375030000000802', 'KSP Rute Dua', type, 'Degayu']);
      return new Uint8Array(await workbook.xlsx.writeBuffer());
    };
    const first = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'registri.xlsx', data: await build('Bank') }, cookies.coordinator);
    expect(first.status).toBe(302);
    const preview = await html(first.headers.get('Location')!, cookies.coordinator);
    expect(preview.text).toContain('Berkas ini memiliki kesalahan');
    expect(tableRows(preview.text, 'import-issues')).toEqual([['3', 'jenis', expect.stringContaining('Jenis koperasi tidak dikenal'), 'Bank']]);
    expect(preview.text).not.toContain('Konfirmasi dan simpan');

    const second = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'registri.xlsx', data: await build('KSPPS') }, cookies.coordinator);
    const batchPath = second.headers.get('Location')!;
    expect((await html(batchPath, cookies.coordinator)).text).toContain('Konfirmasi dan simpan 2 baris');
    const confirm = await app.postForm(batchPath, { intent: 'confirm' }, cookies.coordinator);
    expect(confirm.status).toBe(303);
    const result = await html(batchPath, cookies.coordinator);
    expect(result.text).toContain('Impor selesai');
    const created = await handle.db.selectFrom('cooperatives').select(['name', 'type']).where('cooperative_number', 'in', ['3375030000000801', '3375030000000802']).orderBy('name').execute();
    expect(created).toEqual([
      { name: 'KSP Rute Dua', type: 'KSPPS' },
      { name: 'KSP Rute Satu', type: 'KSP' },
    ]);
    expect((await html(batchPath, cookies.otherCoordinator)).status).toBe(404);
  });

  it('shows a committing batch as a page that refreshes itself, and never takes it from a live worker', async () => {
    const upload1 = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'r.csv', data: 'nomor_induk_koperasi,nama_koperasi,jenis\n3375030000000901,KSP Progres,KSP\n' }, cookies.coordinator);
    const batchPath = upload1.headers.get('Location')!;
    const batchId = batchPath.split('/').pop()!;
    // Another process commits it: claimed a minute ago, its heartbeat fresh.
    const startedAt = new Date(Date.now() - 60_000);
    await handle.db.updateTable('import_batches').set({ status: 'committing', started_at: startedAt, heartbeat_at: new Date() }).where('id', '=', batchId).execute();
    const committing = await html(batchPath, cookies.coordinator);
    expect(committing.text).toContain('<meta http-equiv="refresh" content="2"/>');
    expect(committing.text).toContain('Menyimpan 1 baris dalam satu transaksi');
    expect(committing.text).toContain('<progress');
    expect(committing.text).not.toContain('Coba lagi');
    const again = await app.postForm(batchPath, { intent: 'confirm' }, cookies.coordinator);
    expect(again.status).toBe(302); // back, with the refusal as a toast
    const cancel = await app.postForm(batchPath, { intent: 'cancel' }, cookies.coordinator);
    expect(cancel.status).toBe(302);
    const row = await handle.db.selectFrom('import_batches').select(['status', 'started_at']).where('id', '=', batchId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'committing', started_at: startedAt });
    expect(await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', '3375030000000901').executeTakeFirst()).toBeUndefined();
  });

  it('offers to try again once the worker is gone (no heartbeat for 30 s), and the retry commits', async () => {
    const upload1 = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'r.csv', data: 'nomor_induk_koperasi,nama_koperasi,jenis\n3375030000000911,KSP Terputus,KSP\n' }, cookies.coordinator);
    const batchPath = upload1.headers.get('Location')!;
    const batchId = batchPath.split('/').pop()!;
    // A worker claimed it and died a minute ago: its transaction rolled back, the row stayed 'committing'.
    const ago = new Date(Date.now() - 60_000);
    await handle.db.updateTable('import_batches').set({ status: 'committing', started_at: ago, heartbeat_at: ago }).where('id', '=', batchId).execute();
    const interrupted = await html(batchPath, cookies.coordinator);
    expect(interrupted.text).toContain('Penyimpanan terputus');
    expect(interrupted.text).toContain('Tidak ada data yang tersimpan');
    expect(interrupted.text).toMatch(/<input type="hidden" name="intent" value="confirm"\/><button type="submit" class="button">Coba lagi<\/button>/);
    expect(interrupted.text).not.toContain('http-equiv="refresh"');
    expect(await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', '3375030000000911').executeTakeFirst()).toBeUndefined();
    const retry = await app.postForm(batchPath, { intent: 'confirm' }, cookies.coordinator);
    expect(retry.status).toBe(303);
    const done = await html(batchPath, cookies.coordinator);
    expect(done.text).toContain('Impor selesai');
    expect(await handle.db.selectFrom('cooperatives').select('name').where('cooperative_number', '=', '3375030000000911').execute()).toEqual([{ name: 'KSP Terputus' }]);
    const committed = await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'import.committed').where('entity_id', '=', batchId).execute();
    expect(committed).toHaveLength(1);
    // Confirming once more does nothing.
    expect((await app.postForm(batchPath, { intent: 'confirm' }, cookies.coordinator)).status).toBe(302);
    expect(await handle.db.selectFrom('cooperatives').select('name').where('cooperative_number', '=', '3375030000000911').execute()).toHaveLength(1);
  });

  it('refuses an upload over the limit (50 MB) and a file that is not UTF-8 with a clear message', async () => {
    const before = (await handle.db.selectFrom('import_batches').select('id').execute()).length;
    const big = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'besar.csv', data: new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41) }, cookies.coordinator);
    expect(big.status).toBe(200);
    expect(await big.text()).toContain('Berkas terlalu besar');
    const latin1 = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'latin1.csv', data: new Uint8Array([0x6e, 0x61, 0x6d, 0x61, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x0a]) }, cookies.coordinator);
    expect(await latin1.text()).toContain('Berkas bukan teks UTF-8');
    const none = await upload('/cooperatives/import', { kind: 'registry' }, { name: '', data: '' }, cookies.coordinator);
    expect(await none.text()).toContain('Pilih berkas untuk diunggah');
    expect((await handle.db.selectFrom('import_batches').select('id').execute()).length).toBe(before);
  });

  it('exports the filtered registry, which imports back unchanged', async () => {
    const csv = await app.request('/cooperatives/export?what=registry&format=csv&q=medono', { cookie: cookies.coordinator });
    expect(csv.headers.get('Content-Type')).toContain('text/csv');
    expect(csv.headers.get('Content-Disposition')).toContain('attachment');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('nomor_induk_koperasi,nama_koperasi,jenis,unit_simpan_pinjam,nomor_badan_hukum,tanggal_badan_hukum,alamat,kelurahan,kecamatan,kabupaten_kota,kode_pos,telepon,email,status,rat_terakhir,halaman_publik');
    expect(lines).toHaveLength(9);
    expect(lines.slice(1).every((l) => l.includes(',Medono,'))).toBe(true);
    const back = await upload('/cooperatives/import', { kind: 'registry' }, { name: 'ekspor.csv', data: text }, cookies.coordinator);
    const preview = await html(back.headers.get('Location')!, cookies.coordinator);
    expect(preview.text).toContain('Semua baris sama dengan data yang sudah ada');
    expect(preview.text).toMatch(/data-testid="summary-unchanged">8</);

    const xlsx = await app.request('/cooperatives/export?what=roster&format=xlsx&type=KSU', { cookie: cookies.coordinator });
    expect(xlsx.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows = workbook.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
    expect(rows.length).toBeGreaterThan(0);
    const ksuNames = (await handle.db.selectFrom('cooperatives').select('name').where('type', '=', 'KSU').execute()).map((c) => c.name);
    expect(rows.every((r) => ksuNames.includes(String(r[2])))).toBe(true);
    expect(rows.every((r) => /^\d{16}$/.test(String(r[3])))).toBe(true);
    const adminExport = await (await app.request(`/cooperatives/${world.ownCooperativeId}/roster/export?format=csv`, { cookie: cookies.admin })).text();
    expect(adminExport).toMatch(/3375\*{8}\d{4}/);
    expect(adminExport).not.toMatch(/,3375\d{12},/);
    expect((await app.request('/cooperatives/export?what=registry&format=csv', { cookie: cookies.admin })).status).toBe(404);
  });

  it('defuses formulas in CSV exports, and an import of such a file keeps the names as text', async () => {
    const formula = '=HYPERLINK("http://evil.example","x")';
    const staff = '@SUM(1+1)';
    const position = "-2+3+cmd|' /C calc'!A0";
    const created = await app.postForm('/cooperatives/new', { name: formula, type: 'KSP', cooperativeNumber: '3375049999990555', status: 'active' }, cookies.coordinator);
    expect(created.status).toBe(302);
    const cooperativeId = created.headers.get('Location')!.split('/').pop()!;
    const added = await app.postForm(`/cooperatives/${cooperativeId}/roster`, { nik: '3375010101850011', fullName: staff, birthDate: '1985-01-01', position }, cookies.coordinator);
    expect(added.status).toBe(302);

    // No cell of either export starts with = + - @ (or a tab or CR): each such text begins with an apostrophe.
    const cells = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n').flatMap((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
    const registryCsv = await (await app.request('/cooperatives/export?format=csv&q=hyperlink', { cookie: cookies.coordinator })).text();
    expect(registryCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(cells(registryCsv).filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const rosterCsv = await (await app.request(`/cooperatives/${cooperativeId}/roster/export?format=csv`, { cookie: cookies.coordinator })).text();
    expect(rosterCsv).toContain(`'${staff}`);
    expect(rosterCsv).toContain(`'${position}`);
    expect(rosterCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`); // the cooperative's name column
    expect(cells(rosterCsv).filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const registryOfRosters = await (await app.request('/cooperatives/export?what=roster&format=csv&q=hyperlink', { cookie: cookies.coordinator })).text();
    expect(registryOfRosters).toContain(`'${staff}`);
    expect(cells(registryOfRosters).filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);

    // Imported back: the same values (nothing to change) …
    const previewOf = async (kind: string, name: string, data: string) => {
      const response = await upload('/cooperatives/import', { kind }, { name, data }, cookies.coordinator);
      expect(response.status).toBe(302);
      return response.headers.get('Location')!;
    };
    for (const [kind, csv] of [['registry', registryCsv], ['roster', rosterCsv]] as const) {
      const preview = await html(await previewOf(kind, `${kind}.csv`, csv), cookies.coordinator);
      expect(preview.text, kind).toContain('Semua baris sama dengan data yang sudah ada');
    }
    // … and as new records, the text exactly as it was, without the apostrophe.
    const newRegistry = await previewOf('registry', 'baru.csv', registryCsv.replace('3375049999990555', '3375049999990556'));
    expect((await app.postForm(newRegistry, { intent: 'confirm' }, cookies.coordinator)).status).toBe(303);
    const newRoster = await previewOf('roster', 'baru.csv', rosterCsv.replace('3375010101850011', '3375010101850012'));
    expect((await app.postForm(newRoster, { intent: 'confirm' }, cookies.coordinator)).status).toBe(303);
    expect(await handle.db.selectFrom('cooperatives').select('name').where('cooperative_number', 'in', ['3375049999990555', '3375049999990556']).execute()).toEqual([{ name: formula }, { name: formula }]);
    const people = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .select(['p.nik', 'p.full_name', 'sp.position'])
      .where('p.nik', 'in', ['3375010101850011', '3375010101850012'])
      .orderBy('p.nik')
      .execute();
    expect(people).toEqual([
      { nik: '3375010101850011', full_name: staff, position },
      { nik: '3375010101850012', full_name: staff, position },
    ]);
  });

  it('serves the import templates', async () => {
    const csv = await app.request('/cooperatives/templates/roster.csv', { cookie: cookies.admin });
    expect((await csv.text()).split('\r\n')[0]).toBe('nomor_induk_koperasi,nik,nama_lengkap,jabatan,tanggal_mulai,tanggal_selesai,pendidikan');
    const xlsx = await app.request('/cooperatives/templates/registry.xlsx', { cookie: cookies.coordinator });
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await app.request('/cooperatives/templates/other.txt', { cookie: cookies.coordinator })).status).toBe(404);
  });
});

describe('the public roster page', () => {
  it('shows name, type, address and current staff, and none of their personal data', async () => {
    const cooperative = await handle.db.selectFrom('cooperatives').selectAll().where('id', '=', world.neighbour.id).executeTakeFirstOrThrow();
    const page = await html(`/koperasi/${cooperative.slug}`, '');
    expect(page.status).toBe(200);
    expect(page.text).toContain(cooperative.name);
    expect(page.text).toContain(cooperative.village!);
    const staff = await handle.db
      .selectFrom('people as p')
      .innerJoin('staff_positions as sp', 'sp.person_id', 'p.id')
      .select(['p.full_name', 'p.nik', 'p.birth_date', 'p.phone', 'p.email', 'sp.position'])
      .where('sp.cooperative_id', '=', cooperative.id)
      .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
      .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
      .execute();
    expect(staff.length).toBeGreaterThan(2);
    expect(page.text).not.toContain('Yuni Astuti'); // her position here starts in two days
    for (const s of staff) {
      expect(page.text).toContain(s.full_name);
      for (const personal of [s.nik, s.birth_date, s.phone, s.email, s.nik.slice(0, 4) + '****']) if (personal) expect(page.text).not.toContain(personal);
    }
    const all = await handle.db.selectFrom('people').select(['nik', 'birth_date', 'phone', 'email']).execute();
    for (const p of all) for (const v of [p.nik, p.phone, p.email]) if (v) expect(page.text).not.toContain(v);
    const byNumber = await app.request(`/koperasi/${cooperative.cooperative_number}`, { redirect: 'manual' });
    expect(byNumber.status).toBe(301);
    expect(byNumber.headers.get('Location')).toBe(`/koperasi/${cooperative.slug}`);
    expect((await app.request('/koperasi/9999999999999999')).status).toBe(404);
    expect((await app.request('/koperasi/tidak-ada')).status).toBe(404);
  });
});
