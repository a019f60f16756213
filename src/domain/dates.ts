import { createRequire } from 'node:module';
import { DateTime, Duration } from 'luxon';

// chrono-node is heavy to load and only parsing a typed date needs it: required on first use
// (synchronously, as parseLeadingDate is).
const requireLazily = createRequire(import.meta.url);
let chronoLibrary: typeof import('chrono-node') | undefined;

/** The wall-clock of an instant in a zone. */
export function inZone(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone });
}

/** ISO calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, zone: string): string {
  return inZone(at, zone).toISODate()!;
}

export interface ParsedWhen {
  /** The calendar date meant, in the given zone. */
  date: string;
  /** How many leading characters of the input the date used (the rest is free text). */
  consumed: number;
}

const DURATION = /^(?:in\s+|for\s+)?(\d+)\s*(h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|mos|months?)\b/i;

/** Parses a relative duration at the start of the text: "3d", "2 weeks", "for 1 month", "in 6 months". */
export function parseLeadingDuration(text: string): { duration: Duration; consumed: number } | null {
  const match = text.trim().match(DURATION);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const key = unit.startsWith('h') ? 'hours' : unit.startsWith('d') ? 'days' : unit.startsWith('w') ? 'weeks' : 'months';
  if (amount <= 0 || amount > 1000) return null;
  const leading = text.length - text.trimStart().length;
  return { duration: Duration.fromObject({ [key]: amount }), consumed: leading + match[0].length };
}

/**
 * Parses a natural date at the very start of the text ("friday", "next tuesday", "Dec 3",
 * "in 2 weeks", "2026-12-01"), resolved forward from `now` in the rep's zone.
 */
export function parseLeadingDate(text: string, now: Date, zone: string): ParsedWhen | null {
  const trimmed = text.trimStart();
  const leading = text.length - trimmed.length;
  if (!trimmed) return null;
  // chrono's forwardDate compares a zone-shifted reference with real instants (so the answer depended on
  // the server's own zone) and against the time of day. Give it the rep's calendar day, at midnight in the
  // server's clock, so "friday" on a Friday or "Nov 20" on Nov 20 mean today wherever the server runs.
  const local = inZone(now, zone);
  const reference = new Date(local.year, local.month - 1, local.day);
  chronoLibrary ??= requireLazily('chrono-node') as typeof import('chrono-node');
  const results = chronoLibrary.parse(trimmed, reference, { forwardDate: true });
  const first = results[0];
  if (!first || first.index !== 0) return null;
  const start = first.start;
  const date = DateTime.fromObject(
    { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! },
    { zone },
  );
  if (!date.isValid) return null;
  return { date: date.toISODate()!, consumed: leading + first.text.length };
}

/** "Fri, Nov 27" (this year) or "Fri, Nov 27, 2027". */
export function formatDay(isoDate: string, now: Date, zone: string): string {
  const day = DateTime.fromISO(isoDate, { zone });
  const sameYear = day.year === inZone(now, zone).year;
  return day.toFormat(sameYear ? 'ccc, LLL d' : 'ccc, LLL d, yyyy');
}

/** "Fri, Nov 27 14:05" in the zone. */
export function formatInstant(at: Date, now: Date, zone: string): string {
  const local = inZone(at, zone);
  const sameYear = local.year === inZone(now, zone).year;
  return local.toFormat(sameYear ? 'ccc, LLL d HH:mm' : 'ccc, LLL d yyyy HH:mm');
}

/** Whole calendar days between two instants in a zone (b - a). */
export function calendarDaysBetween(a: Date, b: Date, zone: string): number {
  const start = inZone(a, zone).startOf('day');
  const end = inZone(b, zone).startOf('day');
  return Math.round(end.diff(start, 'days').days);
}
