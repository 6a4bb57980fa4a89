import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** The lookup form of the verification pages: a certificate number or a code (GET /verify?q=…). */
export function VerifyLookup({ defaultValue }: { defaultValue?: string }) {
  const { t } = useTranslation('certificates');
  return (
    <Form method="get" action="/verify" className="verify-lookup">
      <label htmlFor="verify-q">{t('verify.lookupLabel')}</label>
      <p id="verify-q-hint" className="hint">
        {t('verify.lookupHint')}
      </p>
      <div className="inline-field">
        <input id="verify-q" name="q" type="text" defaultValue={defaultValue} aria-describedby="verify-q-hint" autoComplete="off" spellCheck={false} maxLength={120} required />
        <button type="submit">{t('verify.lookupSubmit')}</button>
      </div>
    </Form>
  );
}
