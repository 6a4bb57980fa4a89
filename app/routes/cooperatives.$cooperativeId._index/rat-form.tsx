import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { AnnualMeetingSchema } from '~/domain/cooperatives/schemas';
import { dateInputProps } from '~/lib/date-input';

/** Records a year's RAT (or corrects it): the coordinator's form on the cooperative's page. */
export function RatForm({ defaultYear, lastResult }: { defaultYear: number; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation('cooperatives');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: 'rat-form',
    lastResult,
    defaultValue: { fiscalYear: String(defaultYear) },
    constraint: getZodConstraint(AnnualMeetingSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnnualMeetingSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form-narrow">
      <h3>{t('rat.record')}</h3>
      <p className="hint">{t('rat.recordHint')}</p>
      <ErrorList id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="record-meeting" />
      <Field label={t('rat.fiscalYear')} inputProps={{ ...getInputProps(fields.fiscalYear, { type: 'number' }), inputMode: 'numeric' }} errors={fields.fiscalYear.errors} />
      <Field label={t('rat.heldOn')} inputProps={{ ...getInputProps(fields.heldOn, { type: 'text' }), ...dateInputProps, placeholder: t('common:form.datePlaceholder') }} errors={fields.heldOn.errors} />
      <Field label={t('rat.notes')} inputProps={getInputProps(fields.notes, { type: 'text' })} errors={fields.notes.errors} />
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('rat.record')}
      </button>
    </Form>
  );
}
