import { describe, expect, it } from 'vitest';
import { BusinessCalendar, calendarFor } from '../../src/domain/calendar.js';
import {
  attemptsText,
  dueUnansweredCommitments,
  plural,
  DEFAULT_CADENCE,
  DEFAULT_THRESHOLDS,
  episodeDay,
  evaluateDeal,
  stepForTouch,
  stepLabel,
  type RuleContext,
  type ScanDeal,
} from '../../src/domain/silence.js';

const utc = (iso: string) => new Date(iso).getTime();
const ny = calendarFor({ zone: 'America/New_York', workStart: '09:00', workEnd: '17:30' });

function rules(now: string, calendar = ny): RuleContext {
  return { now: utc(now), calendar, thresholds: DEFAULT_THRESHOLDS, cadence: DEFAULT_CADENCE };
}

function deal(overrides: Partial<ScanDeal> = {}): ScanDeal {
  return {
    id: 1,
    state: 'active',
    stage: 'proposal',
    lastInboundAt: utc('2026-11-02T15:00:00Z'),
    lastOutboundAt: utc('2026-11-02T18:00:00Z'),
    lastActivityAt: utc('2026-11-02T18:00:00Z'),
    createdAt: utc('2026-10-01T15:00:00Z'),
    snoozedUntil: null,
    followUpOn: null,
    openCommitments: [],
    episode: null,
    ...overrides,
  };
}

describe('the business calendar', () => {
  it('counts business days across a weekend', () => {
    // Friday 2026-11-20 -> Monday 2026-11-23 in New York is one business day.
    expect(ny.businessDaysBetween(utc('2026-11-20T15:00:00Z'), utc('2026-11-23T15:00:00Z'))).toBe(1);
    expect(ny.businessDaysBetween(utc('2026-11-20T15:00:00Z'), utc('2026-11-22T15:00:00Z'))).toBe(0);
    expect(ny.businessDaysBetween(utc('2026-11-16T15:00:00Z'), utc('2026-11-23T15:00:00Z'))).toBe(5);
  });

  it('skips configured public holidays and extra days off', () => {
    const us = new BusinessCalendar({
      zone: 'America/New_York',
      workStart: '09:00',
      workEnd: '17:30',
      holidays: { country: 'US', dates: ['2026-11-27'] },
    });
    expect(us.isBusinessDay(utc('2026-11-26T15:00:00Z'))).toBe(false); // Thanksgiving
    expect(us.isBusinessDay(utc('2026-11-27T15:00:00Z'))).toBe(false); // the company's extra day
    expect(us.businessDaysBetween(utc('2026-11-25T15:00:00Z'), utc('2026-11-30T15:00:00Z'))).toBe(1);
  });

  it("reads days in the person's own zone on both sides of UTC midnight", () => {
    const tokyo = calendarFor({ zone: 'Asia/Tokyo', workStart: '09:00', workEnd: '17:30' });
    const at = utc('2026-11-20T23:30:00Z'); // Friday 18:30 in New York, Saturday 08:30 in Tokyo
    expect(ny.dateOf(at)).toBe('2026-11-20');
    expect(tokyo.dateOf(at)).toBe('2026-11-21');
    expect(ny.isBusinessDay(at)).toBe(true);
    expect(tokyo.isBusinessDay(at)).toBe(false);
  });

  it('knows working hours, including across a DST change', () => {
    expect(ny.isWorkingTime(utc('2026-11-23T13:59:00Z'))).toBe(false); // 08:59
    expect(ny.isWorkingTime(utc('2026-11-23T14:00:00Z'))).toBe(true); // 09:00
    expect(ny.isWorkingTime(utc('2026-11-23T22:29:00Z'))).toBe(true); // 17:29
    expect(ny.isWorkingTime(utc('2026-11-23T22:30:00Z'))).toBe(false); // 17:30
    expect(ny.isWorkingTime(utc('2026-11-21T15:00:00Z'))).toBe(false); // Saturday
    expect(ny.isWorkingTime(utc('2026-03-09T13:00:00Z'))).toBe(true); // 09:00 EDT, the Monday after the change
  });
});

describe('silence rules', () => {
  it("uses each stage's threshold in business days, counted from the last reply", () => {
    // Last reply Monday Nov 2; thresholds: negotiation 3, proposal 5, qualified 7, prospecting 10.
    const cases: Array<[ScanDeal['stage'], string, boolean]> = [
      ['negotiation', '2026-11-04T15:00:00Z', false],
      ['negotiation', '2026-11-05T15:00:00Z', true],
      ['proposal', '2026-11-06T15:00:00Z', false],
      ['proposal', '2026-11-09T15:00:00Z', true], // the weekend does not count
      ['qualified', '2026-11-10T15:00:00Z', false],
      ['qualified', '2026-11-11T15:00:00Z', true],
      ['prospecting', '2026-11-13T15:00:00Z', false],
      ['prospecting', '2026-11-16T15:00:00Z', true],
    ];
    for (const [stage, now, silent] of cases) {
      const decisions = evaluateDeal(deal({ stage }), rules(now));
      expect({ stage, now, silent: decisions.some((d) => d.action === 'open_episode') }).toEqual({
        stage,
        now,
        silent,
      });
    }
  });

  it('needs an unanswered touch: a prospect who replied last is not silent, however long ago', () => {
    const answered = deal({ lastInboundAt: utc('2026-11-02T18:00:00Z'), lastOutboundAt: utc('2026-11-02T15:00:00Z') });
    expect(evaluateDeal(answered, rules('2026-12-15T15:00:00Z'))).toEqual([]);
  });

  it('opens an episode for a broken commitment a business day after its due date', () => {
    const committed = deal({
      lastInboundAt: utc('2026-11-16T15:00:00Z'),
      lastOutboundAt: null,
      openCommitments: [
        { id: 7, text: 'present the proposal to the VP', dueOn: '2026-11-20', madeAt: utc('2026-11-16T15:00:00Z') },
      ],
    });
    expect(evaluateDeal(committed, rules('2026-11-20T20:00:00Z'))).toEqual([]); // the due day itself
    expect(evaluateDeal(committed, rules('2026-11-22T15:00:00Z'))).toEqual([]); // Sunday: not a business day later
    const [opened] = evaluateDeal(committed, rules('2026-11-23T15:00:00Z'));
    expect(opened).toMatchObject({ action: 'open_episode', reason: 'broken_commitment', brokenCommitmentIds: [7] });
    // A reply after the promise keeps it from being broken.
    expect(
      evaluateDeal({ ...committed, lastInboundAt: utc('2026-11-18T15:00:00Z') }, rules('2026-11-23T15:00:00Z')),
    ).toEqual([]);
  });

  it("names the promise's day in the why, with its year once the rep's year has turned", () => {
    const promised = (dueOn: string) =>
      deal({
        lastInboundAt: utc('2026-12-21T15:00:00Z'),
        lastOutboundAt: null,
        openCommitments: [{ id: 9, text: 'sign the order', dueOn, madeAt: utc('2026-12-21T15:00:00Z') }],
      });
    const tokyo = calendarFor({ zone: 'Asia/Tokyo', workStart: '09:00', workEnd: '17:30' });
    // Mon, Jan 4 2027 10:00 in Tokyo: a promise due before the year end names its year.
    const [late] = evaluateDeal(promised('2026-12-23'), rules('2027-01-04T01:00:00Z', tokyo));
    expect(late?.why).toContain('was due Wed, Dec 23, 2026 and nothing came back');
    // Still 2026 in New York (Thu, Dec 31): the same date reads without it.
    const [sameYear] = evaluateDeal(promised('2026-12-23'), rules('2026-12-31T15:00:00Z'));
    expect(sameYear?.why).toContain('was due Wed, Dec 23 and nothing came back');
  });

  it('stays quiet for fired, won and lost deals, snoozed deals, and nurture before its date', () => {
    const now = '2026-11-23T15:00:00Z';
    for (const state of ['fired', 'won', 'lost'] as const)
      expect(evaluateDeal(deal({ state }), rules(now))).toEqual([]);
    expect(evaluateDeal(deal({ snoozedUntil: utc('2026-11-30T00:00:00Z') }), rules(now))).toEqual([]);
    expect(evaluateDeal(deal({ state: 'nurture', followUpOn: '2026-12-01' }), rules(now))).toEqual([]);
    expect(evaluateDeal(deal({ state: 'nurture', followUpOn: '2026-11-23' }), rules(now))).toEqual([
      { action: 'follow_up', why: 'they asked to be called back around Mon, Nov 23' },
    ]);
    // Once the snooze has passed, the rules look again.
    expect(evaluateDeal(deal({ snoozedUntil: utc('2026-11-20T00:00:00Z') }), rules(now))[0]).toMatchObject({
      action: 'open_episode',
    });
  });

  it('opens episodes at night but nudges only in working hours, and not right after the rep touched the deal', () => {
    const night = evaluateDeal(deal(), rules('2026-11-24T04:00:00Z')); // 23:00 in New York
    expect(night.map((d) => d.action)).toEqual(['open_episode']);
    const morning = evaluateDeal(deal(), rules('2026-11-24T14:00:00Z'));
    expect(morning.map((d) => d.action)).toEqual(['open_episode', 'nudge']);
    const justTouched = evaluateDeal(
      deal({ lastActivityAt: utc('2026-11-24T13:00:00Z'), lastOutboundAt: utc('2026-11-24T13:00:00Z') }),
      rules('2026-11-24T14:00:00Z'),
    );
    expect(justTouched.map((d) => d.action)).toEqual(['open_episode']);
  });
});

describe('the cadence', () => {
  const episode = (steps = {}, startedOn = '2026-11-16') => ({ id: 9, startedOn, reason: 'no_reply', steps });

  it('counts episode days in business days from its start (day 1)', () => {
    expect(episodeDay('2026-11-16', rules('2026-11-16T15:00:00Z'))).toBe(1);
    expect(episodeDay('2026-11-16', rules('2026-11-20T15:00:00Z'))).toBe(5);
    expect(episodeDay('2026-11-16', rules('2026-11-23T15:00:00Z'))).toBe(6);
    expect(episodeDay('2026-11-21', rules('2026-11-23T15:00:00Z'))).toBe(1); // started on a Saturday
  });

  it('offers each step on its business day', () => {
    const days: Array<[string, number | null]> = [
      ['2026-11-16T15:00:00Z', 1],
      ['2026-11-17T15:00:00Z', 2],
      ['2026-11-18T15:00:00Z', 3],
      ['2026-11-19T15:00:00Z', null],
      ['2026-11-20T15:00:00Z', 4],
      ['2026-11-23T15:00:00Z', 5],
    ];
    for (const [now, step] of days) {
      // All earlier steps done, so only the day's own step can be due.
      const done = Object.fromEntries(
        DEFAULT_CADENCE.filter((s) => step === null || s.step < step).map((s) => [
          s.step,
          { offers: 1, lastOfferedOn: null, done: true, skipped: false },
        ]),
      );
      const nudges = evaluateDeal(deal({ state: 'silent', episode: episode(done) }), rules(now)).filter(
        (d) => d.action === 'nudge',
      );
      expect({ now, steps: nudges.map((d) => (d.action === 'nudge' ? d.step.step : 0)) }).toEqual({
        now,
        steps: step === null ? [] : [step],
      });
    }
  });

  it('offers an undone step once more the next business day, then moves on', () => {
    const offeredOnce = episode({ 1: { offers: 1, lastOfferedOn: '2026-11-16', done: false, skipped: false } });
    const day2 = evaluateDeal(deal({ state: 'silent', episode: offeredOnce }), rules('2026-11-17T15:00:00Z'));
    expect(day2.map((d) => [d.action, 'step' in d ? d.step.step : null, 'offer' in d ? d.offer : null])).toEqual([
      ['nudge', 1, 2],
      ['nudge', 2, 1],
    ]);
    const offeredTwice = episode({
      1: { offers: 2, lastOfferedOn: '2026-11-17', done: false, skipped: false },
      2: { offers: 1, lastOfferedOn: '2026-11-17', done: true, skipped: false },
    });
    const day3 = evaluateDeal(deal({ state: 'silent', episode: offeredTwice }), rules('2026-11-18T15:00:00Z'));
    expect(day3.map((d) => [d.action, 'step' in d ? d.step.step : null])).toEqual([
      ['skip_step', 1],
      ['nudge', 3],
    ]);
  });

  it('offers nothing twice on the same day', () => {
    const offeredToday = episode({ 1: { offers: 1, lastOfferedOn: '2026-11-16', done: false, skipped: false } });
    expect(evaluateDeal(deal({ state: 'silent', episode: offeredToday }), rules('2026-11-16T20:00:00Z'))).toEqual([]);
  });

  it('is bounded: once every step is done or skipped, nothing more comes', () => {
    const finished = episode(
      Object.fromEntries(
        DEFAULT_CADENCE.map((s) => [s.step, { offers: 2, lastOfferedOn: '2026-11-24', done: false, skipped: true }]),
      ),
    );
    expect(evaluateDeal(deal({ state: 'silent', episode: finished }), rules('2026-12-10T15:00:00Z'))).toEqual([]);
  });

  it('matches touches the rep logs on their own to the step they complete', () => {
    expect(stepForTouch(DEFAULT_CADENCE, {}, 1, 'call')?.step).toBe(1);
    expect(stepForTouch(DEFAULT_CADENCE, {}, 1, 'voicemail')?.step).toBe(1);
    expect(stepForTouch(DEFAULT_CADENCE, {}, 1, 'email')).toBeNull(); // the email step is not due yet, nor next
    const firstTwoDone = {
      1: { offers: 1, lastOfferedOn: null, done: true, skipped: false },
      2: { offers: 1, lastOfferedOn: null, done: true, skipped: false },
    };
    expect(stepForTouch(DEFAULT_CADENCE, firstTwoDone, 3, 'email')?.step).toBe(3);
    // The fire step is done only by sending the goodbye, never by a plain email.
    const allButFire = Object.fromEntries(
      [1, 2, 3, 4].map((s) => [s, { offers: 1, lastOfferedOn: null, done: true, skipped: false }]),
    );
    expect(stepForTouch(DEFAULT_CADENCE, allButFire, 6, 'email')).toBeNull();
  });

  it('labels steps for people', () => {
    expect(stepLabel(DEFAULT_CADENCE[0]!, false)).toBe('Call and leave a message');
    expect(stepLabel(DEFAULT_CADENCE[2]!, true)).toContain('commitment');
    expect(stepLabel(DEFAULT_CADENCE[2]!, false)).toContain('check-in');
    expect(stepLabel(DEFAULT_CADENCE[4]!, false)).toContain('goodbye');
  });
});

describe('promises the accountability email may be about (issue 12)', () => {
  const made = Date.parse('2026-12-01T15:00:00Z');
  const promise = (dueOn: string) => ({ dueOn, madeAt: made });

  it('counts a promise only once it is due, and only while nothing came back since it was made', () => {
    const promises = [promise('2026-12-31'), promise('2026-12-14')];
    expect(dueUnansweredCommitments(promises, null, '2026-12-13')).toEqual([]);
    expect(dueUnansweredCommitments(promises, null, '2026-12-14')).toEqual([promise('2026-12-14')]);
    expect(dueUnansweredCommitments(promises, null, '2027-01-04')).toHaveLength(2);
    expect(dueUnansweredCommitments(promises, made + 1, '2027-01-04')).toEqual([]);
  });

  it('says how many attempts the history holds, and no more', () => {
    expect(attemptsText(0)).toBe('no touch is logged since their last reply');
    expect(attemptsText(1)).toBe('your one touch since their last reply is unanswered');
    expect(attemptsText(4)).toBe('you reached out 4 times since their last reply without an answer');
    expect(plural(1, 'business day')).toBe('1 business day');
  });
});
