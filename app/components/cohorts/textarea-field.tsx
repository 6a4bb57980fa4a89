import type { ReactNode } from 'react';
import { ErrorList } from '~/components/field';

/** A labelled <textarea> with its hint and errors wired for screen readers. */
export function TextareaField({
  label,
  textareaProps,
  errors,
  hint,
}: {
  label: ReactNode;
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; name: string };
  errors?: string[] | null;
  hint?: ReactNode;
}) {
  const errorId = errors?.length ? `${textareaProps.id}-error` : undefined;
  const hintId = hint ? `${textareaProps.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={textareaProps.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea
        rows={3}
        {...textareaProps}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
      />
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
