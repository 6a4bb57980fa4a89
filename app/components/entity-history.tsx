import { useTranslation } from 'react-i18next';

/**
 * The "Riwayat" (history) block of an entity page: who did what, when, from where, and
 * which fields changed. Feed it `listEntityHistory(db, actor, type, id)` (or
 * `entityHistoryIfAllowed`) from the page's loader; dates arrive formatted.
 */
export interface EntityHistoryEntry {
  id: number;
  occurredAt: string;
  when: string;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  ip: string | null;
  changes: { field: string; before: string | null; after: string | null }[];
}

export function auditActionLabel(t: (key: string, options?: Record<string, unknown>) => string, action: string): string {
  return t(`audit:actions.${action}`, { defaultValue: action });
}

export function ChangeList({ changes }: { changes: EntityHistoryEntry['changes'] }) {
  const { t } = useTranslation('audit');
  if (changes.length === 0) return null;
  return (
    <ul className="change-list">
      {changes.map((c) => (
        <li key={c.field}>
          {t('changeLine', { field: c.field, before: c.before ?? t('none'), after: c.after ?? t('none') })}
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
              <ChangeList changes={e.changes} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
