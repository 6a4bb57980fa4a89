import { createEvents, type EventAttributes } from 'ics';
import { TIME_ZONES, type IndonesianTimeZone } from '~/lib/dates';

/**
 * A cohort's sessions as an iCalendar file (RFC 5545) for the participant's calendar:
 * one event per session, times written in the cohort's own zone (TZID with its
 * VTIMEZONE; Indonesia keeps fixed offsets, so the zone needs no daylight rules).
 */
export interface CalendarCohort {
  id: string;
  name: string;
  programTitle: string;
  timeZone: IndonesianTimeZone;
  venueName: string | null;
  venueAddress: string | null;
  url: string;
  sessions: { id: string; kind: 'training' | 'exam'; title: string; topics: string | null; startsAt: Date; endsAt: Date; venueName: string | null }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '20261130T080000': the wall-clock time of an instant in an Indonesian zone. */
function localStamp(instant: Date, timeZone: IndonesianTimeZone): string {
  const shifted = new Date(instant.getTime() + TIME_ZONES[timeZone].offsetHours * 3_600_000);
  return (
    `${shifted.getUTCFullYear()}${pad(shifted.getUTCMonth() + 1)}${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}${pad(shifted.getUTCMinutes())}${pad(shifted.getUTCSeconds())}`
  );
}

function vtimezone(timeZone: IndonesianTimeZone): string[] {
  const { offsetHours, label } = TIME_ZONES[timeZone];
  const offset = `+${pad(offsetHours)}00`;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    `TZNAME:${label}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

export function cohortCalendar(cohort: CalendarCohort, labels: { training: string; exam: string }): string {
  const location = (venue: string | null) =>
    [venue ?? cohort.venueName, cohort.venueAddress].filter((part) => part && part.trim()).join(', ') || undefined;
  const events: EventAttributes[] = cohort.sessions.map((session) => ({
    uid: `${session.id}@kompeten`,
    title: `${cohort.programTitle} — ${cohort.name}: ${session.title}`,
    description: [labels[session.kind], session.topics].filter(Boolean).join('\n'),
    location: location(session.venueName),
    url: cohort.url,
    start: session.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: session.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
  }));
  const { error, value } = createEvents(events, { productId: '-//Kompeten//Jadwal angkatan//ID', calName: `${cohort.programTitle} — ${cohort.name}` });
  if (error || !value) throw error ?? new Error('The calendar file could not be written.');
  // The library folds long lines by characters; RFC 5545 counts octets. Unfold, then fold by bytes.
  const lines = value.replace(/\r\n[ \t]/g, '').split('\r\n');
  const out: string[] = [];
  let zoneWritten = false;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT' && !zoneWritten) {
      out.push(...vtimezone(cohort.timeZone));
      zoneWritten = true;
    }
    const match = /^(DTSTART|DTEND):(\d{8}T\d{6})Z$/.exec(line);
    if (match) {
      const iso = `${match[2]!.slice(0, 4)}-${match[2]!.slice(4, 6)}-${match[2]!.slice(6, 8)}T${match[2]!.slice(9, 11)}:${match[2]!.slice(11, 13)}:${match[2]!.slice(13, 15)}Z`;
      out.push(`${match[1]};TZID=${cohort.timeZone}:${localStamp(new Date(iso), cohort.timeZone)}`);
    } else {
      out.push(line);
    }
  }
  return out.flatMap(foldLine).join('\r\n');
}

const encoder = new TextEncoder();

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is split into lines of at most 75
 * octets, each continuation starting with a space; a character's UTF-8 bytes stay together.
 */
export function foldLine(line: string): string[] {
  if (encoder.encode(line).length <= 75) return [line];
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation's leading space is one of its 75 octets
    if (bytes + size > limit) {
      parts.push(parts.length === 0 ? current : ` ${current}`);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(parts.length === 0 ? current : ` ${current}`);
  return parts;
}

/** 'angkatan-ii-2026.ics' */
export function calendarFileName(cohortName: string): string {
  const slug = cohortName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'angkatan'}.ics`;
}
