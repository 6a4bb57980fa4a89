import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * The cohort's certificates on its manage page: how many have been issued and, for the
 * coordinator of a completed cohort, the one action that issues what is missing (it posts
 * to /cohorts/:id/certificates and comes back here with the counts in a message, or, for a
 * large cohort, with the run's progress, the page refreshing itself until it is done); once
 * some are issued, the coordinator downloads them all (a ZIP of PDFs, or one PDF to print).
 */
interface RunView {
  total: number;
  done: number;
  running: boolean;
  error: string | null;
}

export function CertificatesPanel({ cohortId, count, canIssue, canDownload, run }: { cohortId: string; count: number; canIssue: boolean; canDownload: boolean; run: RunView | null }) {
  const { t } = useTranslation(['cohorts', 'certificates']);
  return (
    <section aria-labelledby="summary-certificates">
      <h2 id="summary-certificates">{t('manage.certificates')}</h2>
      {run?.running ? (
        <div role="status">
          <label htmlFor="issue-progress">{t('certificates:issue.progress', { done: run.done, total: run.total })}</label>{' '}
          <progress id="issue-progress" max={Math.max(run.total, 1)} value={run.done}>
            {run.total ? `${Math.floor((100 * run.done) / run.total)} %` : null}
          </progress>
          <p className="hint">{t('certificates:issue.progressHint')}</p>
        </div>
      ) : run?.error ? (
        <p role="alert">{t('certificates:issue.stopped', { done: run.done, total: run.total })}</p>
      ) : null}
      <p>{count ? t('certificates:issue.count', { count }) : t('manage.certificatesNone')}</p>
      {canDownload && count ? (
        <p className="actions">
          <a href={`/cohorts/${cohortId}/certificates.zip`} download>
            {t('certificates:bulk.zip')}
          </a>
          <a href={`/cohorts/${cohortId}/certificates.pdf`} download>
            {t('certificates:bulk.pdf')}
          </a>
        </p>
      ) : null}
      {canIssue && !run?.running ? (
        <Form method="post" action={`/cohorts/${cohortId}/certificates`}>
          <p className="hint" id="issue-certificates-hint">
            {t('certificates:issue.intro')}
          </p>
          <button type="submit" name="intent" value="issue" aria-describedby="issue-certificates-hint">
            {t('certificates:issue.button')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
