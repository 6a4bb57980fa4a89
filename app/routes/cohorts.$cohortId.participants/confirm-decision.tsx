import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentStatus } from '~db/schema';
import { ErrorList } from '~/components/field';
import { TextareaField } from '~/components/cohorts/textarea-field';
import { CancelEnrollmentSchema, RejectSchema } from '~/domain/enrollment/schemas';

/**
 * The step between the coordinator's "Tolak"/"Batalkan" and the change: it names the
 * people and the cohort, asks for the reason the person is told (required to reject), and
 * holds the final button. It is a page of its own (a GET), so it works without JavaScript.
 */
export function ConfirmDecision({
  cohortId,
  cohortName,
  kind,
  people,
  lastResult,
}: {
  cohortId: string;
  cohortName: string;
  kind: 'reject' | 'cancel';
  people: readonly { enrollmentId: string; name: string; status: EnrollmentStatus; hasEmail: boolean }[];
  lastResult: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation('cohorts');
  const location = useLocation();
  const busy = useNavigation().state === 'submitting';
  const schema = kind === 'reject' ? RejectSchema : CancelEnrollmentSchema;
  const [form, fields] = useForm({
    id: `confirm-${kind}`,
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const back = new URLSearchParams(location.search);
  back.delete('confirm');
  back.delete('enrollment');
  return (
    <section aria-labelledby="confirm-title">
      <p>
        <Link to={`/cohorts/${cohortId}/manage`}>{cohortName}</Link>
      </p>
      <h1 id="confirm-title">{t(`participants.confirm.${kind}Title`, { count: people.length })}</h1>
      <p>{t(`participants.confirm.${kind}Intro`, { count: people.length, cohort: cohortName })}</p>
      <ul>
        {people.map((p) => (
          <li key={p.enrollmentId}>
            <strong>{p.name}</strong> — {t(`enrollmentStatus.${p.status}`)}
            {p.hasEmail ? null : (
              <>
                {' '}
                <span className="badge badge-unnotified">{t('participants.notNotified')}</span>{' '}
                <Link to={`/cohorts/${cohortId}/participants/${p.enrollmentId}/notice`}>{t('participants.notice', { name: p.name })}</Link>
              </>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" action={`${location.pathname}${location.search}`} {...getFormProps(form)}>
        <input type="hidden" name="intent" value={`confirm-${kind}`} />
        {people.map((p) => (
          <input key={p.enrollmentId} type="hidden" name="enrollment" value={p.enrollmentId} />
        ))}
        <ErrorList id={form.errorId} errors={form.errors} />
        <TextareaField
          label={t(kind === 'reject' ? 'participants.confirm.rejectReason' : 'participants.confirm.cancelReason')}
          hint={t('participants.confirm.reasonHint')}
          textareaProps={{ ...getTextareaProps(fields.reason), maxLength: 1000 }}
          errors={fields.reason.errors}
        />
        <div className="actions">
          <button type="submit" className="button danger" disabled={busy}>
            {t(`participants.confirm.${kind}Submit`, { count: people.length })}
          </button>
          <Link to={`/cohorts/${cohortId}/participants${back.toString() ? `?${back}` : ''}`} className="button secondary">
            {t('participants.confirm.back')}
          </Link>
        </div>
      </Form>
    </section>
  );
}
