// When does a deal next need the scan? The incremental scan looks only at deals due by now, so after
// deciding it stores, per deal, the earliest instant at which the rules could decide something
// again. Pure: time comes in.
//
// The answer asks the rules themselves (evaluateDeal) rather than restating them: their answer can
// only change where one of its inputs does, at a local midnight, the start or end of working hours,
// the end of a snooze or of the "just updated" quiet time. The walk evaluates the deal at those
// instants in order, after jumping over the stretch where nothing can happen (the silence threshold
// in calendar days, a due date, a follow-up date), and stops at the first one with a decision.
// Earlier is always safe (the scan looks, finds nothing, and works it out again); later would be a
// missed nudge, which the full scan (`dealcoach scan --full`) reports.
import { DateTime } from 'luxon';
import type { BusinessCalendar, CalendarSettings } from './calendar.js';
import { evaluateDeal, JUST_UPDATED_MS, type RuleContext, type ScanDeal } from './silence.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Local midnight of a date is at most 14 hours before that date's UTC midnight (UTC+14). */
const MAX_ZONE_AHEAD_MS = 14 * HOUR_MS;
/** Instants looked at before giving up and asking to be looked at again then (about four months). */
const MAX_LOOKS = 600;

type Hours = Pick<CalendarSettings, 'zone' | 'workStart' | 'workEnd'>;

interface LocalDay {
  /** The instants in this local day where the calendar's answers can change, ascending. */
  instants: number[];
  next: string;
}

/**
 * Each calendar's local days, kept across scans: they do not depend on the scan's instant, and building one takes
 * luxon.
 */
const daysByCalendar = new WeakMap<BusinessCalendar, Map<string, LocalDay>>();

/**
 * One calendar's change points and memoized answers, for one scan (anchored at its instant).
 * Shared by every deal of the people with that calendar.
 */
export class CheckInstants {
  readonly calendar: BusinessCalendar;
  private readonly days: Map<string, LocalDay>;
  private readonly counts = new Map<number, number>();
  private readonly dateCounts = new Map<string, number>();
  private readonly dates = new Map<number, string>();
  private readonly working = new Map<number, boolean>();
  private readonly businessDates = new Map<string, boolean>();

  constructor(
    private readonly base: BusinessCalendar,
    private readonly hours: Hours,
    private readonly anchor: number,
  ) {
    this.calendar = this.memoView();
    let days = daysByCalendar.get(base);
    if (!days) daysByCalendar.set(base, (days = new Map()));
    this.days = days;
  }

  /** The change points after `from`, in order, day after day. */
  *after(from: number): Generator<number> {
    let date = this.base.dateOf(from);
    for (;;) {
      const day = this.day(date);
      for (const at of day.instants) if (at > from) yield at;
      date = day.next;
    }
  }

  private day(date: string): LocalDay {
    let day = this.days.get(date);
    if (!day) {
      const start = DateTime.fromISO(date, { zone: this.hours.zone }).startOf('day');
      const instants = new Set<number>([start.toMillis()]);
      for (const hhmm of [this.hours.workStart, this.hours.workEnd]) {
        const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
        // Both readings of "09:00" on a day with a clock change: the wall clock, and 9 hours after midnight.
        instants.add(start.set({ hour, minute }).toMillis());
        instants.add(start.toMillis() + (hour * 60 + minute) * 60_000);
      }
      day = { instants: [...instants].sort((a, b) => a - b), next: start.plus({ days: 1 }).toISODate()! };
      if (this.days.size > 5_000) this.days.clear();
      this.days.set(date, day);
    }
    return day;
  }

  /** Business days from the anchor to `at` (negative before it): differences give any span. */
  private count(at: number): number {
    let n = this.counts.get(at);
    if (n === undefined) {
      n = this.base.businessDaysBetween(this.anchor, at);
      if (this.counts.size > 100_000) this.counts.clear();
      this.counts.set(at, n);
    }
    return n;
  }

  private dateCount(isoDate: string): number {
    let n = this.dateCounts.get(isoDate);
    if (n === undefined) {
      n = -this.base.businessDaysSinceDate(isoDate, this.anchor);
      this.dateCounts.set(isoDate, n);
    }
    return n;
  }

  /** The same answers as the calendar, remembered: the walk asks about the same few instants for every deal. */
  private memoView(): BusinessCalendar {
    const base = this.base;
    const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());
    const remember = <K, V>(map: Map<K, V>, key: K, compute: () => V): V => {
      let value = map.get(key);
      if (value === undefined) {
        value = compute();
        if (map.size > 100_000) map.clear();
        map.set(key, value);
      }
      return value;
    };
    const overrides: Partial<BusinessCalendar> = {
      dateOf: (at) => remember(this.dates, ms(at), () => base.dateOf(at)),
      isWorkingTime: (at) => remember(this.working, ms(at), () => base.isWorkingTime(at)),
      isBusinessDay: (at) => base.isBusinessDay(at),
      isBusinessDate: (isoDate) => remember(this.businessDates, isoDate, () => base.isBusinessDate(isoDate)),
      businessDaysBetween: (from, to) => this.count(ms(to)) - this.count(ms(from)),
      businessDaysSinceDate: (isoDate, to) => this.count(ms(to)) - this.dateCount(isoDate),
    };
    return Object.assign(Object.create(base) as BusinessCalendar, overrides);
  }
}

/** No earlier than the local midnight that starts `isoDate`, in any zone. */
const startOfDateAnywhere = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) - MAX_ZONE_AHEAD_MS;

/**
 * The first instant at which the rules could decide anything about the deal (`rules.now` or later),
 * or null when nothing can become due until the deal itself changes.
 */
function earliestPossible(deal: ScanDeal, rules: RuleContext): number | null {
  if (deal.state === 'fired' || deal.state === 'won' || deal.state === 'lost') return null;
  let earliest: number | null;
  if (deal.state === 'nurture') {
    earliest = deal.followUpOn ? startOfDateAnywhere(deal.followUpOn) : null;
  } else if (deal.episode) {
    const steps = deal.episode.steps;
    earliest = rules.cadence.every((s) => steps[s.step]?.done || steps[s.step]?.skipped) ? null : rules.now;
  } else {
    const triggers: number[] = [];
    for (const c of deal.openCommitments) {
      // Broken the first business day after the due date, unless they replied since making it.
      if (deal.lastInboundAt === null || deal.lastInboundAt <= c.madeAt)
        triggers.push(startOfDateAnywhere(c.dueOn) + DAY_MS);
    }
    const threshold = rules.thresholds[deal.stage];
    const unanswered = deal.lastOutboundAt !== null && deal.lastOutboundAt > (deal.lastInboundAt ?? -Infinity);
    if (unanswered && typeof threshold === 'number') {
      // `threshold` business days take at least as many calendar days (less a day, and a clock change).
      const from = deal.lastInboundAt ?? deal.createdAt;
      triggers.push(threshold <= 0 ? rules.now : from + (threshold - 1) * DAY_MS - 3 * HOUR_MS);
    }
    earliest = triggers.length ? Math.min(...triggers) : null;
  }
  if (earliest === null) return null;
  return Math.max(earliest, rules.now, deal.snoozedUntil ?? -Infinity);
}

/**
 * The earliest instant at or after `rules.now` at which evaluateDeal could return a decision for
 * the deal as it now is (after this scan's own writes), or null for never. `instants` is the
 * deal's calendar's, anchored at `rules.now`.
 */
export function nextCheckAt(deal: ScanDeal, rules: RuleContext, instants: CheckInstants): number | null {
  const from = earliestPossible(deal, rules);
  if (from === null) return null;
  const future: RuleContext = { ...rules, calendar: instants.calendar };
  const decidesAt = (at: number) => evaluateDeal(deal, { ...future, now: at }).length > 0;
  if (decidesAt(from)) return from;
  // The deal's own change points: its snooze ending, the quiet time after the rep touched it ending.
  const own = [deal.snoozedUntil, deal.lastActivityAt === null ? null : deal.lastActivityAt + JUST_UPDATED_MS]
    .filter((at): at is number => at !== null && at > from)
    .sort((a, b) => a - b);
  let next = 0;
  let looks = 0;
  for (const at of instants.after(from)) {
    for (; next < own.length && own[next]! <= at; next++) if (decidesAt(own[next]!)) return own[next]!;
    if (decidesAt(at) || ++looks >= MAX_LOOKS) return at;
  }
  return null; // not reached: the change points never run out
}
