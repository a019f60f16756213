// The coach loop over real HTTP: signed block_actions and view_submission payloads against the
// real Bolt app, the Web API pointed at the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activities, deals, drafts, silenceEpisodes } from '../../src/db/schema.js';
import { checkMessage, checkView } from '../support/block-kit-limits.js';
import {
  ackBody,
  eventually,
  seedAnsweredDeal,
  slackFixture,
  startTestApp,
  type PressButton,
  type TestApp,
} from '../support/app-harness.js';
import { dailyJobs } from '../support/scheduler.js';
import { postedWith } from '../support/slack-interactions.js';

const START = '2026-11-02T15:00:00Z';
let t: TestApp;
/** The scheduler's job, once a day at 10:00 New York up to `iso`: scan, then deliver through a real Web API client. */
let tick: (iso: string) => Promise<void>;

beforeEach(async () => {
  t = await startTestApp({ start: START });
  tick = dailyJobs(t, START, { defaultZone: 'UTC' });
  await seedAnsweredDeal(
    t,
    {
      create:
        'new Acme value 50k stage negotiation contact "Bob Lee" email bob@acme.com goal "cutting onboarding time in half"',
      reply: 'reply Acme they liked the demo',
      touch: 'email Acme sent the final quote',
    },
    '2026-11-02T16:00:00Z',
  );
});
afterEach(async () => {
  await t.stop();
});

/** The latest card the fake Slack received, and its buttons by label. */
function latestCard() {
  const { post, byLabel } = postedWith(t.fake, 'draft_approve');
  return { post, buttons: byLabel };
}

async function click(button: PressButton, user = 'U1') {
  const { response } = await t.press({ ...button, text: { type: 'plain_text', text: 'x' } }, { user, channel: 'DU1' });
  return response;
}

type Values = Record<string, string | null>;
const submit = (view: Record<string, any>, values: Values, selects: Record<string, string> = {}) =>
  t.submit(view, values, selects);

const dealRow = () => t.store.db.select().from(deals).get()!;
const outboundCount = () =>
  t.store.db
    .select()
    .from(activities)
    .all()
    .filter((a) => a.direction === 'out').length;

describe('the coach loop over HTTP', () => {
  it('a scan posts a draft card; Approve updates it in place, logs the touch and advances the cadence; a second Approve changes nothing', async () => {
    await tick('2026-11-09T15:00:00Z'); // Monday 10:00 New York: day 3, the check-in email step
    const { post, buttons } = latestCard();
    expect(post.body.channel).toBe('U1');
    expect(checkMessage(post.body)).toEqual([]);
    expect(post.body.text).toContain('Check-in email for Acme');
    const before = outboundCount();

    const first = await click(buttons.get('Approve')!);
    expect(first.status).toBe(200);
    const update = await eventually(() => t.fake.callsTo('chat.update')[0], 'chat.update');
    expect(update.body.text).toContain('Approved');
    expect(JSON.stringify(update.body.blocks)).toContain('mailto:bob@acme.com?subject=');
    expect(checkMessage(update.body)).toEqual([]);
    expect(outboundCount()).toBe(before + 1);
    const episode = t.store.db.select().from(silenceEpisodes).get()!;
    expect((episode.steps as Record<string, { done: boolean }>)['3']!.done).toBe(true);
    expect(t.store.db.select().from(drafts).get()!.status).toBe('approved');

    await click(buttons.get('Approve')!);
    const again = await eventually(
      () => t.fake.responses.find((r) => String(r.text).includes('already approved')),
      'the "already" answer',
    );
    expect(again.response_type).toBe('ephemeral');
    expect(t.fake.callsTo('chat.update')).toHaveLength(1);
    expect(outboundCount()).toBe(before + 1);
  });

  it('Edit opens a modal whose submission replaces the text, and the tone findings are shown, not dropped', async () => {
    await tick('2026-11-09T15:00:00Z');
    const { buttons } = latestCard();
    await click(buttons.get('Edit')!);
    const open = await eventually(() => t.fake.callsTo('views.open')[0], 'views.open');
    expect(open.body.trigger_id).toBe('999.888.777');
    expect(checkView(open.body.view)).toEqual([]);

    const bad = await submit(open.body.view, {
      subject: 'Checking in',
      body: 'As per my last email, I guess you are NOT INTERESTED!!!',
      voicemail: null,
    });
    expect(bad.status).toBe(200);
    const update = await eventually(() => t.fake.callsTo('chat.update')[0], 'card update');
    const blocks = JSON.stringify(update.body.blocks);
    expect(blocks).toContain('As per my last email');
    expect(blocks).toContain('Tone check');
    const draft = t.store.db.select().from(drafts).get()!;
    expect(draft).toMatchObject({ subject: 'Checking in', toneOk: false, status: 'pending' });

    const empty = await ackBody(await submit(open.body.view, { subject: '', body: '' }));
    expect(empty.response_action).toBe('errors');
    expect(Object.keys(empty.errors).sort()).toEqual(['body', 'subject']);
  });

  it('Firmer regenerates the draft in place; the old buttons stop acting', async () => {
    await tick('2026-11-09T15:00:00Z');
    const { buttons } = latestCard();
    await click(buttons.get('Firmer')!);
    const update = await eventually(() => t.fake.callsTo('chat.update')[0], 'card update');
    expect(JSON.stringify(update.body.blocks)).toContain('draft_approve');
    const all = t.store.db.select().from(drafts).all();
    expect(all.map((d) => d.status)).toEqual(['superseded', 'pending']);
    await click(buttons.get('Approve')!); // the stale card's button
    await eventually(() => t.fake.responses.find((r) => String(r.text).includes('no longer current')), 'stale answer');
    expect(
      t.store.db
        .select()
        .from(drafts)
        .all()
        .map((d) => d.status),
    ).toEqual(['superseded', 'pending']);
  });

  it('a fire approval fires the deal for good; a later touch is warned about; a reply revives it and records the reason', async () => {
    await tick('2026-11-12T15:00:00Z'); // day 6: the goodbye
    const { post, buttons } = latestCard();
    expect(post.body.text).toContain('Goodbye-for-now message for Acme');
    await click(buttons.get('Approve')!);
    await eventually(() => t.fake.callsTo('chat.update')[0], 'card update');
    expect(dealRow()).toMatchObject({ state: 'fired', forecast: 'omitted', forecastBeforeFire: 'pipeline' });

    const postsBefore = t.fake.callsTo('chat.postMessage').length;
    for (const day of ['2026-11-13', '2026-11-16', '2026-11-17', '2026-12-01']) await tick(`${day}T15:00:00Z`);
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(postsBefore);

    const warning = await ackBody(await t.slash('call Acme left message'));
    expect(warning.text).toContain('You said goodbye to Acme');
    const keep = warning.blocks
      .find((b: any) => b.type === 'actions')
      .elements.find((e: any) => e.text.text === 'Keep it fired');
    const activitiesBefore = t.store.db.select().from(activities).all().length;
    await click({ ...keep, block_id: 'fired-1' });
    await eventually(() => t.fake.responses.find((r) => String(r.text).includes('Kept fired')), 'keep answer');
    expect(t.store.db.select().from(activities).all()).toHaveLength(activitiesBefore);
    expect(dealRow().state).toBe('fired');

    t.clock.set('2026-12-01T16:00:00Z');
    const reply = await ackBody(
      await t.slash('reply Acme via email sorry, the VPs doubted the ROI', { triggerId: '555.444.333' }),
    );
    expect(reply.text).toContain('Logged their reply');
    const modal = await eventually(
      () => t.fake.callsTo('views.open').find((c) => c.body.view.callback_id === 'revival_modal'),
      'revival modal',
    );
    expect(modal.body.trigger_id).toBe('555.444.333');
    expect(checkView(modal.body.view)).toEqual([]);
    const saved = await submit(
      modal.body.view,
      { said: 'the VPs doubted the ROI', yearly_value: '80k-150k', months: null, yearly_cost: '40k' },
      { reason: 'objection_roi' },
    );
    expect(saved.status).toBe(200);
    const roiCard = await eventually(
      () => t.fake.callsTo('chat.postMessage').find((c) => String(c.body.text).startsWith('ROI email for Acme')),
      'ROI card',
    );
    expect(JSON.stringify(roiCard.body.blocks)).toContain('Conservative: $80,000 a year, $240,000 over three years');
    expect(JSON.stringify(roiCard.body.blocks)).toContain('the two ends of your own range');
    expect(dealRow().state).toBe('active');
    const episode = t.store.db.select().from(silenceEpisodes).get()!;
    expect(episode).toMatchObject({ outcome: 'fired', revivalReason: 'objection_roi' });
    expect(episode.roiInputs).toEqual({
      currency: 'USD',
      conservative: 80_000,
      moderate: 115_000,
      aggressive: 150_000,
      yearlyCost: 40_000,
      basis: 'range',
    });
    expect(episode.revivedAt).not.toBeNull();

    // Every regeneration keeps the rep's figures (stored on the episode).
    let buttonsOf = (label: string) => latestCard().buttons.get(label)!;
    for (const tone of ['Shorter', 'Firmer', 'Warmer']) {
      const updatesBefore = t.fake.callsTo('chat.update').length;
      await click(buttonsOf(tone));
      const card = await eventually(() => t.fake.callsTo('chat.update')[updatesBefore], `${tone} ROI card`);
      // The regenerated card carries new buttons: the next tone is pressed on it.
      const elements = card.body.blocks
        .filter((b: any) => b.type === 'actions')
        .flatMap((b: any) => b.elements.map((e: any) => ({ ...e, block_id: b.block_id })));
      buttonsOf = (label: string) => elements.find((e: any) => e.text.text === label);
      expect(JSON.stringify(card.body.blocks), tone).toContain(
        'Aggressive: $150,000 a year, $450,000 over three years',
      );
      expect(JSON.stringify(card.body.blocks), tone).toContain('$120,000 over three years');
    }
  });

  it('side-tracked prospects go to nurture with a follow-up date, and are reminded then', async () => {
    await tick('2026-11-05T15:00:00Z');
    await t.slash('reply Acme call me in a few months', { triggerId: '1.2.3' });
    const modal = await eventually(
      () => t.fake.callsTo('views.open').find((c) => c.body.view.callback_id === 'revival_modal'),
      'revival modal',
    );
    const invalid = await ackBody(await submit(modal.body.view, { months: 'soon' }, { reason: 'side_tracked' }));
    expect(invalid).toMatchObject({
      response_action: 'errors',
      errors: { months: expect.stringContaining('1 to 24') },
    });
    await submit(modal.body.view, { months: '3' }, { reason: 'side_tracked' });
    expect(dealRow()).toMatchObject({ state: 'nurture', followUpOn: '2027-02-05' });
    // The confirmation is posted after the ack: counted once it is there (the scans let the loop run).
    await eventually(
      () => t.fake.callsTo('chat.postMessage').find((c) => String(c.body.text).includes('In nurture until')),
      'nurture confirmation',
    );
    const posts = t.fake.callsTo('chat.postMessage').length;
    await tick('2026-12-15T15:00:00Z');
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(posts);
    await tick('2027-02-05T15:00:00Z');
    const reminder = t.fake.callsTo('chat.postMessage').at(-1)!;
    expect(reminder.body.text).toContain('Call them back');
  });

  it("another rep cannot act on someone else's card", async () => {
    await tick('2026-11-09T15:00:00Z');
    const { buttons } = latestCard();
    t.fake.users.set('U2', { tz: 'UTC' });
    await click(buttons.get('Approve')!, 'U2');
    await eventually(() => t.fake.responses.find((r) => String(r.text).includes('not one of yours')), 'refusal');
    expect(t.store.db.select().from(drafts).get()!.status).toBe('pending');
  });

  it('publishes App Home on app_home_opened', async () => {
    await tick('2026-11-09T15:00:00Z');
    const publishedBefore = t.fake.callsTo('views.publish').length; // /deal commands refresh Home too
    const homeOpened = slackFixture('app_home_opened_event.json').event_tab_home;
    const response = await t.event({ ...homeOpened, user: 'U1', channel: 'DU1' });
    expect(response.status).toBe(200);
    const publish = await eventually(() => t.fake.callsTo('views.publish')[publishedBefore], 'views.publish');
    expect(publish.body.user_id).toBe('U1');
    const home = JSON.stringify(publish.body.view);
    expect(home).toContain('*Silent* (1)');
    expect(home).toContain('step 3 of 5: Email: a short check-in question');
    expect(home).toContain('*Drafts waiting for you* (1)');
    expect(home).toContain('This month');
    expect(checkView(publish.body.view)).toEqual([]);
  });

  it('the mail-app link button is acknowledged once, by one listener', async () => {
    await tick('2026-11-09T15:00:00Z');
    await click(latestCard().buttons.get('Approve')!);
    const update = await eventually(() => t.fake.callsTo('chat.update')[0], 'chat.update');
    const mailButton = update.body.blocks
      .filter((b: any) => b.type === 'actions')
      .flatMap((b: any) => b.elements.map((e: any) => ({ ...e, block_id: b.block_id })))
      .find((e: any) => e.action_id === 'draft_mailto');
    expect(mailButton.url).toContain('mailto:');
    const logged: string[] = [];
    const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map((level) => {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      };
      return () => {
        console[level] = original;
      };
    });
    try {
      const response = await click({ ...mailButton, value: mailButton.value ?? '' });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      spies.forEach((restore) => restore());
    }
    expect(logged.filter((line) => /ack_multiple|called multiple times|unhandled error/i.test(line))).toEqual([]);
    expect(t.fake.responses.filter((r) => String(r.text).includes('not known'))).toEqual([]);
  });

  it('a deal closed won by a CSV import retires its cards: Approve on the old card logs nothing', async () => {
    await tick('2026-11-09T15:00:00Z');
    const { buttons } = latestCard();
    const before = outboundCount();
    const { importCsv } = await import('../../src/services/csv-import.js');
    const { Readable } = await import('node:stream');
    const csv = 'Company,Owner,Stage\nAcme,U1,Closed Won\n';
    const report = await importCsv(t.store, Readable.from([csv]), { teamId: 'T1', now: t.clock.now() });
    expect(report).toMatchObject({ updated: 1, committed: true });
    expect(dealRow().state).toBe('won');
    expect(
      t.store.db
        .select()
        .from(drafts)
        .all()
        .map((d) => d.status),
    ).toEqual(['superseded']);
    expect(t.store.db.select().from(silenceEpisodes).get()!.outcome).toBe('won');

    await click(buttons.get('Approve')!);
    await eventually(
      () => t.fake.responses.find((r) => /no longer current|replaced/.test(String(r.text))),
      'the stale-card answer',
    );
    expect(outboundCount()).toBe(before);
    expect(dealRow().state).toBe('won');
  });

  it('a won deal cannot be fired by approving a goodbye card, nor drafted a goodbye', async () => {
    await tick('2026-11-12T16:00:00Z'); // day 6: the goodbye card
    const card = latestCard();
    expect(card.post.body.text).toMatch(/goodbye/i);
    // Won meanwhile, behind the card's back (as another instance or an old build would).
    t.store.db.update(deals).set({ state: 'won', closedAt: t.clock.now() }).run();
    await click(card.buttons.get('Approve')!);
    const refusal = await eventually(
      () => t.fake.responses.find((r) => String(r.text).includes('is won')),
      'the refusal',
    );
    expect(refusal.response_type).toBe('ephemeral');
    expect(dealRow()).toMatchObject({ state: 'won', forecast: expect.not.stringMatching(/^omitted$/) });
    expect(
      t.store.db
        .select()
        .from(drafts)
        .all()
        .find((d) => d.kind === 'fire')!.status,
    ).toBe('pending');

    await t.slash('draft Acme fire');
    const answer = await eventually(
      () => t.fake.responses.find((r) => String(r.text).includes('no goodbye-for-now email is needed')),
      'draft refusal',
    );
    expect(answer.response_type).toBe('ephemeral');
  });
});
