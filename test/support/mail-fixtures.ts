import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { repoRoot } from './server-process';

/**
 * A templates folder for mail tests: the product's real layout (templates/email/_layout)
 * plus a neutral `notice` template, selected with KOMPETEN_TEMPLATES_DIR, so tests need
 * no test-only template inside the product's templates/.
 */
export function useTestMailTemplates(): { dir: string; restore(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kompeten-mail-templates-'));
  const email = path.join(dir, 'email');
  cpSync(path.join(repoRoot, 'templates/email/_layout'), path.join(email, '_layout'), { recursive: true });
  const notice = path.join(email, 'notice');
  mkdirSync(notice, { recursive: true });
  const files: Record<string, string> = {
    'id.subject.txt': 'Pemberitahuan: {{title}}',
    'id.html': '<p>Yth. {{recipientName}},</p>\n<p>{{message}}</p>\n<p><a href="{{portalUrl}}">Buka Kompeten</a></p>',
    'id.txt': 'Yth. {{recipientName}},\n\n{{message}}\n\nBuka Kompeten: {{portalUrl}}',
    'en.subject.txt': 'Notice: {{title}}',
    'en.html': '<p>Dear {{recipientName}},</p>\n<p>{{message}}</p>\n<p><a href="{{portalUrl}}">Open Kompeten</a></p>',
    'en.txt': 'Dear {{recipientName}},\n\n{{message}}\n\nOpen Kompeten: {{portalUrl}}',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(notice, name), content);
  const previous = process.env.KOMPETEN_TEMPLATES_DIR;
  process.env.KOMPETEN_TEMPLATES_DIR = dir;
  return {
    dir,
    restore() {
      if (previous === undefined) delete process.env.KOMPETEN_TEMPLATES_DIR;
      else process.env.KOMPETEN_TEMPLATES_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Dinas with one coordinator, for scoping tests. */
export async function createDinasWithCoordinator(db: Kysely<Database>, name: string, email: string) {
  const dinas = await db
    .insertInto('institutions')
    .values({ kind: 'dinas', name, time_zone: 'Asia/Makassar' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({ email, display_name: `Koordinator ${name}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: user.id, role: 'coordinator', institution_id: dinas.id }).execute();
  return { dinasId: dinas.id, userId: user.id };
}

export function statusOf(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('mail_outbox')
    .select(['status', 'attempts', 'last_error', 'sent_at', 'claim_token', 'locked_until', 'next_attempt_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
