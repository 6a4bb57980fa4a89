import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '~/lib/db.server';
import { demoApp, demoDinasId, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

/**
 * Times and dates are typed as text with an Indonesian hint: native date/time inputs follow
 * the browser's locale (mm/dd/yyyy, "08:00 AM"), which the page cannot set.
 */
let handle: DatabaseHandle;
let app: TestApp;
let cookie: string;
let paths: string[];
let cooperativeId: string;
let positionId: string;

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  cookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  const dinasId = await demoDinasId(handle.db);
  const cohort = await handle.db.selectFrom('cohorts').select('id').where('dinas_id', '=', dinasId).where('status', '=', 'draft').executeTakeFirstOrThrow();
  const position = await handle.db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select(['sp.id', 'c.id as cooperativeId'])
    .where('c.dinas_id', '=', dinasId)
    .where('sp.ends_on', 'is', null)
    .executeTakeFirstOrThrow();
  cooperativeId = position.cooperativeId;
  positionId = position.id;
  paths = [
    '/programs/new', '/cohorts/new', `/cohorts/${cohort.id}/edit`, `/cohorts/${cohort.id}/sessions/new`, '/audit', `/cooperatives/${cooperativeId}`,
    '/cooperatives/new', `/cooperatives/${cooperativeId}/edit`, `/cooperatives/${cooperativeId}/roster/${positionId}`,
  ];
});
afterAll(() => handle.close());

describe('date and time fields', () => {
  it('are text fields with a day-first date and a 24-hour time hint, never the browser-locale pickers', async () => {
    for (const path of paths) {
      const response = await app.request(path, { cookie });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toMatch(/type="(date|time|datetime-local)"/);
      expect(html, path).toMatch(/placeholder="(HH-BB-TTTT|08\.00)"/);
    }
  });

  it('show a stored date day first when editing', async () => {
    const dinasId = await demoDinasId(handle.db);
    const cohort = await handle.db.selectFrom('cohorts').select(['id', 'starts_on']).where('dinas_id', '=', dinasId).where('status', '=', 'draft').executeTakeFirstOrThrow();
    const html = await (await app.request(`/cohorts/${cohort.id}/edit`, { cookie })).text();
    const iso = typeof cohort.starts_on === 'string' ? cohort.starts_on : (cohort.starts_on as Date).toISOString().slice(0, 10);
    const [y, m, d] = iso.split('-');
    expect(html).toContain(`value="${d}-${m}-${y}"`);
  });

  it("on sign-up and the roster's add-staff step too, with the format in the field's hint", async () => {
    const signUp = await (await app.request('/signup')).text();
    expect(signUp).not.toMatch(/type="(date|time|datetime-local)"/);
    const birthDate = /<input[^>]*name="birthDate"[^>]*>/.exec(signUp)?.[0];
    expect(birthDate).toContain('type="text"');
    expect(birthDate).toContain('placeholder="HH-BB-TTTT"');
    expect(birthDate).toContain('autoComplete="bday"');
    expect(signUp).toContain('Tanggal-bulan-tahun, mis. 31-12-2026.');
    // A NIK new to the Dinas: the second step asks the birth date, start and end dates.
    const step = await app.postForm(`/cooperatives/${cooperativeId}/roster`, { intent: 'lookup', nik: '3375015507950001' }, cookie);
    const html = await step.text();
    expect(html).toContain('name="birthDate"');
    expect(html).toContain('name="startsOn"');
    expect(html).not.toMatch(/type="(date|time|datetime-local)"/);
    expect(html.match(/placeholder="HH-BB-TTTT"/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('read a day typed the Indonesian way (or ISO) and answer an impossible day under its field, saving nothing', async () => {
    const fields = { name: 'Koperasi Tanggal Indonesia', cooperativeNumber: '3375019999000001', type: 'KSP', status: 'active' };
    const bad = await app.postForm('/cooperatives/new', { ...fields, legalEntityDate: '31-02-2001' }, cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="[^"]*legalEntityDate-error"[^>]*>.*Tanggal tidak valid: tulis tanggal-bulan-tahun/s);
    expect(await handle.db.selectFrom('cooperatives').select('id').where('cooperative_number', '=', fields.cooperativeNumber).executeTakeFirst()).toBeUndefined();

    expect((await app.postForm('/cooperatives/new', { ...fields, legalEntityDate: '17-08-2001' }, cookie)).status).toBe(302);
    const created = await handle.db.selectFrom('cooperatives').select(['id', 'legal_entity_date']).where('cooperative_number', '=', fields.cooperativeNumber).executeTakeFirstOrThrow();
    const stored = created.legal_entity_date as unknown;
    expect(typeof stored === 'string' ? stored : (stored as Date).toISOString().slice(0, 10)).toBe('2001-08-17');
    // The edit form shows it day first.
    expect(await (await app.request(`/cooperatives/${created.id}/edit`, { cookie })).text()).toContain('value="17-08-2001"');

    // A roster position's start date, typed day first.
    const edited = await app.postForm(`/cooperatives/${cooperativeId}/roster/${positionId}`, { intent: 'edit', position: 'Ketua', startsOn: '02-01-2019' }, cookie);
    expect(edited.status).toBe(302);
    const position = await handle.db.selectFrom('staff_positions').select('starts_on').where('id', '=', positionId).executeTakeFirstOrThrow();
    const startsOn = position.starts_on as unknown;
    expect(typeof startsOn === 'string' ? startsOn : (startsOn as Date).toISOString().slice(0, 10)).toBe('2019-01-02');
    const page = await (await app.request(`/cooperatives/${cooperativeId}/roster/${positionId}`, { cookie })).text();
    expect(page).toContain('value="02-01-2019"');
    const ended = await app.postForm(`/cooperatives/${cooperativeId}/roster/${positionId}`, { intent: 'end', endsOn: '2019-13-01' }, cookie);
    expect(ended.status).toBe(400);
    expect(await ended.text()).toContain('Tanggal tidak valid: tulis tanggal-bulan-tahun');
  });
});
