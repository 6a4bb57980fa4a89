import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * The cohort's certificates on its manage page: how many have been issued and, for the
 * coordinator of a completed cohort, the one action that issues what is missing (it posts
 * to /cohorts/:id/certificates and comes back here with the counts in a message).
 */
export function CertificatesPanel({ cohortId, count, canIssue }: { cohortId: string; count: number; canIssue: boolean }) {
  const { t } = useTranslation(['cohorts', 'certificates']);
  return (
    <section aria-labelledby="summary-certificates">
      <h2 id="summary-certificates">{t('manage.certificates')}</h2>
      <p>{count ? t('certificates:issue.count', { count }) : t('manage.certificatesNone')}</p>
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
