// Public holidays kept in the database (holiday_dates), so that a process needing a year it has
// seen before does not load date-holidays at all: the calendar's HolidayStore, for long-lived
// processes (the bot and its scan worker) and the console.
import { createRequire } from 'node:module';
import type { HolidayStore } from '../domain/calendar.js';
import { type Store, withBusyTimeout } from './index.js';

/** A holiday row is a cache: its write never waits long for a lock another connection holds. */
const SAVE_BUSY_TIMEOUT_MS = 50;

/** The date-holidays version that computed a row: another version recomputes (its data may differ). */
export const HOLIDAY_SOURCE = `date-holidays@${
  (createRequire(import.meta.url)('date-holidays/package.json') as { version: string }).version
}`;

export function databaseHolidays(store: Store, source = HOLIDAY_SOURCE): HolidayStore {
  const read = store.sqlite
    .prepare('SELECT dates FROM holiday_dates WHERE country = ? AND region = ? AND year = ? AND source = ?')
    .pluck();
  const write = store.sqlite.prepare(
    'INSERT OR IGNORE INTO holiday_dates (country, region, year, source, dates) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    load(country, region, year) {
      const json = read.get(country, region, year, source) as string | undefined;
      return json === undefined ? undefined : (JSON.parse(json) as string[]);
    },
    save(country, region, year, dates) {
      withBusyTimeout(store, SAVE_BUSY_TIMEOUT_MS, () =>
        write.run(country, region, year, source, JSON.stringify(dates)),
      );
    },
  };
}
