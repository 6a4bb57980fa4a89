import { useTranslation } from 'react-i18next';
import type { ColumnMappingView } from '~/domain/cooperatives/import/validate';

/** "What we understood": the header row used, each file column and what it is read as, and the ignored ones. */
export function ColumnMapping({ mapping }: { mapping: ColumnMappingView | null }) {
  const { t } = useTranslation('cooperatives');
  if (!mapping) return null;
  return (
    <details className="import-mapping" open>
      <summary>{t('import.mapping.title')}</summary>
      <p>{t('import.mapping.headerRow', { row: mapping.headerRow })}</p>
      <div className="table-wrap">
        <table className="import-mapping-table">
          <caption>{t('import.mapping.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.mapping.fileColumn')}</th>
              <th scope="col">{t('import.mapping.readAs')}</th>
            </tr>
          </thead>
          <tbody>
            {mapping.columns.map((c) => (
              <tr key={c.header}>
                <td>{c.header}</td>
                <td>
                  <code>{c.as}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mapping.ignored.length ? (
        <p className="import-ignored" role="note">
          {t('import.mapping.ignored', { columns: mapping.ignored.join(', ') })}
        </p>
      ) : null}
      {mapping.ratYearOnly ? (
        <p className="import-rat-year-only" role="note">
          {t('import.mapping.ratYearOnly', { years: mapping.ratYearOnly.years, count: mapping.ratYearOnly.count })}
        </p>
      ) : null}
    </details>
  );
}
