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

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  cookie = await app.sessionCookie(await userIdByEmail(handle.db, 'koordinator@kompeten.test'));
  const dinasId = await demoDinasId(handle.db);
  const cohort = await handle.db.selectFrom('cohorts').select('id').where('dinas_id', '=', dinasId).where('status', '=', 'draft').executeTakeFirstOrThrow();
  const cooperative = await handle.db.selectFrom('cooperatives').select('id').where('dinas_id', '=', dinasId).executeTakeFirstOrThrow();
  paths = ['/programs/new', '/cohorts/new', `/cohorts/${cohort.id}/edit`, `/cohorts/${cohort.id}/sessions/new`, '/audit', `/cooperatives/${cooperative.id}`];
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
});
