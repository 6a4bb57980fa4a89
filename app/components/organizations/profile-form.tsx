import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { SelectField } from '~/components/select-field';
import { TextareaField } from '~/components/cohorts/textarea-field';
import { ProfileSchema, LETTERHEAD_MAX_LINES } from '~/domain/organizations/schemas';
import { TIME_ZONE_IDS, zoneLabel } from '~/lib/dates';

/** The profile form ("Profil lembaga"): one form, with the logo, sent as multipart. */
export function ProfileForm({
  lastResult,
  defaultValue,
  isDinas,
  logoSrc,
  logoAlt,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: Record<string, string | null>;
  isDinas: boolean;
  logoSrc: string | null;
  logoAlt: string;
}) {
  const { t } = useTranslation('organizations');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ProfileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form-narrow organization-form">
      <ErrorList id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>{t('profile.identity')}</legend>
        <Field label={t('fields.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
        <Field label={t('fields.shortName')} inputProps={getInputProps(fields.shortName, { type: 'text' })} errors={fields.shortName.errors} />
        {isDinas ? (
          <SelectField label={t('fields.timeZone')} hint={t('fields.timeZoneHint')} selectProps={getSelectProps(fields.timeZone)} errors={fields.timeZone.errors}>
            {TIME_ZONE_IDS.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </SelectField>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>{t('profile.contact')}</legend>
        <Field label={t('fields.address')} inputProps={{ ...getInputProps(fields.address, { type: 'text' }), autoComplete: 'street-address' }} errors={fields.address.errors} />
        <Field label={t('fields.city')} inputProps={getInputProps(fields.city, { type: 'text' })} errors={fields.city.errors} />
        <Field label={t('fields.phone')} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }} errors={fields.phone.errors} />
        <Field label={t('fields.email')} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} errors={fields.email.errors} />
      </fieldset>
      <fieldset>
        <legend>{t('profile.letterheadAndLogo')}</legend>
        <TextareaField
          label={t('fields.letterhead')}
          hint={t('fields.letterheadHint')}
          textareaProps={{ ...getTextareaProps(fields.letterhead), rows: LETTERHEAD_MAX_LINES }}
          errors={fields.letterhead.errors}
        />
        {logoSrc ? (
          <div className="field">
            <p className="field-label">{t('fields.currentLogo')}</p>
            <img className="logo-thumbnail" src={logoSrc} alt={logoAlt} />
            <label className="checkbox-label">
              <input {...getInputProps(fields.removeLogo, { type: 'checkbox' })} /> {t('fields.removeLogo')}
            </label>
          </div>
        ) : null}
        <Field
          label={t('fields.logo')}
          hint={t('fields.logoHint')}
          inputProps={{ ...getInputProps(fields.logo, { type: 'file' }), accept: 'image/png,image/jpeg' }}
          errors={fields.logo.errors}
        />
      </fieldset>
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {t('profile.save')}
        </button>
      </div>
    </Form>
  );
}
