import type { Transaction } from 'kysely';
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

function rowOf(entry: AuditEntry) {
  return {
    actor_user_id: entry.actor?.userId ?? null,
    dinas_id: entry.dinasId ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(withoutSecrets(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(withoutSecrets(entry.after)),
    ip: entry.ip ?? entry.actor?.ip ?? null,
  };
}

/** Rows per INSERT when many entries are recorded at once (a bulk import). */
const ROWS_PER_INSERT = 500;

/**
 * Records a write in the audit log — or many writes at once, as a bulk import does;
 * call it inside the same transaction as the writes.
 */
export async function recordAudit(trx: Transaction<Database>, entry: AuditEntry | AuditEntry[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
    await trx.insertInto('audit_log').values(entries.slice(i, i + ROWS_PER_INSERT).map(rowOf)).execute();
  }
}
