import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { auditEvents, deals, outbox, salesTeams, users } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import { parseTeamCommand } from '../../src/domain/team-grammar.js';
import { buildDigest, dueSlot, queueDueDigests } from '../../src/jobs/digest.js';
import { scan } from '../../src/jobs/scan.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { runDealCommand } from '../../src/services/deal-commands.js';
import { digestMessages } from '../../src/slack/views/digest.js';
import { checkMessage } from '../support/block-kit-limits.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup(start = '2026-11-02T14:00:00Z') {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = new ManualClock(start);
  // A workspace whose Slack names no admin or owner: its first user (the boss) stands in as admin.
  const directory = { lookup: async () => null, workspaceAdmins: async () => ({ admins: [] }) };
  const ctx: AppContext = { store, clock, defaultZone: 'UTC', directory };
  const actor = (userId: string, zone = 'America/New_York'): Actor => {
    const profile = { timezone: zone, timezoneSource: 'slack' as const, isAdmin: false };
    const user = upsertUser(store.db, 'T1', userId, profile, clock.now());
    return { teamId: 'T1', userId, zone, role: user.role };
  };
  const run = async (who: Actor, text: string) => {
    const outcome = await runDealCommand(
      ctx,
      {
        ...who,
        role:
          store.db
            .select()
            .from(users)
            .all()
            .find((u) => u.slackId === who.userId)?.role ?? 'rep',
      },
      text,
    );
    if (outcome.type !== 'message') throw new Error('expected a message');
    return outcome.message;
  };
  return { store, clock, ctx, actor, run };
}

/** A manager, two reps, and a mix of deals: some silent past threshold, some not. */
async function seededTeam() {
  const w = setup();
  const boss = w.actor('UBOSS');
  const rita = w.actor('URITA');
  const sam = w.actor('USAM');
  await w.run(boss, 'team create East');
  await w.run(boss, 'team add <@URITA|rita> <@USAM|sam>');
  await w.run(boss, 'team channel <#CEAST|east-sales>');
  await w.run(boss, 'team schedule weekly mon 09:00 zone America/New_York');
  // Monday Nov 2, 09:00 New York: replies everywhere, then our touches an hour later.
  const seed: Array<[ReturnType<typeof w.actor>, string, string]> = [
    [rita, 'Acme', 'value 50k stage negotiation forecast commit'], // threshold 3: stuck by Friday
    [rita, 'Globex', 'value 20k stage demo forecast best-case'], // threshold 5: stuck the Monday after
    [rita, 'Initech', 'value 5k stage prospecting forecast commit'], // threshold 10: not stuck yet
    [sam, 'Umbrella', 'value 80k stage verbal forecast pipeline'], // threshold 3: stuck, but not in the forecast
    [sam, 'Hooli', 'value 12,000 EUR stage negotiation forecast commit'], // answered last: not stuck
  ];
  for (const [who, company, rest] of seed) {
    await w.run(who, `new ${company} ${rest}`);
    await w.run(who, `reply ${company}`);
  }
  w.clock.set('2026-11-02T15:00:00Z');
  for (const [who, company] of seed.slice(0, 4)) await w.run(who, `email ${company}`);
  return { ...w, boss, rita, sam };
}

/** Team "Big": 20 reps with 8 negotiation deals each, all silent since Monday Nov 2; `name` dresses each company. */
async function bigTeam(name: (company: string) => string) {
  const w = setup();
  const boss = w.actor('UBOSS');
  await w.run(boss, 'team create Big');
  const reps = Array.from({ length: 20 }, (_, i) => `UREP${i}`);
  await w.run(boss, `team add ${reps.map((r) => `<@${r}>`).join(' ')}`);
  for (const rep of reps) {
    const who = w.actor(rep);
    for (let d = 0; d < 8; d++) {
      w.clock.set('2026-11-02T14:00:00Z');
      await w.run(who, `new ${name(`${rep}-Co${d}`)} value 10k stage negotiation forecast commit`);
      await w.run(who, `reply ${rep}-Co${d}`);
      w.clock.set('2026-11-02T15:00:00Z');
      await w.run(who, `email ${rep}-Co${d}`);
    }
  }
  return w;
}

const nine = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'America/New_York' }).set({ hour: 9, minute: 0 }).toUTC().toJSDate();

describe('the digest content', () => {
  it('lists exactly the deals silent past their stage threshold, and exactly the silent commit/best-case ones with the right sum', async () => {
    const w = await seededTeam();
    const team = w.store.db.select().from(salesTeams).get()!;
    const data = buildDigest(w.store, 'T1', team, { at: nine('2026-11-09'), defaultZone: 'UTC' });
    const stuck = data.reps.flatMap((r) => r.deals.map((d) => d.company)).sort();
    expect(stuck).toEqual(['Acme', 'Globex', 'Umbrella']);
    expect(data.totals).toEqual({
      stuckDeals: 3,
      stuckValue: { USD: 15_000_000 },
      forecastAtRisk: { USD: 7_000_000 },
      escalated: 0,
    });
    expect(data.forecastHygiene.deals.map((d) => [d.company, d.forecast])).toEqual([
      ['Acme', 'commit'],
      ['Globex', 'best-case'],
    ]);
    expect(data.forecastHygiene.value).toEqual({ USD: 7_000_000 });
    expect(data.reps.map((r) => [r.repId, r.deals.length])).toEqual([
      ['URITA', 2],
      ['USAM', 1],
    ]);
    const { main, thread } = digestMessages(data);
    expect(checkMessage(main)).toEqual([]);
    expect(thread).toEqual([]);
    expect(main.text).toContain('3 stuck deals worth $150,000');
  });

  it('shows what was tried, broken commitments, goodbyes and escalations once the scan has run', async () => {
    const w = await seededTeam();
    await w.run(w.sam, 'commit Umbrella "sign the order form" by Nov 4');
    for (let day = 3; day <= 13; day++)
      await scan(w.store, nine(`2026-11-${String(day).padStart(2, '0')}`), { defaultZone: 'UTC' });
    const team = w.store.db.select().from(salesTeams).get()!;
    const data = buildDigest(w.store, 'T1', team, { at: nine('2026-11-13'), defaultZone: 'UTC' });
    const umbrella = data.reps.flatMap((r) => r.deals).find((d) => d.company === 'Umbrella')!;
    expect(umbrella.brokenCommitment).toBe('sign the order form');
    expect(umbrella.step).toMatch(/step \d of 5|cadence finished/);
    // Nobody acted on the due steps for days: escalated (the team's default limit is 3 business days).
    expect(umbrella.escalatedDays).toBeGreaterThanOrEqual(3);
    expect(data.totals.escalated).toBeGreaterThan(0);
    expect(JSON.stringify(digestMessages(data).main.blocks)).toContain('a step due, no touch for');
  });

  it("cuts a large team's lists within Slack's limits and puts the full list in the thread", async () => {
    const w = await bigTeam((company) => `${company} ${'x'.repeat(60)}`);
    const team = w.store.db.select().from(salesTeams).get()!;
    const data = buildDigest(w.store, 'T1', team, { at: nine('2026-11-09'), defaultZone: 'UTC' });
    expect(data.totals.stuckDeals).toBe(160);
    const { main, thread } = digestMessages(data);
    expect(checkMessage(main)).toEqual([]);
    expect(main.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(main.blocks)).toContain('full list is in the thread');
    expect(thread.length).toBeGreaterThan(0);
    // Per-block limits only: the thread replies are over Slack's total (the total is checked below).
    for (const reply of thread) expect(checkMessage(reply, { total: false })).toEqual([]);
    const listed = thread.flatMap((m) => JSON.stringify(m.blocks).match(/-Co\d/g) ?? []);
    expect(listed.length).toBeGreaterThanOrEqual(160);
    // Coaching in the method's kind words, not a shaming list.
    expect(data.reps[0]!.coaching).toContain('Persistence is good, and so is letting go');
  });

  // Known product gap: the thread is cut by blocks, not by text, so a reply carries ~40,000 characters
  // and Slack answers msg_blocks_too_long. Passes while the gap is there; drop `.fails` once fixed.
  it('keeps each thread reply under the 11,300-character total Slack has refused, for a large team', async () => {
    const w = await bigTeam((company) => `${company} Société Générale d’Équipement ${'·'.repeat(30)}`);
    const team = w.store.db.select().from(salesTeams).get()!;
    const { thread } = digestMessages(buildDigest(w.store, 'T1', team, { at: nine('2026-11-09'), defaultZone: 'UTC' }));
    expect(thread.length).toBeGreaterThan(0);
    for (const reply of thread) expect(checkMessage(reply)).toEqual([]);
  });
});

describe('digest scheduling', () => {
  const weeklyMonday = { frequency: 'weekly' as const, weekday: 1, time: '09:00', skipDaysOff: true };
  const everyDay = (iso: string) => DateTime.fromISO(iso).weekday <= 5;

  it("finds the slot at the team's local time, not the UTC hour", () => {
    // 09:00 in New York is 14:00 UTC in November.
    expect(dueSlot(weeklyMonday, 'America/New_York', new Date('2026-11-09T13:59:00Z'), everyDay)).toBeNull();
    expect(dueSlot(weeklyMonday, 'America/New_York', new Date('2026-11-09T14:00:00Z'), everyDay)?.toISO()).toBe(
      '2026-11-09T09:00:00.000-05:00',
    );
    expect(dueSlot(weeklyMonday, 'Asia/Tokyo', new Date('2026-11-09T00:15:00Z'), everyDay)?.toISO()).toBe(
      '2026-11-09T09:00:00.000+09:00',
    );
    // Too late (past the grace period): the next slot, not a stale digest.
    expect(dueSlot(weeklyMonday, 'America/New_York', new Date('2026-11-10T14:00:00Z'), everyDay)).toBeNull();
  });

  it('skips days off when configured, and posts on them when not', () => {
    const daily = { frequency: 'daily' as const, weekday: null, time: '08:30', skipDaysOff: true };
    const saturday = new Date('2026-11-14T13:45:00Z'); // 08:45 New York
    expect(dueSlot(daily, 'America/New_York', saturday, everyDay)).toBeNull();
    expect(dueSlot({ ...daily, skipDaysOff: false }, 'America/New_York', saturday, everyDay)?.toISODate()).toBe(
      '2026-11-14',
    );
    const thanksgiving = new Date('2026-11-26T13:45:00Z');
    const usHolidays = (iso: string) => everyDay(iso) && iso !== '2026-11-26';
    expect(dueSlot(daily, 'America/New_York', thanksgiving, usHolidays)).toBeNull();
  });

  it('queues each slot once, at the configured local time, even when two scans race', async () => {
    const w = await seededTeam();
    expect(await queueDueDigests(w.store, new Date('2026-11-09T13:45:00Z'), 'UTC')).toEqual([]); // 08:45 local
    const first = await queueDueDigests(w.store, new Date('2026-11-09T14:00:00Z'), 'UTC');
    const second = await queueDueDigests(w.store, new Date('2026-11-09T14:00:00Z'), 'UTC');
    const later = await queueDueDigests(w.store, new Date('2026-11-09T14:15:00Z'), 'UTC');
    expect(first).toEqual([{ team: 'East', slot: '2026-11-09T09:00:00.000-05:00', channel: 'CEAST' }]);
    expect([second, later]).toEqual([[], []]);
    const rows = w.store.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.kind === 'digest');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recipient: 'CEAST', key: 'digest:1:2026-11-09T09:00:00-05:00' });
    expect((rows[0]!.payload as { totals: { stuckDeals: number } }).totals.stuckDeals).toBe(3);
    // Next week's digest compares with this one.
    const next = await queueDueDigests(w.store, new Date('2026-11-16T14:00:00Z'), 'UTC');
    expect(next).toHaveLength(1);
    const nextRow = w.store.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.kind === 'digest')[1]!;
    expect((nextRow.payload as { text: string }).text).toContain('stuck deals');
    expect(JSON.stringify((nextRow.payload as { blocks: unknown }).blocks)).toContain('since the last digest');
  });
});

describe('teams', () => {
  it('makes the creator the manager, lets only managers change settings, and audits every change', async () => {
    const w = setup();
    const boss = w.actor('UBOSS');
    const rita = w.actor('URITA');
    await w.run(boss, 'team create East');
    await w.run(boss, 'team add <@URITA>');
    const denied = await w.run(rita, 'team threshold demo 2');
    expect(denied.text).toContain('Only the manager of East');
    await w.run(boss, 'team threshold demo 2');
    await w.run(boss, 'team holidays US-CA 2026-12-24');
    const team = w.store.db.select().from(salesTeams).get()!;
    expect(team).toMatchObject({
      managerId: 'UBOSS',
      thresholds: { demo: 2 },
      holidays: { country: 'US', region: 'CA', dates: ['2026-12-24'] },
    });
    expect(
      w.store.db
        .select()
        .from(users)
        .all()
        .find((u) => u.slackId === 'UBOSS')!.role,
    ).toBe('manager');
    expect(
      w.store.db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => [a.actorId, a.action]),
    ).toEqual([
      ['UBOSS', 'team.create'],
      ['UBOSS', 'team.add'],
      ['UBOSS', 'team.threshold'],
      ['UBOSS', 'team.holidays'],
    ]);
  });

  it('lets a small company get a digest without set-up: the first to configure "Everyone" manages it', async () => {
    const w = setup();
    const first = w.actor('UFIRST');
    const second = w.actor('USECOND');
    await w.run(first, 'new Acme value 50k stage negotiation forecast commit');
    await w.run(first, 'reply Acme');
    w.clock.set('2026-11-02T15:00:00Z');
    await w.run(first, 'email Acme');
    expect(buildDigest(w.store, 'T1', null, { at: nine('2026-11-09'), defaultZone: 'UTC' }).totals.stuckDeals).toBe(1);
    await w.run(first, 'team channel <#CALL|sales>');
    const denied = await w.run(second, 'team channel <#COTHER>');
    expect(denied.text).toContain('Only the manager of Everyone');
    expect(w.store.db.select().from(salesTeams).get()).toMatchObject({
      name: 'Everyone',
      managerId: 'UFIRST',
      digestChannel: 'CALL',
    });
  });

  it('team settings change the cadence and thresholds the scan uses', async () => {
    const w = setup();
    const boss = w.actor('UBOSS');
    await w.run(boss, 'team create East');
    await w.run(boss, 'team threshold negotiation 1');
    await w.run(boss, 'team cadence 1:email 2:fire');
    await w.run(boss, 'new Acme value 50k stage negotiation');
    await w.run(boss, 'reply Acme');
    w.clock.set('2026-11-02T15:00:00Z');
    await w.run(boss, 'email Acme');
    const result = await scan(w.store, nine('2026-11-03'), { defaultZone: 'UTC' });
    expect(result.decisions.map((d) => [d.action, d.step])).toEqual([
      ['open_episode', null],
      ['nudge', 1],
    ]);
    expect(w.store.db.select().from(deals).get()!.state).toBe('silent');
  });

  it('parses team commands and explains mistakes', () => {
    expect(parseTeamCommand('schedule daily 8:30 zone Europe/Berlin every day')).toEqual({
      ok: true,
      command: {
        type: 'schedule',
        schedule: { frequency: 'daily', weekday: null, time: '08:30', skipDaysOff: false },
        zone: 'Europe/Berlin',
      },
    });
    expect(parseTeamCommand('schedule weekly friday 16:00')).toMatchObject({
      ok: true,
      command: { schedule: { weekday: 5, skipDaysOff: true } },
    });
    expect(parseTeamCommand('schedule weekly someday 16:00')).toMatchObject({
      ok: false,
      error: expect.stringContaining('which day'),
    });
    expect(parseTeamCommand('schedule daily 25:00')).toMatchObject({
      ok: false,
      error: expect.stringContaining('HH:MM'),
    });
    expect(parseTeamCommand('cadence 1:call 2:email')).toMatchObject({
      ok: false,
      error: expect.stringContaining('fire step'),
    });
    expect(parseTeamCommand('cadence 2:call 1:fire')).toMatchObject({
      ok: false,
      error: expect.stringContaining('grow'),
    });
    expect(parseTeamCommand('add bob')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Mention them with @'),
    });
    expect(parseTeamCommand('add <@U1ABC|bob> <@U2DEF> as manager')).toEqual({
      ok: true,
      command: { type: 'add', userIds: ['U1ABC', 'U2DEF'], role: 'manager' },
    });
    expect(parseTeamCommand('create everyone')).toMatchObject({ ok: false });
    expect(parseTeamCommand('holidays XYZ')).toMatchObject({
      ok: false,
      error: expect.stringContaining('country code'),
    });
  });
});
