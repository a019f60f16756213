import { createRequire } from 'node:module';
import { DateTime, Duration } from 'luxon';

// chrono-node is heavy to load and only parsing a typed date needs it: required on first use
// (synchronously, as parseLeadingDate is).
const requireLazily = createRequire(import.meta.url);
let chronoLibrary: typeof import('chrono-node') | undefined;

/** An explicit offset at the end of an ISO time: `Z`, `+01:00`, `-0500`. */
const OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * An instant typed as an ISO time: with an offset (`2027-01-05T09:00:00Z`, `…+01:00`) as written; without one
 * (`2027-01-05T09:00`, `2027-01-05 09:00`, `2027-01-05`) as a wall-clock time in `zone`. Null when it is not one.
 */
export function parseInstant(text: string, zone: string): Date | null {
  const typed = text.trim();
  if (!typed) return null;
  if (OFFSET.test(typed) && /^\d{4}-\d{2}-\d{2}[T ]/.test(typed)) {
    const at = DateTime.fromISO(typed.replace(' ', 'T'), { setZone: true });
    return at.isValid ? at.toJSDate() : null;
  }
  const local = DateTime.fromISO(typed.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'), { zone });
  return local.isValid ? local.toJSDate() : null;
}

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

const DURATION =
  /^(?:in\s+|for\s+)?(\d+)\s*(h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|mos|months?|y|yr|yrs|years?)\b/i;
const UNIT_KEYS = { h: 'hours', d: 'days', w: 'weeks', m: 'months', y: 'years' } as const;

/** Parses a relative duration at the start of the text: "3d", "2 weeks", "for 1 month", "in 6 months". */
export function parseLeadingDuration(text: string): { duration: Duration; consumed: number } | null {
  const match = text.trim().match(DURATION);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const key = UNIT_KEYS[unit[0] as keyof typeof UNIT_KEYS];
  // Any size is read here; the caller bounds it (a snooze of 99999y is refused there, with the reason).
  if (amount <= 0 || !Number.isSafeInteger(amount)) return null;
  const leading = text.length - text.trimStart().length;
  return { duration: Duration.fromObject({ [key]: amount }), consumed: leading + match[0].length };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|' +
  'nov(?:ember)?|dec(?:ember)?)\\.?';
const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/;
const MONTH_THEN_DAY = new RegExp(`^${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'i');
const DAY_THEN_MONTH = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\b(?:,?\\s+(\\d{4}))?`, 'i');

/**
 * Why a date the text starts with cannot exist ("2026-13-01", "Feb 30"), or null. chrono reads some
 * of these as another date (2026-13-01 as January 13) and skips others, so they are checked first.
 */
export function impossibleDate(text: string): string | null {
  const trimmed = text.trim();
  const iso = trimmed.match(ISO_DAY);
  if (iso) {
    const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (month < 1 || month > 12) return `\`${iso[0]}\` is not a real date: months go from 01 to 12 (YYYY-MM-DD).`;
    return checkDay(iso[0], year, month, day);
  }
  const monthFirst = trimmed.match(MONTH_THEN_DAY);
  const dayFirst = monthFirst ? null : trimmed.match(DAY_THEN_MONTH);
  if (!monthFirst && !dayFirst) return null;
  const [monthWord, dayText, yearText] = monthFirst
    ? [monthFirst[1]!, monthFirst[2]!, monthFirst[3]]
    : [dayFirst![2]!, dayFirst![1]!, dayFirst![3]];
  const month = MONTHS.indexOf(monthWord.toLowerCase().slice(0, 3)) + 1;
  // Without a year, Feb 29 may exist: the year is settled later.
  return checkDay((monthFirst ?? dayFirst)![0], yearText ? Number(yearText) : 2024, month, Number(dayText));
}

function checkDay(typed: string, year: number, month: number, day: number): string | null {
  const length = DateTime.fromObject({ year, month }).daysInMonth ?? 31;
  if (day >= 1 && day <= length) return null;
  const monthName = DateTime.fromObject({ year, month }).toFormat('LLLL');
  return `\`${typed}\` is not a real date: ${monthName} has ${length} days${month === 2 ? ' that year' : ''}.`;
}

/**
 * Parses a natural date at the very start of the text ("friday", "next tuesday", "Dec 3",
 * "in 2 weeks", "2026-12-01") in the rep's zone. Weekdays and "in 2 weeks" look forward; a month and
 * day without a year mean the nearest such day, so "Dec 3" said on Dec 7 is four days ago (the
 * caller refuses or accepts a past date), while "Jan 5" said in December is next January.
 * Impossible dates are null (impossibleDate says why).
 */
export function parseLeadingDate(text: string, now: Date, zone: string): ParsedWhen | null {
  const trimmed = text.trimStart();
  const leading = text.length - trimmed.length;
  if (!trimmed || impossibleDate(trimmed)) return null;
  // chrono's forwardDate compares a zone-shifted reference with real instants (so the answer depended on
  // the server's own zone) and against the time of day. Give it the rep's calendar day, at midnight in the
  // server's clock, so "friday" on a Friday or "Nov 20" on Nov 20 mean today wherever the server runs.
  const local = inZone(now, zone);
  const reference = new Date(local.year, local.month - 1, local.day);
  chronoLibrary ??= requireLazily('chrono-node') as typeof import('chrono-node');
  const results = chronoLibrary.parse(trimmed, reference, { forwardDate: true });
  const first = results[0];
  if (first?.index !== 0) return null;
  const start = first.start;
  let date: DateTime = DateTime.fromObject(
    { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! },
    { zone },
  );
  if (!start.isCertain('year') && start.isCertain('month') && start.isCertain('day')) {
    date = nearestYear(start.get('month')!, start.get('day')!, local.startOf('day'), zone) ?? date;
  }
  if (!date.isValid) return null;
  return { date: date.toISODate()!, consumed: leading + first.text.length };
}

/** The occurrence of a month and day closest to today (last year, this year or next). */
function nearestYear(month: number, day: number, today: DateTime, zone: string): DateTime | null {
  const options = [today.year - 1, today.year, today.year + 1]
    .map((year) => DateTime.fromObject({ year, month, day }, { zone }))
    .filter((d) => d.isValid && d.month === month && d.day === day);
  options.sort((a, b) => Math.abs(a.diff(today).toMillis()) - Math.abs(b.diff(today).toMillis()));
  return options[0] ?? null;
}

/** "Fri, Nov 27" (this year) or "Fri, Nov 27, 2027". */
export function formatDay(isoDate: string, now: Date, zone: string): string {
  return formatCalendarDate(isoDate, isoDate.slice(0, 4) !== String(inZone(now, zone).year));
}

// A calendar date reads the same in every zone: remembered, since the scan's rules name the same few
// dates for thousands of deals (formatting each with luxon was a quarter of a steady scan).
const calendarDateLabels = new Map<string, string>();

/** "Fri, Nov 27", or with its year "Fri, Nov 27, 2027", of an ISO calendar date (YYYY-MM-DD). */
export function formatCalendarDate(isoDate: string, withYear: boolean): string {
  const key = withYear ? `${isoDate}+` : isoDate;
  let label = calendarDateLabels.get(key);
  if (label === undefined) {
    label = DateTime.fromISO(isoDate, { zone: 'UTC' }).toFormat(withYear ? 'ccc, LLL d, yyyy' : 'ccc, LLL d');
    if (calendarDateLabels.size >= 4096) calendarDateLabels.clear();
    calendarDateLabels.set(key, label);
  }
  return label;
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
