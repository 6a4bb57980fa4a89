import { useTranslation } from 'react-i18next';
import type { ExamGrid } from '~/domain/assessment/grid.server';

/** The body's assessors with their registration numbers; an unusual number is flagged, not refused. */
export function AssessorList({ assessors }: { assessors: ExamGrid['assessors'] }) {
  const { t } = useTranslation('assessment');
  if (assessors.length === 0) return <p className="hint">{t('grid.noAssessors')}</p>;
  return (
    <>
      <h2>{t('grid.assessors')}</h2>
      <ul>
        {assessors.map((a) => (
          <li key={a.userId}>
            {a.name} — {a.registrationNumber ? <code>{a.registrationNumber}</code> : t('grid.noRegistrationNumber')}
            {a.looksRight ? null : <span className="badge badge-warning"> {t('grid.registrationNumberWarning')}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}
