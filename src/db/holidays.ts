// Public holidays kept in the database (holiday_dates), so that a process needing a year it has
// seen before does not load date-holidays at all: the calendar's HolidayStore, for long-lived
// processes (the bot and its scan worker) and the console.
import { createRequire } from 'node:module';
import type { HolidayStore } from '../domain/calendar.js';
import type { Store } from './index.js';
import { isBusyError } from './write.js';

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
      // A cache row: when another connection holds the write lock it is not kept (the next process computes
      // it again), rather than wait. Inside an open transaction this connection holds the lock already.
      const busyMs = store.sqlite.pragma('busy_timeout', { simple: true }) as number;
      if (!store.sqlite.inTransaction) store.sqlite.pragma('busy_timeout = 0');
      try {
        write.run(country, region, year, source, JSON.stringify(dates));
      } catch (error) {
        if (!isBusyError(error)) throw error;
      } finally {
        store.sqlite.pragma(`busy_timeout = ${busyMs}`);
      }
    },
  };
}
