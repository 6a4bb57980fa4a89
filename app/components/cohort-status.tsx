import { useTranslation } from 'react-i18next';
import type { CohortStatus } from '~db/schema';

export function CohortStatusBadge({ status }: { status: CohortStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`cohort.status.${status}`)}</span>;
}
