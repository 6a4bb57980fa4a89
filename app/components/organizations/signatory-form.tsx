import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, Field } from '~/components/field';
import { SignatorySchema } from '~/domain/organizations/schemas';

/** A signatory's form (add and edit), sent as multipart for the signature image. */
export function SignatoryForm({
  lastResult,
  defaultValue,
  submitLabel,
  cancelTo,
  signatureSrc,
  signatureAlt,
  nipWarning,
}: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: Record<string, string | null>;
  submitLabel: string;
  cancelTo: string;
  signatureSrc?: string | null;
  signatureAlt?: string;
  nipWarning?: boolean;
}) {
  const { t } = useTranslation('organizations');
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(SignatorySchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignatorySchema }),
  });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="form-narrow signatory-form">
      <ErrorList id={form.errorId} errors={form.errors} />
      <Field label={t('signatories.name')} inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
      <Field label={t('signatories.jobTitle')} inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
      <Field
        label={t('signatories.nip')}
        hint={nipWarning ? `${t('signatories.nipHint')} ${t('signatories.nipWarning')}.` : t('signatories.nipHint')}
        inputProps={{ ...getInputProps(fields.nip, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
        errors={fields.nip.errors}
      />
      {signatureSrc ? (
        <div className="field">
          <p className="field-label">{t('signatories.currentSignature')}</p>
          <img className="signature-thumbnail" src={signatureSrc} alt={signatureAlt ?? ''} />
          <label className="checkbox-label">
            <input {...getInputProps(fields.removeSignature, { type: 'checkbox' })} /> {t('signatories.removeSignature')}
          </label>
        </div>
      ) : null}
      <Field
        label={t('signatories.signature')}
        hint={t('signatories.signatureHint')}
        inputProps={{ ...getInputProps(fields.signature, { type: 'file' }), accept: 'image/png,image/jpeg' }}
        errors={fields.signature.errors}
      />
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button secondary">
          {t('signatories.cancel')}
        </Link>
      </div>
    </Form>
  );
}
