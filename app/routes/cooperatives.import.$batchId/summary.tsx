import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '~/domain/cooperatives/import/batches.server';

/** The batch as its pages summarize it. */
interface BatchSummary {
  fileName: string;
  fileFormat: string;
  rowCount: number;
  summary: ImportSummary;
}

/** The file and what the import does (or did) with its rows. */
export function Summary({ batch }: { batch: BatchSummary }) {
  const { t } = useTranslation('cooperatives');
  const s = batch.summary;
  return (
    <dl className="facts import-summary">
      <dt>{t('import.fileLabel')}</dt>
      <dd>
        {batch.fileName} ({batch.fileFormat.toUpperCase()}, {t('import.rows', { count: batch.rowCount })})
      </dd>
      <dt>{t('import.created')}</dt>
      <dd data-testid="summary-created">{s.created}</dd>
      <dt>{t('import.updated')}</dt>
      <dd data-testid="summary-updated">{s.updated}</dd>
      <dt>{t('import.unchanged')}</dt>
      <dd data-testid="summary-unchanged">{s.unchanged}</dd>
      {s.errors ? (
        <>
          <dt>{t('import.errorRows')}</dt>
          <dd data-testid="summary-errors">{s.errors}</dd>
        </>
      ) : null}
      {s.peopleCreated !== undefined ? (
        <>
          <dt>{t('import.peopleCreated')}</dt>
          <dd>{s.peopleCreated}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** A changed field's name as the registry or roster form calls it. */
export function fieldLabel(t: (key: string) => string, kind: 'registry' | 'roster', field: string) {
  return kind === 'registry' ? t(`fields.${field}`) : t(`roster.${field}`);
}
