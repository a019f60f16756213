import { describe, expect, it } from 'vitest';
import {
  impossibleDate,
  calendarDaysBetween,
  formatCalendarDate,
  formatDay,
  formatInstant,
  localDate,
  parseLeadingDate,
  parseLeadingDuration,
} from '../../src/domain/dates.js';

// Friday 18:30 in New York, already Saturday 08:30 in Tokyo.
const NOW = new Date('2026-11-20T23:30:00Z');
const NY = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

const dateOf = (text: string, zone: string, now = NOW) => parseLeadingDate(text, now, zone)?.date ?? null;

describe('localDate', () => {
  it('is the calendar date of the instant in the zone', () => {
    expect(localDate(NOW, NY)).toBe('2026-11-20');
    expect(localDate(NOW, TOKYO)).toBe('2026-11-21');
    expect(localDate(NOW, 'UTC')).toBe('2026-11-20');
  });
});

describe('parseLeadingDate', () => {
  it.each([
    ['today', '2026-11-20', '2026-11-21'],
    ['tomorrow', '2026-11-21', '2026-11-22'],
    ['yesterday', '2026-11-19', '2026-11-20'],
    // A weekday resolves forward from the rep's own day; naming today's weekday means today.
    ['friday', '2026-11-20', '2026-11-27'],
    ['fri', '2026-11-20', '2026-11-27'],
    ['saturday', '2026-11-21', '2026-11-21'],
    ['sunday', '2026-11-22', '2026-11-22'],
    // Monday is the same day from Friday evening in New York and Saturday morning in Tokyo.
    ['monday', '2026-11-23', '2026-11-23'],
    ['next tuesday', '2026-11-24', '2026-11-24'],
    ['next friday', '2026-11-27', '2026-11-27'],
    ['in 2 weeks', '2026-12-04', '2026-12-05'],
    ['Dec 3', '2026-12-03', '2026-12-03'],
    ['2026-12-01', '2026-12-01', '2026-12-01'],
    // A month and day without a year is the nearest such day: yesterday stays yesterday (the caller
    // refuses or accepts a past date), never the same day next year.
    ['Nov 20', '2026-11-20', '2026-11-20'],
    ['Nov 21', '2026-11-21', '2026-11-21'],
    ['Nov 19', '2026-11-19', '2026-11-19'],
  ])('%j is %s in New York and %s in Tokyo', (text, ny, tokyo) => {
    expect(dateOf(text, NY)).toBe(ny);
    expect(dateOf(text, TOKYO)).toBe(tokyo);
  });

  it('resolves relative to the zone on both sides of UTC midnight', () => {
    expect(dateOf('tomorrow', NY)).not.toBe(dateOf('tomorrow', TOKYO));
    expect(dateOf('friday', NY)).not.toBe(dateOf('friday', TOKYO));
    expect(dateOf('in 2 weeks', NY)).not.toBe(dateOf('in 2 weeks', TOKYO));
  });

  it('does not depend on the zone the server runs in', () => {
    const saved = process.env.TZ;
    const inputs = [
      'today',
      'tomorrow',
      'friday',
      'saturday',
      'monday',
      'Nov 20',
      'Nov 21',
      'Dec 3',
      'in 2 weeks',
      'next friday',
    ];
    const expected = [NY, TOKYO, 'Pacific/Pago_Pago', 'Pacific/Kiritimati'].map((zone) =>
      inputs.map((t) => dateOf(t, zone)),
    );
    try {
      for (const serverZone of [
        'UTC',
        'America/Los_Angeles',
        'Asia/Kolkata',
        'Pacific/Kiritimati',
        'America/Santiago',
      ]) {
        process.env.TZ = serverZone;
        const actual = [NY, TOKYO, 'Pacific/Pago_Pago', 'Pacific/Kiritimati'].map((zone) =>
          inputs.map((t) => dateOf(t, zone)),
        );
        expect(actual, `server in ${serverZone}`).toEqual(expected);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(expected[0]).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-20',
      '2026-11-21',
      '2026-11-23',
      '2026-11-20',
      '2026-11-21',
      '2026-12-03',
      '2026-12-04',
      '2026-11-27',
    ]);
  });

  it('does not depend on the time of day', () => {
    for (const iso of ['2026-11-20T05:01:00Z', '2026-11-20T16:00:00Z', '2026-11-21T04:59:00Z']) {
      const now = new Date(iso); // all Friday Nov 20 in New York
      expect(dateOf('friday', NY, now)).toBe('2026-11-20');
      expect(dateOf('Nov 20', NY, now)).toBe('2026-11-20');
      expect(dateOf('saturday', NY, now)).toBe('2026-11-21');
    }
  });

  it('takes the nearest month and day across a year end', () => {
    const newYearsEve = new Date('2026-12-31T15:00:00Z'); // Thursday Dec 31 in New York, Friday Jan 1 in Tokyo
    expect(dateOf('Jan 5', NY, newYearsEve)).toBe('2027-01-05');
    expect(dateOf('Dec 30', NY, newYearsEve)).toBe('2026-12-30');
    expect(dateOf('Dec 30', TOKYO, newYearsEve)).toBe('2026-12-30');
    expect(dateOf('Dec 3', NY, new Date('2026-12-07T15:00:00Z'))).toBe('2026-12-03');
    expect(dateOf('Mar 1', NY, new Date('2026-12-07T15:00:00Z'))).toBe('2027-03-01');
    expect(dateOf('Dec 3, 2027', NY, new Date('2026-12-07T15:00:00Z'))).toBe('2027-12-03');
    expect(dateOf('tomorrow', NY, newYearsEve)).toBe('2027-01-01');
    expect(dateOf('tomorrow', TOKYO, newYearsEve)).toBe('2027-01-02');
  });

  it('reports how much of the text the date used, leading spaces included', () => {
    expect(parseLeadingDate('monday waiting on budget', NOW, NY)).toEqual({ date: '2026-11-23', consumed: 6 });
    expect(parseLeadingDate('next tuesday then call', NOW, NY)).toEqual({ date: '2026-11-24', consumed: 12 });
    expect(parseLeadingDate('2026-12-01 after audit', NOW, NY)).toEqual({ date: '2026-12-01', consumed: 10 });
    expect(parseLeadingDate('  friday x', NOW, NY)).toEqual({ date: '2026-11-20', consumed: 8 });
    expect(parseLeadingDate('december 3rd, 2027 board', NOW, NY)).toEqual({ date: '2027-12-03', consumed: 18 });
  });

  it('returns null when the text does not start with a date', () => {
    expect(parseLeadingDate('banana', NOW, NY)).toBeNull();
    expect(parseLeadingDate('', NOW, NY)).toBeNull();
    expect(parseLeadingDate('   ', NOW, NY)).toBeNull();
    expect(parseLeadingDate('call on friday', NOW, NY)).toBeNull();
  });
});

describe('parseLeadingDuration', () => {
  it.each([
    ['3d', { days: 3 }, 2],
    ['2 days', { days: 2 }, 6],
    ['2w', { weeks: 2 }, 2],
    ['2 weeks budget', { weeks: 2 }, 7],
    ['1 wk', { weeks: 1 }, 4],
    ['12h', { hours: 12 }, 3],
    ['2 hrs', { hours: 2 }, 5],
    ['1 month', { months: 1 }, 7],
    ['3mo', { months: 3 }, 3],
    ['for 1 month', { months: 1 }, 11],
    ['in 6 months', { months: 6 }, 11],
    ['  2w x', { weeks: 2 }, 4],
  ])('reads %j', (text, duration, consumed) => {
    const parsed = parseLeadingDuration(text);
    expect(parsed?.duration.toObject()).toEqual(duration);
    expect(parsed?.consumed).toBe(consumed);
  });

  it.each(['0d', '3 dec', 'two weeks', '5 mins', 'monday', '', 'd3'])('rejects %j', (text) => {
    expect(parseLeadingDuration(text)).toBeNull();
  });

  it('reads years and any size (the caller bounds a snooze)', () => {
    expect(parseLeadingDuration('1y')?.duration.toObject()).toEqual({ years: 1 });
    expect(parseLeadingDuration('99999y')?.duration.toObject()).toEqual({ years: 99999 });
    expect(parseLeadingDuration('1001d')?.duration.toObject()).toEqual({ days: 1001 });
  });
});

describe('impossibleDate', () => {
  it.each([
    ['2026-13-01', 'months go from 01 to 12'],
    ['2026-00-10', 'months go from 01 to 12'],
    ['2026-02-30', 'February has 28 days'],
    ['2028-02-30', 'February has 29 days'],
    ['Feb 30', 'February has 29 days'],
    ['31 April', 'April has 30 days'],
    ['June 31st', 'June has 30 days'],
    ['Sep 31 waiting on legal', 'September has 30 days'],
    ['2027-11-31', 'November has 30 days'],
  ])('says why %j cannot exist', (text, why) => {
    expect(impossibleDate(text)).toContain(why);
    expect(parseLeadingDate(text, NOW, NY)).toBeNull();
  });

  it.each(['2026-12-31', 'Feb 29', '2028-02-29', 'Dec 3', '3 Dec', 'friday', 'in 2 weeks', 'decided 45'])(
    'lets %j through',
    (text) => expect(impossibleDate(text)).toBeNull(),
  );
});

describe('formatDay and formatInstant', () => {
  it('leaves the year out when it is the current year in the zone', () => {
    expect(formatDay('2026-11-27', NOW, NY)).toBe('Fri, Nov 27');
    expect(formatDay('2027-01-05', NOW, NY)).toBe('Tue, Jan 5, 2027');
    // On Dec 31 in New York it is already 2027 in Tokyo.
    const newYearsEve = new Date('2026-12-31T20:00:00Z');
    expect(formatDay('2027-01-05', newYearsEve, TOKYO)).toBe('Tue, Jan 5');
    expect(formatDay('2027-01-05', newYearsEve, NY)).toBe('Tue, Jan 5, 2027');
  });

  it('labels a calendar date the same wherever it is asked, with or without its year', () => {
    // Remembered per date and year-or-not: asking one way first does not change the other.
    expect(formatCalendarDate('2027-01-05', true)).toBe('Tue, Jan 5, 2027');
    expect(formatCalendarDate('2027-01-05', false)).toBe('Tue, Jan 5');
    expect(formatCalendarDate('2027-01-05', true)).toBe('Tue, Jan 5, 2027');
    // The day Samoa skipped (it went from Dec 29 to Dec 31, 2011) is still a Friday as a date.
    expect(formatCalendarDate('2011-12-30', true)).toBe('Fri, Dec 30, 2011');
    expect(formatDay('2011-12-30', NOW, 'Pacific/Apia')).toBe('Fri, Dec 30, 2011');
    expect(formatCalendarDate('2028-02-29', false)).toBe('Tue, Feb 29');
  });

  it('shows an instant in the zone', () => {
    expect(formatInstant(NOW, NOW, NY)).toBe('Fri, Nov 20 18:30');
    expect(formatInstant(NOW, NOW, TOKYO)).toBe('Sat, Nov 21 08:30');
    expect(formatInstant(new Date('2027-02-01T12:00:00Z'), NOW, 'UTC')).toBe('Mon, Feb 1 2027 12:00');
  });
});

describe('calendarDaysBetween', () => {
  it('counts calendar days in the zone, not 24-hour periods', () => {
    const lateFriday = new Date('2026-11-20T23:30:00Z');
    const earlySaturdayUtc = new Date('2026-11-21T01:00:00Z');
    expect(calendarDaysBetween(lateFriday, earlySaturdayUtc, 'UTC')).toBe(1);
    expect(calendarDaysBetween(lateFriday, earlySaturdayUtc, NY)).toBe(0);
    expect(calendarDaysBetween(lateFriday, earlySaturdayUtc, TOKYO)).toBe(0);
    expect(calendarDaysBetween(new Date('2026-11-20T14:00:00Z'), new Date('2026-11-20T16:00:00Z'), TOKYO)).toBe(1);
  });

  it('is negative when b is before a', () => {
    expect(calendarDaysBetween(new Date('2026-11-25T12:00:00Z'), new Date('2026-11-20T12:00:00Z'), NY)).toBe(-5);
  });

  it('is whole across a daylight-saving change', () => {
    // US clocks fall back on Sunday 2026-11-01.
    expect(calendarDaysBetween(new Date('2026-10-31T16:00:00Z'), new Date('2026-11-02T17:00:00Z'), NY)).toBe(2);
    expect(calendarDaysBetween(new Date('2026-10-31T04:30:00Z'), new Date('2026-11-01T05:30:00Z'), NY)).toBe(1);
  });
});
