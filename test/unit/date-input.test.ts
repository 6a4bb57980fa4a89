import { describe, expect, it } from 'vitest';
import { CohortSchema, SessionSchema } from '~/domain/cohorts/schemas';
import { parseAuditFilters } from '~/domain/audit/filters';
import { dateText, parseDateText, parseDateTimeText, parseTimeText } from '~/lib/date-input';
import { messageParts, tooLong, withValues } from '~/lib/messages';

describe('times and dates typed the Indonesian way', () => {
  it('reads a time with a dot or a colon, 24-hour', () => {
    expect(parseTimeText('08.00')).toBe('08:00');
    expect(parseTimeText('8.30')).toBe('08:30');
    expect(parseTimeText('08:00')).toBe('08:00');
    expect(parseTimeText('16:45:00')).toBe('16:45');
    expect(parseTimeText('23.59')).toBe('23:59');
    for (const bad of ['24.00', '08.60', '8', '08:00 AM', '', 'jam 8']) expect(parseTimeText(bad), bad).toBeNull();
  });

  it('reads a date day first (- / .) or ISO, and only days that exist', () => {
    expect(parseDateText('31-12-2026')).toBe('2026-12-31');
    expect(parseDateText('1/2/2027')).toBe('2027-02-01');
    expect(parseDateText('01.02.2027')).toBe('2027-02-01');
    expect(parseDateText('2026-12-31')).toBe('2026-12-31');
    for (const bad of ['31-02-2026', '12/31/2026', '2026-13-01', '31-12-26', '']) expect(parseDateText(bad), bad).toBeNull();
  });

  it('reads a date and time, and shows a stored date day first', () => {
    expect(parseDateTimeText('01-12-2026 08.00')).toBe('2026-12-01T08:00');
    expect(parseDateTimeText('2026-12-01T08:00')).toBe('2026-12-01T08:00');
    expect(parseDateTimeText('01-12-2026')).toBeNull();
    expect(dateText('2026-12-01')).toBe('01-12-2026');
    expect(dateText('2026-12-01T08:00')).toBe('01-12-2026 08:00');
    expect(dateText(undefined)).toBeUndefined();
  });

  it('the session and cohort schemas take both forms and give ISO values', () => {
    const session = SessionSchema.parse({ kind: 'training', title: 'Hari 1', date: '01-12-2026', startsAtTime: '08.00', endsAtTime: '16.00' });
    expect(session).toMatchObject({ date: '2026-12-01', startsAtTime: '08:00', endsAtTime: '16:00' });
    expect(SessionSchema.safeParse({ kind: 'training', title: 'x', date: '01-12-2026', startsAtTime: '16.00', endsAtTime: '08.00' }).success).toBe(false);
    const cohort = CohortSchema.parse({
      programId: '00000000-0000-4000-8000-000000000001',
      name: 'Angkatan I',
      startsOn: '01-12-2026',
      timeZone: 'Asia/Jakarta',
      venueName: 'Aula',
      capacity: 20,
      registrationOpensAt: '01-11-2026 08.00',
      registrationClosesAt: '2026-11-20T17:00',
    });
    expect(cohort).toMatchObject({ startsOn: '2026-12-01', registrationOpensAt: '2026-11-01T08:00', registrationClosesAt: '2026-11-20T17:00' });
  });

  it('the audit log filters take days typed day first', () => {
    const filters = parseAuditFilters(new URLSearchParams({ from: '01-11-2026', to: '2026-11-30' }));
    expect(filters).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(parseAuditFilters(new URLSearchParams({ from: '11/31/2026' })).from).toBeNull();
  });
});

describe('messages with values', () => {
  it('carry their values after a bar and split back', () => {
    expect(tooLong(120)).toBe('common:form.tooLong|{"max":120}');
    expect(messageParts(withValues('a:b', { n: 1 }))).toEqual(['a:b', { n: 1 }]);
    expect(messageParts('a:b')).toEqual(['a:b', {}]);
    expect(messageParts('a:b|not json')).toEqual(['a:b', {}]);
  });
});
