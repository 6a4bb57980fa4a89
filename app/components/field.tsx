import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { messageParts } from '~/lib/messages';

/** Error messages are i18n keys (namespace:key, values after `|`: ~/lib/messages); show them in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="alert">
      {errors.map((error) => (
        <li key={error}>{translated(t, error)}</li>
      ))}
    </ul>
  );
}

function translated(t: (key: string, values: Record<string, string | number>) => string, error: string): string {
  const [key, values] = messageParts(error);
  return t(key, values);
}

/** A labelled input with its errors wired for screen readers. */
export function Field({
  label,
  inputProps,
  errors,
  hint,
}: {
  label: ReactNode;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { id: string; name: string };
  errors?: string[] | null;
  hint?: ReactNode;
}) {
  const errorId = errors?.length ? `${inputProps.id}-error` : undefined;
  const hintId = hint ? `${inputProps.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={inputProps.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        {...inputProps}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
