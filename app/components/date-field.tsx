import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateInputProps } from '~/lib/date-input';
import { Field } from './field';

/**
 * A date typed as text the Indonesian way ("31-12-2026"; ISO also read): a native date
 * input follows the browser's locale (mm/dd/yyyy), which the page cannot set. The hint
 * says the format after the field's own hint; its schema reads it with `dateField`.
 */
export function DateField({
  label,
  hint,
  inputProps,
  errors,
}: {
  label: ReactNode;
  hint?: ReactNode;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { id: string; name: string };
  errors?: string[] | null;
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={label}
      hint={
        <>
          {hint ? <>{hint} </> : null}
          {t('common:form.dateHint')}
        </>
      }
      inputProps={{ ...dateInputProps, placeholder: t('common:form.datePlaceholder'), ...inputProps, type: 'text' }}
      errors={errors}
    />
  );
}
