import type { ReactNode } from 'react';
import { ErrorList } from './field';

/** A labelled <select> with its errors wired for screen readers (the select twin of Field). */
export function SelectField({
  label,
  selectProps,
  errors,
  hint,
  children,
}: {
  label: ReactNode;
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement> & { id: string; name: string };
  errors?: string[] | null;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const errorId = errors?.length ? `${selectProps.id}-error` : undefined;
  const hintId = hint ? `${selectProps.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={selectProps.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        {...selectProps}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      >
        {children}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
