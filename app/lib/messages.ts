/**
 * A user-facing message is an i18n key; one that needs values carries them after a bar:
 * `common:form.tooLong|{"max":120}`. The same string travels through zod issues,
 * `submission.reply()` and conform's browser checks; `ErrorList` splits it and translates.
 */
export type MessageValues = Record<string, string | number>;

export function withValues(key: string, values: MessageValues): string {
  return `${key}|${JSON.stringify(values)}`;
}

/** [key, values] of a message (values `{}` when it has none or they are unreadable). */
export function messageParts(message: string): [string, MessageValues] {
  const bar = message.indexOf('|');
  if (bar < 0) return [message, {}];
  try {
    const values: unknown = JSON.parse(message.slice(bar + 1));
    return [message.slice(0, bar), values && typeof values === 'object' ? (values as MessageValues) : {}];
  } catch {
    return [message.slice(0, bar), {}];
  }
}

/** The messages every form shares (common namespace). */
export const REQUIRED = 'common:form.required';
export const INVALID = 'common:form.invalid';
export const tooLong = (max: number) => withValues('common:form.tooLong', { max });
export const tooShort = (min: number) => withValues('common:form.tooShort', { min });
