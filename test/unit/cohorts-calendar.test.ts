import { describe, expect, it } from 'vitest';
import { calendarFileName, cohortCalendar, foldLine } from '~/domain/cohorts/calendar-file';
import { monthBounds, monthGrid, parseMonth, shiftMonth } from '~/domain/cohorts/month-calendar';
import { planSessions } from '~/domain/cohorts/session-plan';

const days = [
  { dayNumber: 1, kind: 'training' as const, title: 'Prinsip pembiayaan', topics: 'Regulasi, SOP', startsAtTime: '08:00', endsAtTime: '16:00' },
  { dayNumber: 2, kind: 'exam' as const, title: 'Uji kompetensi', topics: null, startsAtTime: '08:00', endsAtTime: '15:00' },
];

function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('the cohort calendar file', () => {
  const sessions = planSessions(days, '2026-12-07', 'Asia/Makassar').map((s, i) => ({ ...s, id: `s${i + 1}`, venueName: null }));
  const ics = cohortCalendar(
    { id: 'c1', name: 'Angkatan II 2026', programTitle: 'Kabag Pembiayaan', timeZone: 'Asia/Makassar', venueName: 'Hotel Santika', venueAddress: 'Jl. Urip, Makassar', url: 'http://localhost/cohorts/c1', sessions },
    { training: 'Pelatihan', exam: 'Uji kompetensi' },
  );
  const lines = unfold(ics);

  it('holds one event per session with the times written in the cohort zone', () => {
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('DTSTART;TZID=Asia/Makassar:20261207T080000');
    expect(lines).toContain('DTEND;TZID=Asia/Makassar:20261207T160000');
    expect(lines).toContain('DTSTART;TZID=Asia/Makassar:20261208T080000');
    expect(lines.some((l) => /^DT(START|END):.*Z$/.test(l))).toBe(false);
  });

  it('declares the zone with its fixed offset and name', () => {
    const zone = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1);
    expect(zone).toEqual(expect.arrayContaining(['TZID:Asia/Makassar', 'TZOFFSETTO:+0800', 'TZNAME:WITA']));
    expect(lines.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  it('names the session, the place and the page', () => {
    expect(lines).toContain('SUMMARY:Kabag Pembiayaan — Angkatan II 2026: Prinsip pembiayaan');
    expect(lines).toContain('LOCATION:Hotel Santika\\, Jl. Urip\\, Makassar');
    expect(lines).toContain('UID:s1@kompeten');
    expect(lines).toContain('URL:http://localhost/cohorts/c1');
  });

  it('folds long lines at 75 octets, never inside a character (RFC 5545)', () => {
    const long = cohortCalendar(
      {
        id: 'c2',
        name: 'Angkatan — “Kepala Bagian Pembiayaan” — Kota Pekalongan — 2026',
        programTitle: 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS — tahap lanjutan',
        timeZone: 'Asia/Jakarta',
        venueName: 'Hotel Santika — Ruang Batik',
        venueAddress: 'Jl. Dr. Sutomo No. 39 — Pekalongan',
        url: 'http://localhost/cohorts/c2',
        sessions,
      },
      { training: 'Pelatihan', exam: 'Uji kompetensi' },
    );
    const encoder = new TextEncoder();
    const physical = long.split('\r\n');
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of physical) expect(encoder.encode(line).length, line).toBeLessThanOrEqual(75);
    // Unfolded, the text is whole: no character was cut in two.
    expect(unfold(long)).toContain(
      'SUMMARY:Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS — tahap lanjutan — Angkatan — “Kepala Bagian Pembiayaan” — Kota Pekalongan — 2026: Prinsip pembiayaan',
    );
  });

  it('folds by bytes: an em dash (3 octets) at the limit moves whole to the next line', () => {
    const line = `SUMMARY:${'x'.repeat(66)}—tail`;
    const [first, second] = foldLine(line);
    expect(new TextEncoder().encode(first!).length).toBe(74);
    expect(second).toBe(' —tail');
  });

  it('has a plain file name', () => {
    expect(calendarFileName('Angkatan II 2026')).toBe('angkatan-ii-2026.ics');
    expect(calendarFileName('***')).toBe('angkatan.ics');
  });
});

describe('the month calendar', () => {
  it('lays a month out in Monday-first weeks with the cohorts of each day', () => {
    const weeks = monthGrid('2026-12', [
      { id: 'a', startsOn: '2026-11-30', endsOn: '2026-12-03' },
      { id: 'b', startsOn: '2026-12-31', endsOn: '2027-01-02' },
    ]);
    expect(weeks[0]![0]).toMatchObject({ date: '2026-11-30', inMonth: false });
    expect(weeks[0]![0]!.entries.map((e) => e.id)).toEqual(['a']);
    expect(weeks[0]![3]!.entries.map((e) => e.id)).toEqual(['a']);
    expect(weeks[0]![4]!.entries).toEqual([]);
    const last = weeks.at(-1)!;
    expect(last[3]).toMatchObject({ date: '2026-12-31', inMonth: true });
    expect(last[3]!.entries.map((e) => e.id)).toEqual(['b']);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('reads, bounds and moves months', () => {
    expect(parseMonth('2026-02', '2000-01')).toBe('2026-02');
    expect(parseMonth('2026-13', '2000-01')).toBe('2000-01');
    expect(parseMonth(null, '2000-01')).toBe('2000-01');
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});
