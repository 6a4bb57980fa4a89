import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { COOPERATIVE_TYPES } from '~db/schema';
import { COOPERATIVE_STATUSES, CooperativeSchema, SAVINGS_LOAN_UNITS, type CooperativeInput } from '~/domain/cooperatives/schemas';
import { ErrorList, Field } from '~/components/field';
import { DateField } from '~/components/date-field';
import { dateText } from '~/lib/date-input';
import { SelectField } from '~/components/select-field';

/** The registry form (create and edit): the same schema checks it in the browser and on the server. */
export function CooperativeForm({
  lastResult,
  defaultValue,
  submitLabel,
  cancelTo,
  dinasChoices,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: Partial<Record<keyof CooperativeInput, string>>;
  submitLabel: string;
  cancelTo: string;
  dinasChoices?: { id: string; name: string }[];
}) {
  const { t } = useTranslation('cooperatives');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: defaultValue ? { ...defaultValue, legalEntityDate: dateText(defaultValue.legalEntityDate) } : undefined,
    constraint: getZodConstraint(CooperativeSchema),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CooperativeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="form-narrow cooperative-form">
      <ErrorList id={form.errorId} errors={form.errors} />
      {dinasChoices && dinasChoices.length > 1 ? (
        <div className="field">
          <label htmlFor="dinasId">{t('form.dinas')}</label>
          <select id="dinasId" name="dinasId">
            {dinasChoices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field label={t('fields.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
      <Field
        label={t('fields.cooperativeNumber')}
        hint={t('fields.cooperativeNumberHint')}
        inputProps={{ ...getInputProps(fields.cooperativeNumber, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
        errors={fields.cooperativeNumber.errors}
      />
      <SelectField label={t('fields.type')} selectProps={getSelectProps(fields.type)} errors={fields.type.errors}>
        <option value="">{t('fields.typeChoose')}</option>
        {COOPERATIVE_TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('fields.savingsLoanUnit')}
        hint={t('fields.savingsLoanUnitHint')}
        selectProps={getSelectProps(fields.savingsLoanUnit)}
        errors={fields.savingsLoanUnit.errors}
      >
        <option value="">{t('fields.savingsLoanUnitNone')}</option>
        {SAVINGS_LOAN_UNITS.map((unit) => (
          <option key={unit} value={unit}>
            {unit}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('fields.status')} selectProps={getSelectProps(fields.status)} errors={fields.status.errors}>
        {COOPERATIVE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend>{t('fields.legalEntity')}</legend>
        <Field label={t('fields.legalEntityNumber')} inputProps={getInputProps(fields.legalEntityNumber, { type: 'text' })} errors={fields.legalEntityNumber.errors} />
        <DateField label={t('fields.legalEntityDate')} inputProps={getInputProps(fields.legalEntityDate, { type: 'text' })} errors={fields.legalEntityDate.errors} />
      </fieldset>
      <fieldset>
        <legend>{t('fields.address')}</legend>
        <Field label={t('fields.street')} inputProps={{ ...getInputProps(fields.street, { type: 'text' }), autoComplete: 'address-line1' }} errors={fields.street.errors} />
        <Field label={t('fields.village')} inputProps={getInputProps(fields.village, { type: 'text' })} errors={fields.village.errors} />
        <Field label={t('fields.district')} inputProps={getInputProps(fields.district, { type: 'text' })} errors={fields.district.errors} />
        <Field label={t('fields.regency')} inputProps={getInputProps(fields.regency, { type: 'text' })} errors={fields.regency.errors} />
        <Field
          label={t('fields.postalCode')}
          inputProps={{ ...getInputProps(fields.postalCode, { type: 'text' }), inputMode: 'numeric', autoComplete: 'postal-code' }}
          errors={fields.postalCode.errors}
        />
      </fieldset>
      <fieldset>
        <legend>{t('fields.contact')}</legend>
        <Field label={t('fields.phone')} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }} errors={fields.phone.errors} />
        <Field label={t('fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} errors={fields.email.errors} />
      </fieldset>
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button secondary">
          {t('form.cancel')}
        </Link>
      </div>
    </Form>
  );
}
