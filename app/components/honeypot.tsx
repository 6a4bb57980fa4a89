import { useTranslation } from 'react-i18next';

/**
 * A field people never see or fill, on public forms: a bot that fills every field
 * reveals itself. Hidden by CSS (not `display:none`, which some bots skip), out of the
 * tab order and from screen readers.
 */
export const HONEYPOT_FIELD = 'website';

export function Honeypot() {
  const { t } = useTranslation('accounts');
  return (
    <div className="hp-field" aria-hidden="true">
      <label htmlFor="hp-website">{t('honeypot')}</label>
      <input id="hp-website" type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

export function filledHoneypot(formData: FormData): boolean {
  const value = formData.get(HONEYPOT_FIELD);
  return typeof value === 'string' && value.length > 0;
}
