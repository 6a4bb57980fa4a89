import { useTranslation } from 'react-i18next';
import type { FieldChange, ShownValue } from '~/domain/audit/changes';

/**
 * The "Riwayat" (history) block of an entity page: who did what, when, from where, and
 * which fields changed. Feed it `listEntityHistory(db, actor, type, id)` (or
 * `entityHistoryIfAllowed`) from the page's loader; dates arrive formatted.
 */
export interface EntityHistoryEntry {
  id: number;
  entityType?: string;
  occurredAt: string;
  when: string;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  ip: string | null;
  changes: FieldChange[];
}

export function auditActionLabel(t: (key: string, options?: Record<string, unknown>) => string, action: string): string {
  return t(`audit:actions.${action}`, { defaultValue: action });
}

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * Labels looked up through fallbacks (entity's own, shared, the raw name), kept per
 * language: the translations are fixed, and a page of the audit log asks for the same few
 * hundred times — each miss walks i18next's fallbacks (a third of /audit's render).
 */
const labels = new Map<string, string>();
function label(language: string, key: string, make: () => string): string {
  const cacheKey = `${language}\u0000${key}`;
  let found = labels.get(cacheKey);
  if (found === undefined) {
    found = make();
    if (labels.size < 5000) labels.set(cacheKey, found);
  }
  return found;
}

/** "Kapasitas" for a cohort's `capacity`: the entity's own label, else a shared one, else the name as written. */
function auditFieldLabel(t: T, language: string, entityType: string | undefined, field: string): string {
  return label(language, `field\u0000${entityType ?? ''}\u0000${field}`, () => {
    const shared = t(`audit:fields.any.${field}`, { defaultValue: field });
    return entityType ? t(`audit:fields.${entityType}.${field}`, { defaultValue: shared }) : shared;
  });
}

/** A value as the reader says it: a status or kind code ("open") by its name, roles by theirs. */
function shown(t: T, value: ShownValue, language: string): string {
  if (value === null) return t('audit:none');
  if (typeof value !== 'string') return t(value.key);
  if (!/^[a-z_]+$/.test(value)) return value;
  return label(language, `code\u0000${value}`, () => t(`audit:codes.${value}`, { defaultValue: t(`accounts:roles.${value}`, { defaultValue: value }) }));
}

export function ChangeList({ changes, entityType }: { changes: EntityHistoryEntry['changes']; entityType?: string }) {
  const { t, i18n } = useTranslation('audit');
  if (changes.length === 0) return null;
  const language = i18n.language;
  return (
    <ul className="change-list">
      {changes.map((c) => (
        <li key={c.field}>
          {t('changeLine', { field: auditFieldLabel(t, language, entityType, c.field), before: shown(t, c.before, language), after: shown(t, c.after, language) })}
        </li>
      ))}
    </ul>
  );
}

export function EntityHistory({ entries, headingLevel = 2 }: { entries: EntityHistoryEntry[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('audit');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="entity-history" aria-labelledby="entity-history-title">
      <Heading id="entity-history-title">{t('historyTitle')}</Heading>
      {entries.length === 0 ? (
        <p>{t('historyEmpty')}</p>
      ) : (
        <ol className="history-list">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.occurredAt}>{e.when}</time> — <strong>{auditActionLabel(t, e.action)}</strong>
              <span className="muted">
                {' '}
                · {e.actorName ?? t('system')}
                {e.ip ? ` · ${e.ip}` : null}
              </span>
              <ChangeList changes={e.changes} entityType={e.entityType} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
