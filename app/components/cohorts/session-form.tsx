import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SessionSchema } from '~/domain/cohorts/schemas';
import { dateInputProps, dateText, timeInputProps } from '~/lib/date-input';
import { ErrorList, Field } from '~/components/field';
import { SelectField } from '~/components/select-field';
import { TextareaField } from './textarea-field';

export interface SessionFormDefaults {
  kind?: 'training' | 'exam';
  title?: string;
  topics?: string | null;
  date?: string;
  startsAtTime?: string;
  endsAtTime?: string;
  venueName?: string | null;
}

/** One session of a cohort: kind, title, topics, the local date and times, and its own venue if any. */
export function SessionForm({
  lastResult,
  defaultValue,
  zone,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: SessionFormDefaults;
  zone: string;
  submitLabel: string;
}) {
  const { t } = useTranslation('cohorts');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'session',
    lastResult,
    defaultValue: { ...defaultValue, date: dateText(defaultValue.date) },
    constraint: getZodConstraint(SessionSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SessionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form-narrow">
      <input type="hidden" name="intent" value="save" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <SelectField label={t('sessions.kind')} selectProps={getSelectProps(fields.kind)} errors={fields.kind.errors}>
        <option value="training">{t('common:cohort.sessionKind.training')}</option>
        <option value="exam">{t('common:cohort.sessionKind.exam')}</option>
      </SelectField>
      <Field label={t('sessions.title')} inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
      <TextareaField label={t('sessions.topics')} textareaProps={getTextareaProps(fields.topics)} errors={fields.topics.errors} />
      <Field label={t('sessions.date')} inputProps={{ ...getInputProps(fields.date, { type: 'text' }), ...dateInputProps, placeholder: t('common:form.datePlaceholder') }} errors={fields.date.errors} />
      <p className="hint">{t('sessions.timeHint', { zone })}</p>
      <div className="field-pair">
        <Field label={t('sessions.startsAt')} inputProps={{ ...getInputProps(fields.startsAtTime, { type: 'text' }), ...timeInputProps, placeholder: t('common:form.timePlaceholder') }} errors={fields.startsAtTime.errors} />
        <Field label={t('sessions.endsAt')} inputProps={{ ...getInputProps(fields.endsAtTime, { type: 'text' }), ...timeInputProps, placeholder: t('common:form.timePlaceholder') }} errors={fields.endsAtTime.errors} />
      </div>
      <Field label={t('sessions.venue')} hint={t('sessions.venueHint')} inputProps={getInputProps(fields.venueName, { type: 'text' })} errors={fields.venueName.errors} />
      <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  );
}
