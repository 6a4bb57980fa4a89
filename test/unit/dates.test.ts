import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateInZone,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatShortDate,
  formatTime,
  formatTimeRange,
  zonedTimeToUtc,
} from '~/lib/dates';

const nbsp = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('Indonesian dates', () => {
  it('formats a calendar date the Indonesian way, whatever the zone', () => {
    expect(nbsp(formatDate('2026-11-12', 'Asia/Jayapura'))).toBe('12 November 2026');
    expect(nbsp(formatDate('2026-08-17', 'Asia/Jakarta'))).toBe('17 Agustus 2026');
    expect(nbsp(formatDate('2026-12-01', 'Asia/Jakarta', 'en'))).toBe('1 December 2026');
  });

  it('shows an instant in the cohort zone with its WIB/WITA/WIT label', () => {
    const instant = new Date('2026-11-12T01:00:00Z');
    expect(nbsp(formatTime(instant, 'Asia/Jakarta'))).toBe('08.00 WIB');
    expect(nbsp(formatTime(instant, 'Asia/Makassar'))).toBe('09.00 WITA');
    expect(nbsp(formatTime(instant, 'Asia/Jayapura'))).toBe('10.00 WIT');
    expect(nbsp(formatDateTime(new Date('2026-11-11T18:30:00Z'), 'Asia/Jakarta'))).toBe('12 November 2026, 01.30 WIB');
  });

  it("prints a session's hours once with the zone, and a short date for narrow columns", () => {
    const start = new Date('2026-11-12T00:00:00Z');
    const end = new Date('2026-11-12T08:00:00Z');
    expect(nbsp(formatTimeRange(start, end, 'Asia/Makassar'))).toBe('08.00–16.00 WITA');
    expect(nbsp(formatTimeRange(start, end, 'Asia/Jakarta'))).toBe('07.00–15.00 WIB');
    expect(nbsp(formatShortDate(start, 'Asia/Jayapura'))).toBe('12 Nov 2026');
    expect(nbsp(formatShortDate('2026-08-17', 'Asia/Jakarta'))).toBe('17 Agu 2026');
  });

  it('converts wall-clock times in each zone to UTC', () => {
    expect(zonedTimeToUtc('2026-11-12', '08:00', 'Asia/Jakarta').toISOString()).toBe('2026-11-12T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-11-12', '08:00', 'Asia/Makassar').toISOString()).toBe('2026-11-12T00:00:00.000Z');
    expect(zonedTimeToUtc('2026-11-12', '07:30:00', 'Asia/Jayapura').toISOString()).toBe('2026-11-11T22:30:00.000Z');
    expect(() => zonedTimeToUtc('not-a-date', '08:00', 'Asia/Jakarta')).toThrow(RangeError);
  });

  it('finds the local calendar date of an instant', () => {
    expect(dateInZone(new Date('2026-11-11T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-12');
    expect(dateInZone(new Date('2026-11-11T16:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-11');
  });

  it('writes date ranges compactly', () => {
    expect(nbsp(formatDateRange('2026-11-09', '2026-11-12'))).toBe('9–12 November 2026');
    expect(nbsp(formatDateRange('2026-11-30', '2026-12-03'))).toBe('30 November – 3 Desember 2026');
    expect(nbsp(formatDateRange('2026-12-30', '2027-01-02'))).toBe('30 Desember 2026 – 2 Januari 2027');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});
