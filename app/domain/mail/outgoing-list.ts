import type { MailStatus } from '~db/schema';

/** The outgoing-mail list's filter and sort choices, shared by the page and the query. */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const satisfies readonly MailStatus[];
export const OUTGOING_SORT_KEYS = ['created', 'recipient', 'subject', 'status'] as const;
export type OutgoingSortKey = (typeof OUTGOING_SORT_KEYS)[number];
