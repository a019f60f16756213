// Business days, working hours and holidays in one person's time zone. Pure: time comes in.
//
// The scan asks "how many business days since X?" for every deal, so a calendar precomputes a
// table of local days (their UTC start, ISO date, and a running count of business days) and
// answers with a binary search instead of doing time-zone arithmetic per deal.
import { DateTime } from 'luxon';
import Holidays from 'date-holidays';

export interface HolidaySettings {
  /** ISO country code for public holidays (date-holidays), e.g. "US", "DE". */
  country?: string | null;
  /** State or region within the country, e.g. "CA" or "BY". */
  region?: string | null;
  /** Extra days off (YYYY-MM-DD), e.g. a company shutdown. */
  dates?: string[] | null;
}

export interface CalendarSettings {
  zone: string;
  /** "HH:MM" local. */
  workStart: string;
  workEnd: string;
  holidays?: HolidaySettings | null;
}

const DAY_MS = 86_400_000;
const holidayCache = new Map<string, Set<string>>();

/** Public holidays of a country (and region) in a year, as ISO dates; cached. */
export function publicHolidays(country: string, region: string | null | undefined, year: number): Set<string> {
  const key = `${country}/${region ?? ''}/${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    const hd = region ? new Holidays(country, region) : new Holidays(country);
    days = new Set(
      (hd.getHolidays(year) || []).filter((h) => h.type === 'public' || h.type === 'bank').map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(key, days);
  }
  return days;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

const calendarCache = new Map<string, BusinessCalendar>();

/** Calendars are shared by everyone with the same zone, hours and holidays. */
export function calendarFor(settings: CalendarSettings): BusinessCalendar {
  const key = JSON.stringify([settings.zone, settings.workStart, settings.workEnd, settings.holidays ?? null]);
  let calendar = calendarCache.get(key);
  if (!calendar) {
    calendar = new BusinessCalendar(settings);
    calendarCache.set(key, calendar);
  }
  return calendar;
}

export class BusinessCalendar {
  readonly zone: string;
  private readonly workStartMin: number;
  private readonly workEndMin: number;
  private readonly holidaySettings: HolidaySettings | null;
  private readonly extraDays: Set<string>;
  // The table: local days from `firstDay` on, extended on demand in both directions.
  private starts: number[] = [];
  private isoDates: string[] = [];
  private businessCount: number[] = [];
  private business: boolean[] = [];

  constructor(settings: CalendarSettings) {
    this.zone = settings.zone;
    this.workStartMin = minutesOf(settings.workStart);
    this.workEndMin = minutesOf(settings.workEnd);
    this.holidaySettings = settings.holidays ?? null;
    this.extraDays = new Set(settings.holidays?.dates ?? []);
  }

  /** Is this local date a working day: Monday to Friday and not a holiday? */
  isBusinessDate(isoDate: string): boolean {
    const day = DateTime.fromISO(isoDate, { zone: this.zone });
    return this.isBusiness(isoDate, day.weekday, day.year);
  }

  private isBusiness(isoDate: string, weekday: number, year: number): boolean {
    if (weekday > 5) return false;
    if (this.extraDays.has(isoDate)) return false;
    const { country, region } = this.holidaySettings ?? {};
    if (country && publicHolidays(country, region, year).has(isoDate)) return false;
    return true;
  }

  private build(fromMs: number, toMs: number): void {
    // Rebuild a table covering [fromMs - 400 days, toMs + 400 days]: cheap, and rarely needed.
    const lo = Math.min(fromMs, this.starts[0] ?? fromMs) - 400 * DAY_MS;
    const hi = Math.max(toMs, this.starts.at(-1) ?? toMs) + 400 * DAY_MS;
    let day = DateTime.fromMillis(lo, { zone: this.zone }).startOf('day');
    const starts: number[] = [];
    const isoDates: string[] = [];
    const business: boolean[] = [];
    const businessCount: number[] = [];
    let count = 0;
    while (day.toMillis() <= hi) {
      const iso = day.toISODate()!;
      const isBusiness = this.isBusiness(iso, day.weekday, day.year);
      if (isBusiness) count++;
      starts.push(day.toMillis());
      isoDates.push(iso);
      business.push(isBusiness);
      businessCount.push(count);
      day = day.plus({ days: 1 });
    }
    this.starts = starts;
    this.isoDates = isoDates;
    this.business = business;
    this.businessCount = businessCount;
  }

  /** Makes sure the table covers every instant given, before any index into it is taken. */
  private cover(...ms: number[]): void {
    const min = Math.min(...ms);
    const max = Math.max(...ms);
    if (this.starts.length === 0 || min < this.starts[0]! || max >= this.starts.at(-1)! + DAY_MS) this.build(min, max);
  }

  /** Index of the local day containing `ms`; the table must already cover it. */
  private indexOf(ms: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private covered(ms: number): number {
    this.cover(ms);
    return this.indexOf(ms);
  }

  private startOfDate(isoDate: string): number {
    return DateTime.fromISO(isoDate, { zone: this.zone }).startOf('day').toMillis();
  }

  /** The local calendar date of an instant. */
  dateOf(at: Date | number): string {
    const index = this.covered(typeof at === 'number' ? at : at.getTime());
    return this.isoDates[index]!;
  }

  isBusinessDay(at: Date | number): boolean {
    const index = this.covered(typeof at === 'number' ? at : at.getTime());
    return this.business[index]!;
  }

  /**
   * Business days after the day of `from` up to and including the day of `to`
   * (Friday -> Monday is 1; the same day is 0; negative when `to` is earlier).
   */
  businessDaysBetween(from: Date | number, to: Date | number): number {
    const fromMs = typeof from === 'number' ? from : from.getTime();
    const toMs = typeof to === 'number' ? to : to.getTime();
    this.cover(fromMs, toMs);
    return this.businessCount[this.indexOf(toMs)]! - this.businessCount[this.indexOf(fromMs)]!;
  }

  /** Like businessDaysBetween, from a local date (YYYY-MM-DD). */
  businessDaysSinceDate(isoDate: string, to: Date | number): number {
    return this.businessDaysBetween(this.startOfDate(isoDate), to);
  }

  /** Minutes since local midnight. */
  private minuteOfDay(ms: number): number {
    const index = this.covered(ms);
    return Math.floor((ms - this.starts[index]!) / 60_000);
  }

  /** True on a business day between the start and the end of working hours, local time. */
  isWorkingTime(at: Date | number): boolean {
    const ms = typeof at === 'number' ? at : at.getTime();
    if (!this.isBusinessDay(ms)) return false;
    const minute = this.minuteOfDay(ms);
    return minute >= this.workStartMin && minute < this.workEndMin;
  }
}
