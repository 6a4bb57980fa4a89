import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { TextareaField } from '~/components/cohorts/textarea-field';
import { ErrorList } from '~/components/field';
import { CancelSchema } from '~/domain/cohorts/schemas';
import type { CohortView } from './cohort-view.server';

/** The next lifecycle steps, each with what still blocks it, and cancelling the cohort with a reason. */
export function LifecyclePanel({
  steps,
  refusal,
  cancelResult,
}: {
  steps: CohortView['steps'];
  /** Why the step just asked for was refused (a message key). */
  refusal: string | null;
  cancelResult: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation('cohorts');
  const [cancelForm, cancelFields] = useForm({
    id: 'cancel-cohort',
    lastResult: cancelResult,
    constraint: getZodConstraint(CancelSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSchema }),
  });
  return (
    <section aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title">{t('manage.lifecycle')}</h2>
      <ErrorList errors={refusal ? [refusal] : null} />
      <div className="actions">
        {steps.map((step) => (
          <Form method="post" key={step.to} className="inline-form">
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="to" value={step.to} />
            <button type="submit" className="button" aria-describedby={step.problem ? `step-${step.to}-problem` : undefined}>
              {t(`manage.to.${step.to}`)}
            </button>
            {step.problem ? (
              <span id={`step-${step.to}-problem`} className="hint">
                {' '}
                {t(step.problem)}
              </span>
            ) : null}
          </Form>
        ))}
      </div>
      <details className="danger-zone">
        <summary>{t('manage.cancel')}</summary>
        <Form method="post" {...getFormProps(cancelForm)}>
          <input type="hidden" name="intent" value="cancel" />
          <ErrorList id={cancelForm.errorId} errors={cancelForm.errors} />
          <TextareaField
            label={t('manage.cancelReason')}
            hint={t('manage.cancelHint')}
            textareaProps={getTextareaProps(cancelFields.reason)}
            errors={cancelFields.reason.errors}
          />
          <button type="submit" className="button danger">
            {t('manage.cancelSubmit')}
          </button>
        </Form>
      </details>
    </section>
  );
}
