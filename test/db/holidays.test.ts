// Public holidays kept in the database: a process that finds a year there does not compute it (nor
// load date-holidays); rows from another library version are not trusted; a failing or locked
// database never stops a calendar from answering.
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { databaseHolidays, HOLIDAY_SOURCE } from '../../src/db/holidays.js';
import { BUSY_TIMEOUT_MS } from '../../src/db/index.js';
import { holidayDates } from '../../src/db/schema.js';
import { calendarFor, publicHolidays, useHolidayStore } from '../../src/domain/calendar.js';
import { tempDatabase } from '../support/temp-db.js';

afterEach(() => useHolidayStore(null));

// Each test asks for years no other test asks for: the in-memory cache is per process.
it('computes a year once, keeps it in the database, and a later process reads it from there', () => {
  const { store } = tempDatabase('dealcoach-holidays-');
  useHolidayStore(databaseHolidays(store));
  const french = publicHolidays('FR', null, 2041);
  expect(french.has('2041-07-14')).toBe(true);
  const rows = store.db.select().from(holidayDates).all();
  expect(rows).toEqual([{ country: 'FR', region: '', year: 2041, source: HOLIDAY_SOURCE, dates: [...french] }]);

  // What another process would find: a row written for Bavaria in 2042 is the answer, as stored.
  store.db
    .insert(holidayDates)
    .values({ country: 'DE', region: 'BY', year: 2042, source: HOLIDAY_SOURCE, dates: ['2042-01-06'] })
    .run();
  expect([...publicHolidays('DE', 'BY', 2042)]).toEqual(['2042-01-06']);
  // A calendar in that region sees it (Mon, Jan 6 2042 is Epiphany: not a business day).
  const munich = calendarFor({
    zone: 'Europe/Berlin',
    workStart: '09:00',
    workEnd: '17:00',
    holidays: { country: 'DE', region: 'BY' },
  });
  expect(munich.isBusinessDate('2042-01-06')).toBe(false);
  expect(munich.isBusinessDate('2042-01-07')).toBe(true);
});

it('recomputes a year stored by another version of date-holidays', () => {
  const { store } = tempDatabase('dealcoach-holidays-');
  store.db
    .insert(holidayDates)
    .values({ country: 'GB', region: '', year: 2043, source: 'date-holidays@0.0.1', dates: ['2043-03-03'] })
    .run();
  useHolidayStore(databaseHolidays(store));
  const british = publicHolidays('GB', null, 2043);
  expect(british.has('2043-12-25')).toBe(true);
  expect(british.has('2043-03-03')).toBe(false);
  const sources = store.db.select({ source: holidayDates.source }).from(holidayDates).all();
  expect(sources.map((r) => r.source).sort()).toEqual(['date-holidays@0.0.1', HOLIDAY_SOURCE].sort());
});

it('answers from date-holidays when the database fails or another connection holds the write lock', () => {
  useHolidayStore({
    load: () => {
      throw new Error('database is closed');
    },
    save: () => {
      throw new Error('database is closed');
    },
  });
  expect(publicHolidays('US', null, 2044).has('2044-07-04')).toBe(true);

  const { store, path } = tempDatabase('dealcoach-holidays-');
  useHolidayStore(databaseHolidays(store));
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  try {
    expect(publicHolidays('JP', null, 2045).has('2045-01-01')).toBe(true);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  // Not kept (the lock was held), so the next process computes it again; the store's own wait is back.
  expect(store.db.select().from(holidayDates).all()).toEqual([]);
  expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
});
