// A draft card Slack did not rewrite (429, 5xx) after the rep's change was saved: the rep is told, the card's
// new content waits in the outbox (card:<channel>:<ts>:v<n>) and goes out after Retry-After or the backoff,
// survives a restart, and only the newest content of a card is ever sent: the Approve button never stays.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { drafts, outbox } from '../../src/db/schema.js';
import { deliverAll } from '../../src/jobs/scheduler.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { eventually, seedAnsweredDeal, startTestApp, type PressButton, type TestApp } from '../support/app-harness.js';
import { dailyJobs, slackClient } from '../support/scheduler.js';
import { buttonsIn, postedWith } from '../support/slack-interactions.js';
import { testTempDir } from '../support/temp-db.js';

const START = '2026-11-02T15:00:00Z';
/** The card arrives with the check-in step on this day, 10:00 in New York. */
const CARD_DAY = '2026-11-09T15:00:00Z';
let t: TestApp;
let presses = 0;
afterEach(() => t?.stop());

/** Rita's deal with Hanseatic, answered and then silent: a week later the check-in card is in her DM. */
async function withCard(options: { databaseUrl?: string } = {}) {
  t = await startTestApp({ start: START, ...(options.databaseUrl ? { store: openStore(options.databaseUrl) } : {}) });
  await seedAnsweredDeal(
    t,
    {
      create:
        'new "Hanseatic Kühllogistik GmbH" value 84.000 EUR stage negotiation contact "Hanna Petersen" ' +
        'email hanna@hanseatic-kuehl.de',
      reply: 'reply Hanseatic they want the pilot for the Bremen depot',
      touch: 'email Hanseatic sent the pilot plan and the quote',
    },
    '2026-11-02T16:00:00Z',
  );
  await dailyJobs(t, START, { defaultZone: 'UTC' })(CARD_DAY);
  return postedWith(t.fake, 'draft_approve');
}

/** Presses a card button (as on the card Rita sees) and returns the ephemeral answer. */
async function press(label: string, card = postedWith(t.fake, 'draft_approve')) {
  const button = card.byLabel.get(label)! as PressButton;
  const before = t.fake.responses.length;
  const { response } = await t.press(
    { ...button, text: { type: 'plain_text', text: label } },
    { user: 'U1', post: card.post, triggerId: `${++presses}.1.card` },
  );
  expect(response.status).toBe(200);
  return eventually(() => t.fake.responses.slice(before).find((r) => r.text !== undefined), `the answer to ${label}`);
}

const rateLimited = (seconds: number) => ({
  status: 429,
  body: { ok: false, error: 'ratelimited' },
  headers: { 'Retry-After': String(seconds) },
});
const cardRows = () =>
  t.store.db
    .select()
    .from(outbox)
    .all()
    .filter((r) => r.kind === 'card_update');
const deliverAt = (iso: string) => {
  t.clock.set(iso);
  return deliverAll({ app: t.ctx, messenger: webMessenger(slackClient(t.fake.apiUrl)) }, new Date(iso));
};
const updates = () => t.fake.callsTo('chat.update');
const actionIds = (blocks: unknown[]) => buttonsIn(blocks as Array<Record<string, any>>).map((b) => b.action_id);

describe('a card update Slack refuses for now', () => {
  it('429 on Approve: the rep is told, the stale card still says "already approved", the card follows after Retry-After', async () => {
    const card = await withCard();
    t.clock.set('2026-11-09T15:05:00Z');
    t.fake.fail('chat.update', rateLimited(30));
    const answer = await press('Approve', card);
    expect(answer.text).toMatch(
      /^The touch is logged; Slack did not update the card \(rate limited \(Retry-After 30s\)\): here is the text\. dealcoach updates the card itself once Slack takes it again\./,
    );
    expect(t.store.db.select().from(drafts).get()!.status).toBe('approved');
    const [row] = cardRows();
    expect(row!.key).toBe(`card:${row!.slackChannel}:${row!.slackTs}:v1`);
    expect(row).toMatchObject({
      slackChannel: 'D1',
      status: 'pending',
      recipient: row!.slackChannel,
      nextAttemptAt: new Date('2026-11-09T15:05:30Z'),
    });

    // The card still shows Approve: pressing it again changes nothing and says why.
    const again = await press('Approve', card);
    expect(again.text).toContain('This draft was already approved: nothing changed.');
    expect(cardRows()).toHaveLength(1);
    expect(updates()).toHaveLength(1);

    // Before Retry-After: nothing is sent. After it: the approved card, without its buttons.
    await deliverAt('2026-11-09T15:05:20Z');
    expect(updates()).toHaveLength(1);
    const delivered = await deliverAt('2026-11-09T15:05:31Z');
    expect(delivered).toMatchObject({ sent: 1, failed: 0 });
    const update = updates()[1]!;
    expect(update.body).toMatchObject({ channel: row!.slackChannel, ts: row!.slackTs });
    expect(actionIds(update.body.blocks)).not.toContain('draft_approve');
    expect(JSON.stringify(update.body.blocks)).toContain('Logged as sent');
    expect(cardRows()[0]).toMatchObject({ status: 'sent', lastError: null });
    await deliverAt('2026-11-09T15:20:00Z');
    expect(updates()).toHaveLength(2);
  });

  it('5xx: retried with backoff until Slack takes it; a restart in between loses nothing', async () => {
    const databaseUrl = `file:${join(testTempDir('dealcoach-card-'), 'dealcoach.db')}`;
    const card = await withCard({ databaseUrl });
    t.clock.set('2026-11-09T15:05:00Z');
    t.fake.fail('chat.update', { status: 500, body: { ok: false } });
    const answer = await press('Snooze 1 week', card);
    expect(answer.text).toMatch(/^The deal is snoozed for a week; Slack did not update the card \(HTTP 500\)/);
    expect(cardRows()).toMatchObject([{ status: 'pending', nextAttemptAt: new Date('2026-11-09T15:05:30Z') }]);

    // The bot restarts: the queued update is in the database, and the new process sends it.
    await t.stop();
    t = await startTestApp({ start: '2026-11-09T15:06:00Z', store: openStore(databaseUrl) });
    t.fake.fail('chat.update', { status: 503, body: { ok: false } });
    expect(await deliverAt('2026-11-09T15:05:31Z')).toMatchObject({ retrying: 1 });
    // Backoff: 60 s after the second try.
    expect(await deliverAt('2026-11-09T15:06:00Z')).toMatchObject({ sent: 0, retrying: 0 });
    expect(await deliverAt('2026-11-09T15:06:32Z')).toMatchObject({ sent: 1 });
    const [first, second] = updates();
    expect(first!.body.ts).toBe(second!.body.ts);
    expect(JSON.stringify(second!.body.blocks)).toContain('Snoozed for a week');
    expect(actionIds(second!.body.blocks)).toEqual([]);
    expect(cardRows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a newer update supersedes an older one: only the newest content is sent, once', async () => {
    const card = await withCard();
    t.clock.set('2026-11-09T15:05:00Z');
    // The rep edits the draft; Slack refuses the card's rewrite.
    const { response } = await t.press(
      { ...(card.byLabel.get('Edit')! as PressButton), text: { type: 'plain_text', text: 'Edit' } },
      { user: 'U1', post: card.post, triggerId: 'edit.1.card' },
    );
    expect(response.status).toBe(200);
    const form = await eventually(() => t.fake.callsTo('views.open')[0], 'the edit form');
    t.fake.fail('chat.update', rateLimited(120));
    const subject = 'Bremen depot pilot: where do we stand?';
    await t.submit(form.body.view, {
      subject,
      body: 'Hi Hanna,\n\nyou wanted the pilot for the Bremen depot. Is that still the plan?\n\nBest, Rita',
    });
    await eventually(() => cardRows().length === 1, 'the queued edit');
    // Then approves from the stale card (the same draft, still pending): Slack refuses again.
    t.clock.set('2026-11-09T15:06:00Z');
    t.fake.fail('chat.update', rateLimited(60));
    const answer = await press('Approve', card);
    expect(answer.text).toMatch(/^The touch is logged; Slack did not update the card \(rate limited/);
    const [edit, approve] = cardRows();
    expect(edit).toMatchObject({ status: 'sent', lastError: 'superseded by version 2 of the card' });
    expect(approve).toMatchObject({ key: edit!.key.replace(/v1$/, 'v2'), status: 'pending' });

    expect(await deliverAt('2026-11-09T15:07:01Z')).toMatchObject({ sent: 1 });
    await deliverAt('2026-11-09T15:30:00Z');
    const sent = updates().slice(2);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.body.blocks)).toContain(subject);
    expect(actionIds(sent[0]!.body.blocks)).not.toContain('draft_approve');
  });

  it('a later update that goes through at once settles the queued one, which is never sent', async () => {
    const card = await withCard();
    t.clock.set('2026-11-09T15:05:00Z');
    const { response } = await t.press(
      { ...(card.byLabel.get('Edit')! as PressButton), text: { type: 'plain_text', text: 'Edit' } },
      { user: 'U1', post: card.post, triggerId: 'edit.2.card' },
    );
    expect(response.status).toBe(200);
    const form = await eventually(() => t.fake.callsTo('views.open')[0], 'the edit form');
    t.fake.fail('chat.update', { status: 502, body: { ok: false } });
    await t.submit(form.body.view, {
      subject: 'The Bremen pilot',
      body: 'Hi Hanna,\n\nis the Bremen pilot still on for January?\n\nBest, Rita',
    });
    await eventually(() => cardRows().length === 1, 'the queued edit');
    // Approve: this time Slack takes the card at once (no answer but the card itself).
    const approve = card.byLabel.get('Approve')! as PressButton;
    await t.press(
      { ...approve, text: { type: 'plain_text', text: 'Approve' } },
      { user: 'U1', post: card.post, triggerId: 'approve.2.card' },
    );
    await eventually(() => updates().length === 2 && cardRows()[0]!.status === 'sent', 'the approved card');
    expect(actionIds(updates()[1]!.body.blocks)).not.toContain('draft_approve');
    expect(cardRows()).toMatchObject([{ status: 'sent', lastError: 'superseded: a later update went through' }]);
    await deliverAt('2026-11-09T16:00:00Z');
    expect(updates()).toHaveLength(2);
  });
});
