import { useTranslation } from 'react-i18next';
import type { DashboardTable } from '~/domain/dashboard/tables';

/** "Unduh: CSV · XLSX" under a table, for the period on screen. */
export function ExportLinks({ table, query, label }: { table: DashboardTable; query: string; label: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <p className="export-links">
      {t('export.download')}{' '}
      <a href={`/dashboard/export/${table}.csv?${query}`} download aria-label={t('export.csvOf', { table: label })}>
        CSV
      </a>{' '}
      ·{' '}
      <a href={`/dashboard/export/${table}.xlsx?${query}`} download aria-label={t('export.xlsxOf', { table: label })}>
        XLSX
      </a>
    </p>
  );
}
