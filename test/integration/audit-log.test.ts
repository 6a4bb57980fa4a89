import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthSession, findActorBySession } from '~/lib/sessions.server';
import { entityHistoryIfAllowed, listAuditLog, listEntityHistory } from '~/domain/audit/log.server';
import { recordAudit } from '~/domain/audit/record.server';
import type { DatabaseHandle } from '~/lib/db.server';
import { ForbiddenError, NotFoundError } from '~/lib/errors';
import { userIdsOfDinas } from '~/lib/dinas-scope.server';
import { createUser, demoApp, demoDinasId, demoInstitutions, seedOtherDinas, userIdByEmail } from '../support/accounts-fixtures';
import type { TestApp } from '../support/app';

let handle: DatabaseHandle;
let app: TestApp;
let dinasId: string;
let coordinatorId: string;
let coordinatorCookie: string;
let other: Awaited<ReturnType<typeof seedOtherDinas>>;
let otherParticipantId: string;
let participantId: string;

/** The table of entries (the filter choices above it also name actions). */
async function tableOf(path: string, cookie: string): Promise<string> {
  const html = await (await app.request(path, { cookie })).text();
  const start = html.indexOf('<tbody>');
  return start < 0 ? '' : html.slice(start, html.indexOf('</tbody>', start));
}

/** The client address the forms come from (the audit shows it). */
const FROM_CLIENT = { ip: '203.0.113.70' };

async function actorOf(userId: string) {
  const session = await createAuthSession(handle.db, userId, { ip: null, userAgent: null });
  return (await findActorBySession(handle.db, session.id, '203.0.113.70'))!;
}

beforeAll(async () => {
  ({ handle, app } = await demoApp());
  // The demo seed works through the domain and leaves its own trail (hundreds of entries);
  // this file counts pages and entries of its own, so it starts from an empty log.
  await handle.db.deleteFrom('audit_log').execute();
  dinasId = await demoDinasId(handle.db);
  coordinatorId = await userIdByEmail(handle.db, 'koordinator@kompeten.test');
  coordinatorCookie = await app.sessionCookie(coordinatorId);
  participantId = await userIdByEmail(handle.db, 'peserta@kompeten.test');
  other = await seedOtherDinas(handle.db);
  otherParticipantId = await createUser(handle.db, { email: 'wawan@batang.test', personId: other.personId, roles: [{ role: 'participant' }] });

  expect((await app.postForm('/users/invite', { email: 'baru@contoh.test', role: 'coordinator', organizationId: dinasId }, coordinatorCookie, FROM_CLIENT)).status).toBe(302);
  expect((await app.postForm(`/users/${await userIdByEmail(handle.db, 'asesor2@kompeten.test')}`, { intent: 'deactivate' }, coordinatorCookie, FROM_CLIENT)).status).toBe(302);
  expect((await app.postForm('/forgot-password', { email: 'peserta@kompeten.test' }, undefined, FROM_CLIENT)).status).toBe(302);
  expect((await app.postForm('/forgot-password', { email: 'wawan@batang.test' }, undefined, FROM_CLIENT)).status).toBe(302);
  const otherCookie = await app.sessionCookie(other.coordinatorId);
  expect((await app.postForm(`/users/${otherParticipantId}`, { intent: 'deactivate' }, otherCookie, FROM_CLIENT)).status).toBe(302);
});
afterAll(() => handle.close());

describe('the audit log', () => {
  it('shows the coordinator what happened in their Dinas, including account events of its users, and nothing of another Dinas', async () => {
    const html = await tableOf('/audit', coordinatorCookie);
    expect(html).toContain('Undangan dikirim');
    expect(html).toContain('Akun dinonaktifkan');
    expect(html).toContain('Tautan kata sandi baru diminta');
    expect(html).toContain('Akun aktif: Ya → Tidak');
    expect(html).toContain('203.0.113.70');
    expect(html).not.toContain(otherParticipantId.slice(0, 8));
    expect(html).not.toContain('Koordinator Batang');

    const otherHtml = await tableOf('/audit', await app.sessionCookie(other.coordinatorId));
    expect(otherHtml).toContain(otherParticipantId.slice(0, 8));
    expect(otherHtml).not.toContain('Undangan dikirim');
    expect(otherHtml).not.toContain(participantId.slice(0, 8));
  });

  it('shows changes with readable field names and values: Indonesian dates, Ya/Tidak, names instead of ids', async () => {
    const { lsp } = await demoInstitutions(handle.db);
    const lspName = (await handle.db.selectFrom('institutions').select('name').where('id', '=', lsp).executeTakeFirstOrThrow()).name;
    const cohort = await handle.db.selectFrom('cohorts').select(['id', 'name', 'program_id']).where('dinas_id', '=', dinasId).executeTakeFirstOrThrow();
    await handle.db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: null,
        action: 'cohort.updated',
        entityType: 'cohort',
        entityId: cohort.id,
        dinasId,
        before: { status: 'draft', capacity: 25, startsOn: '2026-12-01', requiresApproval: false, programId: cohort.program_id, registrationClosesAt: '2026-11-20T17:00' },
        after: { status: 'open', capacity: 30, startsOn: '2026-12-08', requiresApproval: true, programId: cohort.program_id, registrationClosesAt: '2026-11-27T17:00', certificationBodyId: lsp },
      }),
    );
    const path = `/audit?entityType=cohort&entityId=${cohort.id}`;
    const html = await tableOf(path, coordinatorCookie);
    expect(html).toContain('Kapasitas: 25 → 30');
    expect(html).toContain('Status: Draf → Pendaftaran dibuka');
    expect(html).toContain('Tanggal mulai: 1 Desember 2026 → 8 Desember 2026');
    expect(html).toContain('Perlu persetujuan: Tidak → Ya');
    expect(html).toContain('Pendaftaran ditutup: 20 November 2026, 17.00 → 27 November 2026, 17.00');
    expect(html).toContain(`Lembaga sertifikasi (LSP): — → ${lspName}`);
    expect(html).toContain(cohort.name); // the entity column names the record too
    expect(html).not.toContain(lsp);
    expect(html).not.toMatch(/capacity|requiresApproval|certificationBodyId/);

    const cookie = (await app.postForm('/language', { lng: 'en', redirectTo: '/' }, coordinatorCookie)).headers.get('Set-Cookie')!.split(';')[0]!;
    const english = await tableOf(path, `${coordinatorCookie}; ${cookie}`);
    expect(english).toContain('Capacity: 25 → 30');
    expect(english).toContain('Requires approval: No → Yes');
    expect(english).toContain('Start date: 1 December 2026 → 8 December 2026');
  });

  it('filters by action, kind of record and acting user', async () => {
    const deactivations = await tableOf('/audit?action=user.deactivated', coordinatorCookie);
    expect(deactivations).toContain('Akun dinonaktifkan');
    expect(deactivations).not.toContain('Undangan dikirim');
    const invitations = await tableOf('/audit?entityType=invitation', coordinatorCookie);
    expect(invitations).toContain('Undangan dikirim');
    expect(invitations).not.toContain('Akun dinonaktifkan');
    const byCoordinator = await tableOf(`/audit?user=${coordinatorId}`, coordinatorCookie);
    expect(byCoordinator).toContain('Akun dinonaktifkan');
    expect(byCoordinator).not.toContain('Tautan kata sandi baru diminta');
  });

  it('filters by days in the Dinas’s time zone, and pages', async () => {
    const entityId = 'rentang-tanggal';
    // 23.30 WIB on 10 January and 00.30 WIB on 11 January 2026.
    for (const at of ['2026-01-10T16:30:00Z', '2026-01-10T17:30:00Z']) {
      await handle.db
        .insertInto('audit_log')
        .values({ occurred_at: at, actor_user_id: coordinatorId, dinas_id: dinasId, action: 'cohort.updated', entity_type: 'cohort', entity_id: entityId })
        .execute();
    }
    const eleventh = await tableOf('/audit?from=2026-01-11&to=2026-01-11', coordinatorCookie);
    expect(eleventh).toContain('11 Januari 2026, 00.30 WIB');
    expect(eleventh).not.toContain('10 Januari 2026');
    const tenth = await tableOf('/audit?to=2026-01-10', coordinatorCookie);
    expect(tenth).toContain('10 Januari 2026, 23.30 WIB');
    expect(tenth).not.toContain('11 Januari 2026');

    for (let i = 0; i < 60; i++) {
      await handle.db.transaction().execute((trx) => recordAudit(trx, { actor: null, action: 'cohort.viewed', entityType: 'cohort', entityId: `c-${i}`, dinasId }));
    }
    const first = await (await app.request('/audit', { cookie: coordinatorCookie })).text();
    expect(first).toMatch(/Halaman 1 dari 2/);
    const second = await (await app.request('/audit?page=2', { cookie: coordinatorCookie })).text();
    expect(second).toMatch(/Halaman 2 dari 2/);
    // Actions without a translation show their code.
    expect(first).toContain('cohort.viewed');
  });

  it('pages the Dinas’s entries and its users’ account events as one list in each order, either way, ties by entry', async () => {
    // Interleaved in time, some at the same instant, the account events of a user of the Dinas
    // and of a user of another Dinas (which must stay out).
    for (let i = 0; i < 14; i++) {
      const at = new Date(Date.UTC(2025, 5, 1, 8, Math.floor(i / 3))).toISOString();
      await handle.db
        .insertInto('audit_log')
        .values(
          i % 2
            ? { occurred_at: at, actor_user_id: null, dinas_id: null, action: 'user.password_reset_requested', entity_type: 'user', entity_id: i % 4 === 1 ? participantId : otherParticipantId }
            : { occurred_at: at, actor_user_id: coordinatorId, dinas_id: dinasId, action: 'cohort.updated', entity_type: 'cohort', entity_id: `urutan-${i}` },
        )
        .execute();
    }
    const world = await userIdsOfDinas(handle.db, dinasId);
    expect(world).toContain(participantId);
    expect(world).not.toContain(otherParticipantId);
    const coordinator = await actorOf(coordinatorId);
    const sorts = [
      ['occurred', 'occurred_at'],
      ['action', 'action'],
      ['entity', 'entity_type'],
    ] as const;
    for (const [sort, column] of sorts) {
      for (const dir of ['desc', 'asc'] as const) {
        const expected = await handle.db
          .selectFrom('audit_log')
          .select('id')
          .where((eb) => eb.or([eb('dinas_id', '=', dinasId), eb.and([eb('dinas_id', 'is', null), eb('entity_type', '=', 'user'), eb('entity_id', 'in', world)])]))
          .orderBy(column, dir)
          .orderBy('id', dir)
          .execute();
        // Its 7 entries and 4 of the account events at least (the others belong to another Dinas).
        expect(expected.length).toBeGreaterThanOrEqual(11);
        const paged: number[] = [];
        for (let page = 1; paged.length < expected.length && page < 50; page++) {
          const result = await listAuditLog(handle.db, coordinator, dinasId, {}, { page, pageSize: 4, offset: (page - 1) * 4, sort, dir });
          expect(result.total).toBe(expected.length);
          paged.push(...result.items.map((entry) => entry.id));
        }
        expect(paged, `${sort} ${dir}`).toEqual(expected.map((row) => Number(row.id)));
      }
    }
  });

  it('is the coordinators’ page only', async () => {
    for (const email of ['lembaga@kompeten.test', 'asesor1@kompeten.test', 'lsp@kompeten.test', 'koperasi@kompeten.test', 'peserta@kompeten.test']) {
      const cookie = await app.sessionCookie(await userIdByEmail(handle.db, email));
      expect((await app.request('/audit', { cookie })).status, email).toBe(404);
    }
    const anonymous = await app.request('/audit', { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
  });

  it('gives an entity’s history, newest first, without another Dinas’s entries about it', async () => {
    const lsp = await handle.db.selectFrom('institutions').select('id').where('kind', '=', 'certification_body').orderBy('created_at').executeTakeFirstOrThrow();
    await handle.db.transaction().execute((trx) => recordAudit(trx, { actor: null, action: 'institution.updated', entityType: 'institution', entityId: lsp.id, dinasId, after: { phone: '024-1' } }));
    await handle.db.transaction().execute((trx) => recordAudit(trx, { actor: null, action: 'institution.updated', entityType: 'institution', entityId: lsp.id, dinasId: other.dinasId, after: { phone: '024-2' } }));
    await handle.db.transaction().execute((trx) => recordAudit(trx, { actor: null, action: 'institution.renamed', entityType: 'institution', entityId: lsp.id, dinasId, before: { name: 'A' }, after: { name: 'B' } }));

    const coordinator = await actorOf(coordinatorId);
    const history = await listEntityHistory(handle.db, coordinator, 'institution', lsp.id, { locale: 'en' });
    expect(history.map((h) => h.action)).toEqual(['institution.renamed', 'institution.updated']);
    expect(history[0]!.changes).toEqual([{ field: 'name', before: 'A', after: 'B' }]);
    expect(history[0]!.when).toMatch(/WIB$/);

    const participant = await actorOf(participantId);
    expect(await entityHistoryIfAllowed(handle.db, participant, 'institution', lsp.id)).toBeNull();
    await expect(listEntityHistory(handle.db, participant, 'institution', lsp.id)).rejects.toBeInstanceOf(NotFoundError);
    const staff = await actorOf(await userIdByEmail(handle.db, 'lembaga@kompeten.test'));
    await expect(listEntityHistory(handle.db, staff, 'institution', lsp.id)).rejects.toSatisfy(
      (e: unknown) => e instanceof NotFoundError || e instanceof ForbiddenError,
    );
    expect((await entityHistoryIfAllowed(handle.db, coordinator, 'institution', lsp.id))!.length).toBe(2);
  });
});
