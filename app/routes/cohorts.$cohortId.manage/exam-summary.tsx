import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ExamSummary as Summary } from '~/domain/assessment/results.server';

/** The exam's outcome on the cohort page: competent / not yet / absent, and per unit, once final. */
export function ExamSummary({ cohortId, summary }: { cohortId: string; summary: Summary }) {
  const { t } = useTranslation('assessment');
  return (
    <section aria-labelledby="summary-results">
      <h2 id="summary-results">{t('summary.title')}</h2>
      {summary.finalized ? (
        <>
          <p>
            {t('summary.competent', { count: summary.competent })} · {t('summary.notYetCompetent', { count: summary.notYetCompetent })} ·{' '}
            {t('summary.absent', { count: summary.absent })}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('summary.perUnit')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('summary.unit')}</th>
                  <th scope="col">K</th>
                  <th scope="col">BK</th>
                </tr>
              </thead>
              <tbody>
                {summary.units.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <code>{u.code}</code> {u.title}
                    </th>
                    <td>{u.competent}</td>
                    <td>{u.notYetCompetent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{summary.entered ? t('summary.draft', { count: summary.entered }) : t('summary.none')}</p>
      )}
      {summary.canEnter ? (
        <p>
          <Link to={`/cohorts/${cohortId}/exam`}>{t('summary.open')}</Link>
        </p>
      ) : null}
      {summary.canExport && summary.entered ? (
        <p>
          <a href={`/cohorts/${cohortId}/exam/bnsp.xlsx`} download>
            {t('bnsp.download')}
          </a>{' '}
          <span className="hint">
            {t('bnsp.hint')}
            {summary.finalized ? null : ` ${t('bnsp.draftHint')}`}
          </span>
        </p>
      ) : null}
    </section>
  );
}
