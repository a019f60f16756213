// Business days, working hours and holidays in one person's time zone. Pure: time comes in.
//
// The scan asks "how many business days since X?" for every deal, so a calendar precomputes a
// table of local days (their UTC start, ISO date, and a running count of business days) and
// answers with a binary search instead of doing time-zone arithmetic per deal. The table is built
// from the zone's UTC-offset transitions (shared by every calendar in that zone), not day by day.
import { createRequire } from 'node:module';
import { DateTime, Info, type Zone } from 'luxon';
import type Holidays from 'date-holidays';

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
/** The farthest instant a JavaScript Date (and luxon) can represent. */
const MAX_DATE_MS = 8.64e15;

/** A Map that forgets its least recently used entries beyond `limit`: caches keyed by user settings stay small. */
class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K, make: (key: K) => V): V {
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
    } else {
      value = make(key);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
    }
    this.entries.set(key, value);
    return value;
  }
}

// date-holidays takes ~100 ms and tens of MB to load: only calendars with a country need it, so it is
// required on first use (synchronously: every caller of the calendar is synchronous).
const requireLazily = createRequire(import.meta.url);
let holidaysLibrary: typeof Holidays | undefined;

const holidayRules = new BoundedCache<string, Holidays>(256);
const holidayCache = new BoundedCache<string, Set<string>>(4096);

/**
 * Where computed holidays are kept between processes (the database: src/db/holidays.ts). Consulted
 * before date-holidays is loaded; a store that fails is passed over (the library answers instead).
 */
export interface HolidayStore {
  load(country: string, region: string, year: number): string[] | undefined;
  save(country: string, region: string, year: number, dates: string[]): void;
}

let holidayStore: HolidayStore | null = null;

/** Installs (or, with null, removes) the store publicHolidays reads before computing. */
export function useHolidayStore(store: HolidayStore | null): void {
  holidayStore = store;
}

function computeHolidays(country: string, region: string, year: number): string[] {
  const hd = holidayRules.get(`${country}/${region}`, () => {
    holidaysLibrary ??= requireLazily('date-holidays') as typeof Holidays;
    return region ? new holidaysLibrary(country, region) : new holidaysLibrary(country);
  });
  return (hd.getHolidays(year) || [])
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => h.date.slice(0, 10));
}

/** Public holidays of a country (and region) in a year, as ISO dates; cached. */
export function publicHolidays(country: string, region: string | null | undefined, year: number): Set<string> {
  const area = region ?? '';
  return holidayCache.get(`${country}/${area}/${year}`, () => {
    const store = holidayStore;
    let dates: string[] | undefined;
    try {
      dates = store?.load(country, area, year);
    } catch {
      dates = undefined;
    }
    if (!dates) {
      dates = computeHolidays(country, area, year);
      try {
        store?.save(country, area, year, dates);
      } catch {
        // Kept in memory only: the next process computes them again.
      }
    }
    return new Set(dates);
  });
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * A zone's UTC offsets over a span of time: `offsets[i]` (minutes, as luxon gives them) holds from
 * `changes[i]` until `changes[i + 1]`. Found by sampling the offset daily and bisecting each day whose
 * ends differ down to the exact second of the change (offsets change on whole seconds): ~400 offset
 * lookups a year, per zone. Daily, not weekly: Brazil's Recife, Noronha and Boa Vista kept DST for
 * one week in October 2000 (checked against every IANA zone, 1990-2037, day by day with luxon).
 */
class ZoneOffsets {
  changes: number[] = [];
  offsets: number[] = [];
  private from = Infinity;
  private to = -Infinity;

  constructor(readonly zone: Zone) {}

  /** Makes sure [from, to] is covered, extending by a year at a time so that growing tables rarely sample. */
  cover(from: number, to: number): void {
    if (from >= this.from && to <= this.to) return;
    if (this.changes.length === 0) {
      this.from = from - 366 * DAY_MS;
      this.to = to + 366 * DAY_MS;
      [this.changes, this.offsets] = this.sample(this.from, this.to);
      return;
    }
    if (from < this.from) {
      // The sample ends on the old start with the offset there, the first segment's: it continues.
      const [changes, offsets] = this.sample(from - 366 * DAY_MS, this.from);
      this.changes = [...changes, ...this.changes.slice(1)];
      this.offsets = [...offsets.slice(0, -1), ...this.offsets];
      this.from = changes[0]!;
    }
    if (to > this.to) {
      const [changes, offsets] = this.sample(this.to, to + 366 * DAY_MS);
      this.changes.push(...changes.slice(1));
      this.offsets.push(...offsets.slice(1));
      this.to = to + 366 * DAY_MS;
    }
  }

  private sample(from: number, to: number): [number[], number[]] {
    const changes = [from];
    const offsets = [this.zone.offset(from)];
    let at = from;
    let offset = offsets[0]!;
    while (at < to) {
      const next = Math.min(at + DAY_MS, to);
      if (this.zone.offset(next) === offset) {
        at = next;
        continue;
      }
      // The first whole second in (at, next] with another offset.
      let lo = Math.floor(at / 1000);
      let hi = Math.ceil(next / 1000);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.zone.offset(mid * 1000) === offset) lo = mid;
        else hi = mid;
      }
      at = hi * 1000;
      offset = this.zone.offset(at);
      changes.push(at);
      offsets.push(offset);
    }
    return [changes, offsets];
  }
}

const zoneOffsetsCache = new BoundedCache<string, ZoneOffsets>(1024);

/**
 * The local days whose start is at most `hi`, from the day containing `lo`, and the start of the next
 * one (where the table ends: the last day may be 23 or 25 hours long). Each day's start is the
 * instant luxon gives for its local midnight (the first one when midnight happens twice; where the
 * offset that was in force would have struck it when a change skips midnight), found by arithmetic
 * on the zone's offset segments.
 */
function localDays(
  zoneOffsets: ZoneOffsets,
  lo: number,
  hi: number,
): { starts: number[]; days: number[]; end: number } {
  const starts: number[] = [];
  const days: number[] = [];
  let end = Number.NaN;
  if (!zoneOffsets.zone.isValid || !(Math.abs(lo) <= MAX_DATE_MS && Math.abs(hi) <= MAX_DATE_MS))
    return { starts, days, end };
  // Three days' margin: the first days found are cut off below, so the walk may start anywhere before.
  const walkFrom = lo - 3 * DAY_MS;
  zoneOffsets.cover(walkFrom, hi + 3 * DAY_MS);
  const { changes, offsets } = zoneOffsets;
  let segment = 0;
  while (segment + 1 < changes.length && changes[segment + 1]! <= walkFrom) segment++;
  let lastDay = -Infinity;
  let previousOffsetMs = Number.NaN;
  const add = (day: number, start: number): boolean => {
    if (start > hi) {
      end = start;
      return false;
    }
    // Only the last day starting at or before `lo` is kept of those before it.
    if (starts.length > 0 && start <= lo) {
      starts[0] = start;
      days[0] = day;
    } else {
      starts.push(start);
      days.push(day);
    }
    lastDay = day;
    return true;
  };
  for (let first = true; segment < changes.length; segment++, first = false) {
    // The same expression luxon uses, so that fractional (historical) offsets round alike.
    const offsetMs = offsets[segment]! * 60 * 1000;
    const segmentStart = first ? walkFrom : changes[segment]!;
    const segmentEnd = changes[segment + 1] ?? Infinity;
    const dayAtStart = Math.floor((segmentStart + offsetMs) / DAY_MS);
    if (dayAtStart > lastDay) {
      // The change moved the clock past a midnight that never happened (or onto one).
      let start = segmentStart;
      let day = dayAtStart;
      if (!first && segmentStart + offsetMs !== dayAtStart * DAY_MS) {
        const skippedMidnight = (lastDay + 1) * DAY_MS - previousOffsetMs;
        if (skippedMidnight >= segmentStart && skippedMidnight < segmentEnd) {
          start = skippedMidnight;
          day = Math.floor((skippedMidnight + offsetMs) / DAY_MS);
        }
      }
      if (!add(day, start)) break;
    }
    let more = true;
    for (let day = dayAtStart + 1; more; day++) {
      const start = day * DAY_MS - offsetMs;
      if (start >= segmentEnd) break;
      if (day > lastDay) more = add(day, start);
    }
    if (!more) break;
    previousOffsetMs = offsetMs;
  }
  return { starts, days, end };
}

const isoDateCache = new BoundedCache<number, string>(200_000);

/** "YYYY-MM-DD" of a day number (days since 1970-01-01), as luxon's toISODate writes it. */
function isoDateOf(day: number): string {
  return isoDateCache.get(day, () => {
    const date = new Date(day * DAY_MS);
    const year = date.getUTCFullYear();
    if (year >= 0 && year <= 9999) return date.toISOString().slice(0, 10);
    return DateTime.fromMillis(day * DAY_MS, { zone: 'utc' }).toISODate()!;
  });
}

const calendarCache = new BoundedCache<string, BusinessCalendar>(2048);

/** Calendars are shared by everyone with the same zone, hours and holidays (commands and scans alike). */
export function calendarFor(settings: CalendarSettings): BusinessCalendar {
  const key = JSON.stringify([settings.zone, settings.workStart, settings.workEnd, settings.holidays ?? null]);
  return calendarCache.get(key, () => new BusinessCalendar(settings));
}

export class BusinessCalendar {
  readonly zone: string;
  private readonly zoneOffsets: ZoneOffsets;
  private readonly workStartMin: number;
  private readonly workEndMin: number;
  private readonly holidaySettings: HolidaySettings | null;
  private readonly extraDays: Set<string>;
  // The table: local days from `firstDay` on, extended on demand in both directions.
  private starts: number[] = [];
  /** The start of the day after the table's last. */
  private end = Number.NaN;
  private isoDates: string[] = [];
  /** Monday to Friday and not an extra day off: a business day unless it is a public holiday. */
  private workday: boolean[] = [];
  /** Each year's first index in the table, and that year. */
  private yearFirst: number[] = [];
  private years: number[] = [];
  // Public holidays cost ~2-40 ms per country and year, so they are looked up only for the years asked
  // about, not the table's margins: `business` and `businessCount` (a running count) hold from index
  // `countedFrom` to `countedTo`, whole years, and grow as questions need them.
  private business: boolean[] = [];
  private businessCount: number[] = [];
  private countedFrom = 0;
  private countedTo = -1;

  constructor(settings: CalendarSettings) {
    this.zone = settings.zone;
    this.zoneOffsets = zoneOffsetsCache.get(settings.zone, (zone) => new ZoneOffsets(Info.normalizeZone(zone)));
    this.workStartMin = minutesOf(settings.workStart);
    this.workEndMin = minutesOf(settings.workEnd);
    this.holidaySettings = settings.holidays ?? null;
    this.extraDays = new Set(settings.holidays?.dates ?? []);
  }

  /** Is this local date a working day: Monday to Friday and not a holiday? */
  isBusinessDate(isoDate: string): boolean {
    const index = this.indexOfDate(isoDate);
    if (index !== null) {
      this.count(index, index);
      return this.business[index]!;
    }
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
    const { starts, days, end } = localDays(this.zoneOffsets, lo, hi);
    const isoDates: string[] = [];
    const workday: boolean[] = [];
    const yearFirst: number[] = [];
    const years: number[] = [];
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!;
      const iso = isoDateOf(day);
      const year = new Date(day * DAY_MS).getUTCFullYear();
      if (year !== years.at(-1)) {
        years.push(year);
        yearFirst.push(i);
      }
      // 1970-01-01 was a Thursday (ISO weekday 4).
      const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
      isoDates.push(iso);
      workday.push(weekday <= 5 && !this.extraDays.has(iso));
    }
    this.starts = starts;
    this.end = end;
    this.isoDates = isoDates;
    this.workday = workday;
    this.yearFirst = yearFirst;
    this.years = years;
    this.business = new Array<boolean>(days.length).fill(false);
    this.businessCount = new Array<number>(days.length).fill(0);
    this.countedFrom = 0;
    this.countedTo = -1;
  }

  /** The index range of the table's year `yearIndex` (into `years`). */
  private yearRange(yearIndex: number): [number, number] {
    return [this.yearFirst[yearIndex]!, (this.yearFirst[yearIndex + 1] ?? this.starts.length) - 1];
  }

  /** The position in `years` of the year holding table index `index`. */
  private yearIndexOf(index: number): number {
    let lo = 0;
    let hi = this.yearFirst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.yearFirst[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Business days and their running count for the years holding table indexes `from` to `to`. */
  private count(from: number, to: number): void {
    if (this.starts.length === 0 || (from >= this.countedFrom && to <= this.countedTo)) return;
    const { country, region } = this.holidaySettings ?? {};
    const judge = (yearIndex: number) => {
      const [first, last] = this.yearRange(yearIndex);
      const holidays = country ? publicHolidays(country, region, this.years[yearIndex]!) : null;
      for (let i = first; i <= last; i++) this.business[i] = this.workday[i]! && !holidays?.has(this.isoDates[i]!);
      return [first, last];
    };
    if (this.countedTo < this.countedFrom) {
      // Nothing counted yet: start with the year of `from`, then grow to the right below.
      const [first, last] = judge(this.yearIndexOf(from));
      let count = 0;
      for (let i = first; i <= last; i++) this.businessCount[i] = this.business[i] ? ++count : count;
      this.countedFrom = first;
      this.countedTo = last;
    }
    while (from < this.countedFrom) {
      const [first, last] = judge(this.yearIndexOf(this.countedFrom - 1));
      // Counting backwards: the count at i is the count at i + 1 less that day.
      for (let i = last; i >= first; i--)
        this.businessCount[i] = this.businessCount[i + 1]! - (this.business[i + 1] ? 1 : 0);
      this.countedFrom = first;
    }
    while (to > this.countedTo) {
      const [first, last] = judge(this.yearIndexOf(this.countedTo + 1));
      for (let i = first; i <= last; i++)
        this.businessCount[i] = this.businessCount[i - 1]! + (this.business[i] ? 1 : 0);
      this.countedTo = last;
    }
  }

  /** Makes sure the table covers every instant given, before any index into it is taken. */
  private cover(...ms: number[]): void {
    const min = Math.min(...ms);
    const max = Math.max(...ms);
    // (It used to take the last day for 24 hours: a table ending on a 23-hour day answered the next day's first
    // hour wrong.)
    if (this.starts.length === 0 || min < this.starts[0]! || max >= this.end) this.build(min, max);
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

  /**
   * The table index of a local date (YYYY-MM-DD), or null outside the table. ISO dates sort as
   * strings: a binary search, no zone arithmetic (luxon's parse was most of a steady scan's date work).
   */
  private indexOfDate(isoDate: string): number | null {
    const dates = this.isoDates;
    if (dates.length === 0 || isoDate < dates[0]! || isoDate > dates.at(-1)!) return null;
    let lo = 0;
    let hi = dates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid]! < isoDate) lo = mid + 1;
      else hi = mid;
    }
    return dates[lo] === isoDate ? lo : null;
  }

  private startOfDate(isoDate: string): number {
    const index = this.indexOfDate(isoDate);
    if (index !== null) return this.starts[index]!;
    return DateTime.fromISO(isoDate, { zone: this.zone }).startOf('day').toMillis();
  }

  /** The local calendar date of an instant. */
  dateOf(at: Date | number): string {
    const index = this.covered(typeof at === 'number' ? at : at.getTime());
    return this.isoDates[index]!;
  }

  isBusinessDay(at: Date | number): boolean {
    const index = this.covered(typeof at === 'number' ? at : at.getTime());
    this.count(index, index);
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
    const fromIndex = this.indexOf(fromMs);
    const toIndex = this.indexOf(toMs);
    this.count(Math.min(fromIndex, toIndex), Math.max(fromIndex, toIndex));
    return this.businessCount[toIndex]! - this.businessCount[fromIndex]!;
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
