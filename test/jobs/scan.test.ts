import { dirname } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { commitments, deals, outbox, pendingTouches, silenceEpisodes } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { scan } from '../../src/jobs/scan.js';
import { runJobsBetween, scanAndDeliverJob } from '../../src/jobs/scheduler.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { runDealCommand } from '../../src/services/deal-commands.js';
import { handleNudgeAction } from '../../src/services/nudge-actions.js';
import type { BotMessage } from '../../src/slack/blocks.js';
import type { Messenger } from '../../src/slack/messenger.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { runBin } from '../support/cli.js';
import { tempDatabase } from '../support/temp-db.js';

interface Sent {
  to: string;
  at: Date;
  message: BotMessage;
}

function recordingMessenger(clock: ManualClock, sent: Sent[]): Messenger {
  let n = 0;
  return {
    dm: async (_t, userId, message) => {
      sent.push({ to: userId, at: clock.now(), message });
      return { channel: `D${userId}`, ts: String(++n) };
    },
    post: async (_t, channel, message) => {
      sent.push({ to: channel, at: clock.now(), message });
      return { channel, ts: String(++n) };
    },
    update: async () => undefined,
    openModal: async () => undefined,
    publishHome: async () => undefined,
  };
}

class World {
  readonly clock: ManualClock;
  readonly ctx: AppContext;
  readonly sent: Sent[] = [];
  readonly messenger: Messenger;
  constructor(
    readonly store: Store,
    start: string,
  ) {
    this.clock = new ManualClock(start);
    this.ctx = { store, clock: this.clock, defaultZone: 'UTC' };
    this.messenger = recordingMessenger(this.clock, this.sent);
  }
  rep(userId: string, zone: string, teamId = 'T1'): Actor {
    upsertUser(this.store.db, teamId, userId, { timezone: zone, timezoneSource: 'slack' }, this.clock.now());
    return { teamId, userId, zone, role: 'rep' };
  }
  async deal(actor: Actor, text: string) {
    const outcome = await runDealCommand(this.ctx, actor, text);
    if (outcome.type !== 'message' || outcome.message.text.includes('Right form'))
      throw new Error(`command failed: ${text}: ${outcome.type === 'message' ? outcome.message.text : 'modal'}`);
    return outcome.message;
  }
  at(iso: string) {
    this.clock.set(iso);
  }
  /** Runs the hourly scan-and-deliver job over (now, until]. */
  async runUntil(iso: string) {
    const job = scanAndDeliverJob({ app: this.ctx, messenger: this.messenger }, '0 * * * *');
    await runJobsBetween([job], this.clock.now(), new Date(iso), (at) => this.clock.set(at));
    this.clock.set(iso);
  }
  dmsTo(userId: string) {
    return this.sent.filter((s) => s.to === userId);
  }
}

const stores: Store[] = [];
function world(start: string) {
  const store = openStore(':memory:');
  stores.push(store);
  return new World(store, start);
}
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
});

/** Seeds a negotiation deal whose prospect replied Monday Nov 2 10:00 New York and then went quiet after our email at 11:00. */
async function quietNegotiation(w: World, rep: Actor, company = 'Acme') {
  w.at('2026-11-02T15:00:00Z');
  await w.deal(rep, `new ${company} value 50k stage negotiation contact "Bob Lee"`);
  await w.deal(rep, `reply ${company} they want the final quote`);
  w.at('2026-11-02T16:00:00Z');
  await w.deal(rep, `email ${company} sent the final quote`);
}

describe('scan over a whole episode', () => {
  it('the daily reconciliation finds a next check set too late, says so, and the nudge still goes out that hour', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep, 'Sæther & Søn AS');
    // A bug's footprint: the deal says it needs no look for a year.
    w.store.sqlite.exec(`UPDATE deals SET next_check_at = ${Date.parse('2027-11-05T00:00:00Z')}`);
    const lines: string[] = [];
    const job = scanAndDeliverJob({ app: w.ctx, messenger: w.messenger, log: (l) => lines.push(l) }, '0 * * * *');
    // Thursday Nov 5, 10:00 New York: the first business day it counts as silent.
    w.at('2026-11-05T15:00:00Z');
    await job.run(new Date('2026-11-05T15:00:00Z'));
    expect(lines[0]).toBe('full scan Thu, Nov 5 15:00: 1 deal was due but not marked due');
    expect(
      w
        .dmsTo('U1')
        .map((d) => d.message.text)
        .join('\n'),
    ).toContain('Sæther &amp; Søn AS');
    expect(w.store.db.select().from(silenceEpisodes).all()).toHaveLength(1);
    // The same day's later scans do not reconcile again, and decide nothing twice.
    const before = w.sent.length;
    await job.run(new Date('2026-11-05T16:00:00Z'));
    expect(lines.filter((l) => l.startsWith('full scan'))).toHaveLength(1);
    expect(w.sent.length).toBe(before);
  });

  it('a promise not yet due is no reason for an accountability email (issue 12)', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep, 'Nordic Fjord AS');
    await w.deal(rep, 'commit Nordic Fjord "board sign-off" by Dec 31');
    await w.runUntil('2026-11-20T05:00:00Z');
    const dms = w.dmsTo('U1').filter((d) => d.message.text.includes('need'));
    const cards = w.dmsTo('U1').filter((d) => !d.message.text.includes('need'));
    expect(dms[2]!.message.text).toContain('Email: a short check-in question');
    expect(dms.map((d) => d.message.text).join('\n')).not.toContain('remind them of their commitment');
    expect(cards.map((c) => c.message.text.split(':')[0])).toEqual([
      'Check-in email for Nordic Fjord AS',
      'Goodbye-for-now message for Nordic Fjord AS',
    ]);
    expect(w.store.db.select().from(commitments).all()).toEqual([expect.objectContaining({ status: 'open' })]);
  });

  it('nudges only after the stage threshold, then each step on its business day, never on weekends or at night', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.runUntil('2026-11-20T05:00:00Z');
    const dms = w.dmsTo('U1').filter((d) => d.message.text.includes('need'));
    const cards = w.dmsTo('U1').filter((d) => !d.message.text.includes('need'));
    const local = dms.map((d) => DateTime.fromJSDate(d.at, { zone: 'America/New_York' }));
    // Negotiation's threshold is 3 business days: Thursday Nov 5 is the first day it counts as silent.
    expect(local[0]!.toISODate()).toBe('2026-11-05');
    for (const t of local) {
      expect(t.weekday).toBeLessThanOrEqual(5);
      expect(t.hour).toBeGreaterThanOrEqual(9);
      expect(t.hour * 60 + t.minute).toBeLessThan(17 * 60 + 30);
    }
    // One DM a business day while steps are due: day 1 Thu, day 2 Fri, day 3 Mon, day 4 Tue (a repeat), day 5 Wed, day 6 Thu (fire), day 7 Fri (fire again).
    expect(local.map((t) => t.toISODate())).toEqual([
      '2026-11-05',
      '2026-11-06',
      '2026-11-09',
      '2026-11-10',
      '2026-11-11',
      '2026-11-12',
      '2026-11-13',
    ]);
    expect(dms[0]!.message.text).toContain('Call and leave a message');
    expect(dms[2]!.message.text).toContain('Email: a short check-in question');
    expect(dms[5]!.message.text).toContain('Send the goodbye-for-now message');
    for (const dm of w.dmsTo('U1')) expect(checkMessage(dm.message)).toEqual([]);
    // The message steps come with a draft card: the check-in on day 3, the goodbye on day 6.
    expect(
      cards.map((c) => [
        DateTime.fromJSDate(c.at, { zone: 'America/New_York' }).toISODate(),
        c.message.text.split(':')[0],
      ]),
    ).toEqual([
      ['2026-11-09', 'Check-in email for Acme'],
      ['2026-11-12', 'Goodbye-for-now message for Acme'],
    ]);
    // Bounded: after the fire step's second offer, nothing more.
    await w.runUntil('2026-12-20T05:00:00Z');
    expect(w.dmsTo('U1')).toHaveLength(9);
    const [episode] = w.store.db.select().from(silenceEpisodes).all();
    expect(episode).toMatchObject({ reason: 'no_reply', startedOn: '2026-11-05', endedAt: null });
  });

  it('a reply ends the episode and resets the cadence; the next silence is a new episode', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.runUntil('2026-11-06T20:00:00Z'); // day 2
    expect(w.dmsTo('U1')).toHaveLength(2);
    w.at('2026-11-06T20:30:00Z');
    await w.deal(rep, 'reply Acme they are waiting on legal');
    expect(w.store.db.select().from(deals).get()!.state).toBe('active');
    await w.runUntil('2026-11-10T22:00:00Z');
    expect(w.dmsTo('U1')).toHaveLength(2); // the prospect replied last: no silence, no nudge
    w.at('2026-11-11T15:00:00Z');
    await w.deal(rep, 'call Acme left message');
    await w.runUntil('2026-11-17T22:00:00Z');
    const episodes = w.store.db.select().from(silenceEpisodes).all();
    expect(episodes).toHaveLength(2);
    expect(episodes[0]).toMatchObject({ outcome: 'replied', outcomeReason: 'they are waiting on legal' });
    expect(episodes[1]).toMatchObject({ endedAt: null, startedOn: '2026-11-11' });
    // The new episode starts from step 1 again (the call that made it silent came before it).
    const afterReset = w.dmsTo('U1').slice(2);
    expect(JSON.stringify(afterReset[0]!.message.blocks)).toContain('Step 1 of 5: *Call and leave a message*');
    const status = await w.deal(rep, 'status Acme');
    expect(JSON.stringify(status.blocks)).toContain('replied (they are waiting on legal)');
  });

  it('counts touches the rep logs on their own, and a "Done" click, as the step done', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.runUntil('2026-11-05T15:00:00Z'); // day 1, 10:00: step 1 offered
    w.at('2026-11-05T16:00:00Z');
    const logged = await w.deal(rep, 'call Acme left message');
    expect(logged.text).toBeDefined();
    expect(JSON.stringify(logged.blocks)).toContain('completes step 1');
    await w.runUntil('2026-11-06T22:00:00Z'); // day 2: step 2 only, no repeat of step 1
    const day2 = w.dmsTo('U1')[1]!;
    expect(day2.message.text).toContain('Call, no message');
    expect(day2.message.text).not.toContain('Call and leave a message');
  });

  it('a broken commitment opens an episode a business day after its date, and marks it broken', async () => {
    const w = world('2026-11-16T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await w.deal(rep, 'new Acme value 50k stage verbal');
    await w.deal(rep, 'reply Acme verbal yes');
    w.at('2026-11-16T16:00:00Z');
    await w.deal(rep, 'commit Acme "send the signed order form" by friday');
    await w.runUntil('2026-11-23T16:00:00Z'); // Monday 11:00 New York
    const [episode] = w.store.db.select().from(silenceEpisodes).all();
    expect(episode).toMatchObject({ reason: 'broken_commitment', startedOn: '2026-11-23' });
    expect(w.store.db.select().from(commitments).get()!.status).toBe('broken');
    expect(w.dmsTo('U1')[0]!.message.text).toContain('Acme');
    expect(JSON.stringify(w.dmsTo('U1')[0]!.message.blocks)).toContain('send the signed order form');
  });

  it('a snooze ends the episode and holds every reminder; new activity cancels it', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.runUntil('2026-11-05T20:00:00Z');
    expect(w.dmsTo('U1')).toHaveLength(1);
    await w.deal(rep, 'snooze Acme 2w Bob is on holiday');
    expect(w.store.db.select().from(silenceEpisodes).get()).toMatchObject({
      outcome: 'snoozed',
      outcomeReason: 'Bob is on holiday',
    });
    await w.runUntil('2026-11-16T22:00:00Z');
    expect(w.dmsTo('U1')).toHaveLength(1);
    w.at('2026-11-17T14:00:00Z');
    await w.deal(rep, 'email Acme back from holiday?');
    expect(w.store.db.select().from(deals).get()!.snoozedUntil).toBeNull();
  });

  it('a fired deal stays quiet for good', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.runUntil('2026-11-12T16:00:00Z'); // day 6: the goodbye is due
    const fireDm = w.dmsTo('U1').at(-1)!;
    expect(fireDm.message.text).toMatch(/goodbye/i);
    const episode = w.store.db.select().from(silenceEpisodes).get()!;
    const reply = await handleNudgeAction(
      w.ctx,
      w.messenger,
      rep,
      'done',
      JSON.stringify({ d: 1, e: episode.id, s: 5 }),
    );
    expect(reply.message!.text).toContain('fired');
    expect(w.store.db.select().from(deals).get()).toMatchObject({
      state: 'fired',
      forecast: 'omitted',
      forecastBeforeFire: 'pipeline',
    });
    const before = w.dmsTo('U1').length;
    await w.runUntil('2027-01-31T00:00:00Z');
    expect(w.dmsTo('U1')).toHaveLength(before);
  });
});

describe('scan across reps and zones', () => {
  it("sends one DM per rep per scan, in each rep's own working hours", async () => {
    const w = world('2026-11-02T15:00:00Z');
    const ny = w.rep('U1', 'America/New_York');
    const tokyo = w.rep('U2', 'Asia/Tokyo');
    await quietNegotiation(w, ny, 'Acme');
    await quietNegotiation(w, ny, 'Initech');
    await quietNegotiation(w, tokyo, 'Globex');
    // 2026-11-05T23:30Z: Thursday 18:30 in New York (after hours), Friday 08:30 in Tokyo (before hours).
    w.at('2026-11-05T23:30:00Z');
    expect((await scan(w.store, w.clock.now())).queued).toBe(0);
    // 2026-11-06T00:30Z: Thursday 19:30 in New York, Friday 09:30 in Tokyo: only U2 is nudged.
    w.at('2026-11-06T00:30:00Z');
    const tokyoMorning = await scan(w.store, w.clock.now());
    expect(tokyoMorning.queued).toBe(1);
    expect(tokyoMorning.decisions.filter((d) => d.action === 'nudge').map((d) => d.ownerId)).toEqual(['U2']);
    // Friday 10:00 in New York: one DM listing both of U1's deals.
    w.at('2026-11-06T15:00:00Z');
    const nyMorning = await scan(w.store, w.clock.now());
    expect(nyMorning.queued).toBe(1);
    await deliverOutbox(w.store, w.messenger, w.clock.now());
    const [dm] = w.dmsTo('U1');
    expect(dm!.message.text).toContain('2 silent deals need you today');
    expect(dm!.message.text).toContain('Acme');
    expect(dm!.message.text).toContain('Initech');
  });

  it("caps a DM at 10 deals and says how many more, within Slack's limits", async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    for (let i = 0; i < 14; i++) await quietNegotiation(w, rep, `Company${String(i).padStart(2, '0')}`);
    w.at('2026-11-05T15:00:00Z');
    await scan(w.store, w.clock.now());
    await deliverOutbox(w.store, w.messenger, w.clock.now());
    const [dm] = w.dmsTo('U1');
    expect(dm!.message.text).toContain('14 silent deals');
    expect(dm!.message.text).toContain('and 4 more');
    expect(checkMessage(dm!.message)).toEqual([]);
  });
});

describe('scan is idempotent', () => {
  it('two scans at the same instant decide once and queue once', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    w.at('2026-11-05T15:00:00Z');
    const first = await scan(w.store, w.clock.now());
    const second = await scan(w.store, w.clock.now());
    expect(first.decisions.map((d) => d.action)).toEqual(['open_episode', 'nudge']);
    expect(first.queued).toBe(1);
    expect(second).toMatchObject({ decisions: [], queued: 0 });
    expect(w.store.db.select().from(outbox).all()).toHaveLength(1);
  });

  it('a crash between the outbox write and the send loses nothing and sends once', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    w.at('2026-11-05T15:00:00Z');
    await scan(w.store, w.clock.now()); // ...and the process dies before delivery
    const failing: Messenger = { ...w.messenger, dm: async () => Promise.reject(new Error('socket hang up')) };
    const crashed = await deliverOutbox(w.store, failing, w.clock.now());
    expect(crashed).toMatchObject({ sent: 0, retrying: 1 });
    w.at('2026-11-05T15:15:00Z');
    await scan(w.store, w.clock.now()); // the next tick's scan adds nothing new
    await deliverOutbox(w.store, w.messenger, w.clock.now());
    await deliverOutbox(w.store, w.messenger, w.clock.now());
    expect(w.dmsTo('U1')).toHaveLength(1);
    expect(w.store.db.select().from(outbox).get()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a dry run decides and writes nothing', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    w.at('2026-11-05T15:00:00Z');
    const dry = await scan(w.store, w.clock.now(), { dryRun: true });
    expect(dry.decisions.map((d) => d.action)).toEqual(['open_episode', 'nudge']);
    expect(w.store.db.select().from(outbox).all()).toHaveLength(0);
    expect(w.store.db.select().from(silenceEpisodes).all()).toHaveLength(0);
    expect(w.store.db.select().from(deals).get()!.state).toBe('active');
    expect((await scan(w.store, w.clock.now())).decisions).toHaveLength(2);
  });

  it('two instances scanning the same database at the same instant queue one DM', async () => {
    const { store, path, url } = tempDatabase('dealcoach-race-', 'race.db');
    const w = new World(store, '2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    for (let i = 0; i < 50; i++) await quietNegotiation(w, rep, `Company${i}`);
    store.close();
    const runScan = () =>
      runBin(['scan', '--at', '2026-11-05T15:00:00Z', '--json'], { cwd: dirname(path), env: { DATABASE_URL: url } });
    const [a, b] = await Promise.all([runScan(), runScan()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const queued = [JSON.parse(a.stdout).queued, JSON.parse(b.stdout).queued].sort();
    expect(queued).toEqual([0, 1]);
    const check = openStore(`file:${path}`);
    stores.push(check);
    expect(check.db.select().from(outbox).all()).toHaveLength(1);
    expect(check.db.select().from(silenceEpisodes).all()).toHaveLength(50);
  });
});

describe('snooze cancellation', () => {
  it('a touch logged from a button cancels the snooze too, not only one typed as /deal', async () => {
    const w = world('2026-11-02T15:00:00Z');
    const rep = w.rep('U1', 'America/New_York');
    await quietNegotiation(w, rep);
    await w.deal(rep, 'snooze Acme 2w');
    expect(w.store.db.select().from(deals).get()!.snoozedUntil).not.toBeNull();
    const { handleFiredAction } = await import('../../src/services/revival.js');
    // Fire the deal, then reopen it on purpose from the warning's button: that logs a touch.
    w.store.db.update(deals).set({ state: 'fired' }).run();
    const pending = w.store.db
      .insert(pendingTouches)
      .values({
        teamId: 'T1',
        dealId: 1,
        actorId: 'U1',
        channel: 'call',
        leftMessage: true,
        note: null,
        createdAt: w.clock.now(),
      })
      .returning()
      .get();
    await handleFiredAction(w.ctx, rep, 'reopen', String(pending.id));
    expect(w.store.db.select().from(deals).get()).toMatchObject({
      state: 'active',
      snoozedUntil: null,
      snoozeReason: null,
    });
  });
});
