// The "due today" DM buttons over real HTTP: signed block_actions payloads against the real Bolt
// app, the deal seeded through /deal itself, and the DM produced by the real scan and delivery.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activities, deals, silenceEpisodes } from '../../src/db/schema.js';
import type { EpisodeSteps } from '../../src/domain/silence.js';
import { eventually, seedAnsweredDeal, startTestApp, type TestApp } from '../support/app-harness.js';
import { scanAndDeliver as scanAndDeliverAt } from '../support/scheduler.js';
import { postedWith, type PostedButton } from '../support/slack-interactions.js';

// Monday 2026-11-02, 10:00 in New York (EST): the deal is created, they reply, an hour later the
// rep sends the quote. Negotiation goes silent after 3 business days: Thursday the 5th is day 1.
const MONDAY = '2026-11-02T15:00:00Z';
const THURSDAY_10_NY = new Date('2026-11-05T15:00:00Z');

let t: TestApp;
let clicks = 0;

beforeEach(async () => {
  t = await startTestApp({ start: MONDAY });
  t.fake.users.set('U2', { tz: 'America/Chicago', real_name: 'Otto Other' });
  const lines = { create: 'new Acme value 50k stage negotiation', reply: 'reply Acme', touch: 'email Acme' };
  await seedAnsweredDeal(t, lines, '2026-11-02T16:00:00Z');
  clicks = 0;
});
afterEach(async () => {
  await t.stop();
});

const scanAndDeliver = (at: Date) => scanAndDeliverAt(t, at);

/** The nudge DM the fake Slack received, and its buttons by action id. */
async function nudgeDm() {
  const { result, delivery } = await scanAndDeliver(THURSDAY_10_NY);
  expect(result.queued).toBe(1);
  expect(delivery.sent).toBe(1);
  const { post, buttons } = postedWith(t.fake, 'nudge_done');
  return { post, buttons };
}

/** Presses `button` on `post` (a signed block_actions) and reads the ephemeral answer to its response_url. */
async function pressAndRead(button: PostedButton, post: { body: Record<string, any> }, user = 'U1') {
  const before = t.fake.responses.length;
  const { response, responseUrl } = await t.press(button, { post, user, triggerId: `${1000 + ++clicks}.222.trigger` });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('');
  // The answer is posted after the change is committed: the state read next is final.
  const answer = () => t.fake.responses.slice(before).find((r) => r.text !== undefined);
  return eventually(answer, `the answer to ${responseUrl}`);
}

const dealRow = () => t.store.db.select().from(deals).get()!;
const episodeRow = () => t.store.db.select().from(silenceEpisodes).get()!;
const outboundCalls = () =>
  t.store.db
    .select()
    .from(activities)
    .all()
    .filter((a) => a.direction === 'out' && a.channel === 'call');
const snapshot = () => ({
  deal: dealRow(),
  episodes: t.store.db.select().from(silenceEpisodes).all(),
  activities: t.store.db.select().from(activities).all(),
});

describe('the nudge DM buttons over HTTP', () => {
  it('the scan DMs the rep at 10:00 on day 1 with Done, Script, They replied and Snooze buttons carrying deal, episode and step', async () => {
    const { post, buttons } = await nudgeDm();
    expect(post.body.channel).toBe('U1');
    expect(post.body.text).toContain('Acme');
    const deal = dealRow();
    const episode = episodeRow();
    expect(deal.state).toBe('silent');
    expect(episode).toMatchObject({ dealId: deal.id, reason: 'no_reply', startedOn: '2026-11-05', endedAt: null });
    expect([...buttons.keys()]).toEqual(['nudge_done', 'nudge_script', 'nudge_replied', 'nudge_snooze']);
    for (const button of buttons.values())
      expect(JSON.parse(button.value)).toEqual({ d: deal.id, e: episode.id, s: 1 });
    expect(buttons.get('nudge_snooze')!.text.text).toBe('Snooze 1 week');
    expect(buttons.get('nudge_replied')!.text.text).toBe('They replied');
  });

  it('Done acks, confirms ephemerally, logs the outbound call and marks the step done; pressed again it changes nothing', async () => {
    const { post, buttons } = await nudgeDm();
    const done = buttons.get('nudge_done')!;
    const callsBefore = outboundCalls().length;

    const answer = await pressAndRead(done, post);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    expect(answer.text).toContain('Step 1 done');
    expect(answer.text).toContain('Acme');

    const calls = outboundCalls();
    expect(calls).toHaveLength(callsBefore + 1);
    expect(calls.at(-1)).toMatchObject({
      actorId: 'U1',
      direction: 'out',
      channel: 'call',
      leftMessage: true,
      note: 'cadence step 1',
      at: THURSDAY_10_NY,
    });
    const episode = episodeRow();
    expect((episode.steps as EpisodeSteps)['1']).toMatchObject({ done: true, offers: 1 });
    expect(episode.stepsDone).toBe(1);
    expect(episode.endedAt).toBeNull();
    expect(dealRow().lastOutboundAt).toEqual(THURSDAY_10_NY);
    // The rep's App Home was refreshed after the change.
    await eventually(() => t.fake.callsTo('views.publish').find((c) => c.body.user_id === 'U1'), 'App Home refresh');

    const before = snapshot();
    const again = await pressAndRead(done, post);
    expect(again.response_type).toBe('ephemeral');
    expect(again.text).toContain('already done');
    expect(again.text).toContain('nothing was logged twice');
    expect(snapshot()).toEqual(before);
  });

  it('Script answers ephemerally with what to say if they answer and the voicemail to leave, and logs nothing', async () => {
    const { post, buttons } = await nudgeDm();
    const before = snapshot();
    const answer = await pressAndRead(buttons.get('nudge_script')!, post);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    const blocksText = JSON.stringify(answer.blocks);
    expect(blocksText).toContain('Call script: Acme');
    expect(blocksText).toContain('If they answer');
    // Step 1 is "call; leave a message if not reached": the script carries the voicemail, who is calling first.
    expect(blocksText).toContain('If not, leave this voicemail');
    expect(answer.text).toMatch(/Voicemail: Hi, this is Rita Rep|Voicemail: Hello, this is Rita Rep/);
    expect(snapshot()).toEqual(before);
  });

  it("refuses another user's press and changes nothing", async () => {
    const { post, buttons } = await nudgeDm();
    const before = snapshot();
    for (const id of ['nudge_done', 'nudge_replied', 'nudge_snooze']) {
      const answer = await pressAndRead(buttons.get(id)!, post, 'U2');
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('not one of yours');
    }
    expect(snapshot()).toEqual(before);
    expect(dealRow()).toMatchObject({ state: 'silent', snoozedUntil: null });
  });

  it('"They replied" ends the episode as replied and puts the deal back to active', async () => {
    const { post, buttons } = await nudgeDm();
    const answer = await pressAndRead(buttons.get('nudge_replied')!, post);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('Logged their reply');
    const episode = episodeRow();
    expect(episode).toMatchObject({ outcome: 'replied', endedAt: THURSDAY_10_NY, revivedAt: THURSDAY_10_NY });
    expect(dealRow()).toMatchObject({ state: 'active', lastInboundAt: THURSDAY_10_NY });
    const inbound = t.store.db
      .select()
      .from(activities)
      .all()
      .filter((a) => a.direction === 'in');
    expect(inbound.at(-1)).toMatchObject({ actorId: 'U1', at: THURSDAY_10_NY });
    // A revived deal asks what they said, in a modal opened with the press's trigger.
    const open = await eventually(() => t.fake.callsTo('views.open')[0], 'the revival modal');
    expect(open.body.trigger_id).toBe('1001.222.trigger');
    expect(JSON.stringify(open.body.view)).toContain('What did they say?');
  });

  it('"Snooze 1 week" ends the episode as snoozed and sets snoozedUntil a week out', async () => {
    const { post, buttons } = await nudgeDm();
    const answer = await pressAndRead(buttons.get('nudge_snooze')!, post);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('Snoozed for a week');
    const weekLater = new Date(THURSDAY_10_NY.getTime() + 7 * 86_400_000);
    expect(episodeRow()).toMatchObject({ outcome: 'snoozed', endedAt: THURSDAY_10_NY });
    expect(dealRow()).toMatchObject({ state: 'active', snoozedUntil: weekLater });
    expect(JSON.stringify(answer.blocks)).toContain('Thu, Nov 12');

    // Snoozed: the next day's scan says nothing about Acme.
    const posted = t.fake.callsTo('chat.postMessage').length;
    const { result } = await scanAndDeliver(new Date('2026-11-06T15:00:00Z'));
    expect(result.queued).toBe(0);
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(posted);
  });

  it('a button whose episode has ended says the reminder is out of date and changes nothing', async () => {
    const { post, buttons } = await nudgeDm();
    await pressAndRead(buttons.get('nudge_replied')!, post);
    const before = snapshot();
    const answer = await pressAndRead(buttons.get('nudge_done')!, post);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('out of date');
    expect(snapshot()).toEqual(before);
  });

  it('a stale Snooze after the silence ended says so and does not snooze the deal', async () => {
    const { post, buttons } = await nudgeDm();
    // The rep logs the reply with the command; the DM's buttons are now out of date.
    t.clock.set(new Date(THURSDAY_10_NY.getTime() + 3_600_000));
    await t.slash('reply Acme they want a call next week');
    expect(dealRow().state).toBe('active');
    const before = snapshot();
    const answer = await pressAndRead(buttons.get('nudge_snooze')!, post);
    expect(answer.text).toContain('out of date');
    expect(snapshot()).toEqual(before);
    expect(dealRow().snoozedUntil).toBeNull();
  });

  it('a stale "They replied" after a snooze ended the silence says so and logs nothing', async () => {
    const { post, buttons } = await nudgeDm();
    await pressAndRead(buttons.get('nudge_snooze')!, post);
    const before = snapshot();
    const answer = await pressAndRead(buttons.get('nudge_replied')!, post);
    expect(answer.text).toContain('out of date');
    expect(snapshot()).toEqual(before);
  });
});
