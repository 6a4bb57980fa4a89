import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * The cohort's certificates on its manage page: how many have been issued and, for the
 * coordinator of a completed cohort, the one action that issues what is missing (it posts
 * to /cohorts/:id/certificates and comes back here with the counts in a message); once
 * some are issued, the coordinator downloads them all (a ZIP of PDFs, or one PDF to print).
 */
export function CertificatesPanel({ cohortId, count, canIssue, canDownload }: { cohortId: string; count: number; canIssue: boolean; canDownload: boolean }) {
  const { t } = useTranslation(['cohorts', 'certificates']);
  return (
    <section aria-labelledby="summary-certificates">
      <h2 id="summary-certificates">{t('manage.certificates')}</h2>
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
      {canIssue ? (
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
