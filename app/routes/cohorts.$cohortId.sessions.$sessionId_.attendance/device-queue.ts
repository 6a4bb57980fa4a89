import type { DeviceMarks } from '~/domain/attendance/schemas';

/**
 * The marks a device made and has not yet had accepted, kept in localStorage per session so
 * they survive a dropped connection (and a reload): each keeps the id and time it was made
 * with, so sending it again never doubles it.
 */
export type QueuedMark = DeviceMarks['marks'][number];

const keyOf = (sessionId: string) => `kompeten:attendance:${sessionId}`;

export function readQueue(sessionId: string): QueuedMark[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(keyOf(sessionId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedMark[]) : [];
  } catch {
    return [];
  }
}

export function writeQueue(sessionId: string, marks: QueuedMark[]): void {
  if (marks.length) window.localStorage.setItem(keyOf(sessionId), JSON.stringify(marks));
  else window.localStorage.removeItem(keyOf(sessionId));
}

export type SendOutcome = { kind: 'sent' } | { kind: 'refused'; message: string } | { kind: 'offline' };

/** Sends the queue once: accepted, refused by the server (with its message), or not reachable. */
export async function sendQueue(url: string, marks: QueuedMark[]): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ marks }) });
  } catch {
    return { kind: 'offline' };
  }
  if (response.ok) return { kind: 'sent' };
  if (response.status === 400 || response.status === 409 || response.status === 404 || response.status === 403) {
    const body = (await response.json().catch(() => null)) as { formErrors?: string[] } | null;
    return { kind: 'refused', message: body?.formErrors?.[0] ?? 'attendance:rollCall.refused' };
  }
  return { kind: 'offline' };
}
