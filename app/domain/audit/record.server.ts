import { sql, type Transaction } from 'kysely';
import type { Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';

const SECRET_FIELDS = /password|token|secret|hash/i;

function withoutSecrets(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_FIELDS.test(key))
        .map(([key, v]) => [key, withoutSecrets(v)]),
    );
  }
  return value;
}

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId: string;
  dinasId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Overrides the actor's address (e.g. an anonymous request). */
  ip?: string | null;
}

/** Who did what to which entity, from where: the columns every entry has. */
function subjectOf(entry: AuditEntry) {
  return {
    actor_user_id: entry.actor?.userId ?? null,
    dinas_id: entry.dinasId ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    ip: entry.ip ?? entry.actor?.ip ?? null,
  };
}

function rowOf(entry: AuditEntry) {
  return {
    ...subjectOf(entry),
    before: entry.before === undefined ? null : JSON.stringify(withoutSecrets(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(withoutSecrets(entry.after)),
  };
}

/** Entries per INSERT when many are recorded at once (a bulk import). */
const ROWS_PER_INSERT = 5000;

/**
 * Many entries travel as one jsonb parameter (jsonb_to_recordset): one placeholder however
 * many rows, and before/after nested as they are rather than each stringified on its own —
 * a 100,000-row import's audit is twenty statements. A `before`/`after` given as null is
 * stored as JSON null, as a single entry stores it; one left out is SQL NULL.
 */
function bulkRowOf(entry: AuditEntry) {
  return {
    ...subjectOf(entry),
    has_before: entry.before !== undefined,
    before: entry.before === undefined ? null : withoutSecrets(entry.before),
    has_after: entry.after !== undefined,
    after: entry.after === undefined ? null : withoutSecrets(entry.after),
  };
}

/**
 * Records a write in the audit log — or many writes at once, as a bulk import does;
 * call it inside the same transaction as the writes.
 */
export async function recordAudit(trx: Transaction<Database>, entry: AuditEntry | AuditEntry[]): Promise<void> {
  if (!Array.isArray(entry)) {
    await trx.insertInto('audit_log').values(rowOf(entry)).execute();
    return;
  }
  for (let i = 0; i < entry.length; i += ROWS_PER_INSERT) {
    const rows = entry.slice(i, i + ROWS_PER_INSERT).map(bulkRowOf);
    await sql`insert into audit_log (actor_user_id, dinas_id, action, entity_type, entity_id, before, after, ip)
      select v.actor_user_id, v.dinas_id, v.action, v.entity_type, v.entity_id,
        case when v.has_before then coalesce(v.before, 'null'::jsonb) end,
        case when v.has_after then coalesce(v.after, 'null'::jsonb) end, v.ip
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(actor_user_id uuid, dinas_id uuid, action text, entity_type text,
        entity_id text, has_before boolean, before jsonb, has_after boolean, after jsonb, ip text)`.execute(trx);
  }
}
