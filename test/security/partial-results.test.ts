// Partial success is not reported as failure: when a button's change is saved but Slack refuses to
// rewrite the card (chat.update fails), the rep is told what was done and gets the card's text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activities, deals, drafts } from '../../src/db/schema.js';
import { eventually, seedAnsweredDeal, startTestApp, type PressButton, type TestApp } from '../support/app-harness.js';
import { dailyJobs } from '../support/scheduler.js';
import { postedWith } from '../support/slack-interactions.js';

const START = '2026-11-02T15:00:00Z';
let t: TestApp;
let presses = 0;

beforeEach(async () => {
  t = await startTestApp({ start: START });
  const tick = dailyJobs(t, START, { defaultZone: 'UTC' });
  await seedAnsweredDeal(
    t,
    {
      create:
        'new "Øresund Logistik ApS" value 64.000 EUR stage negotiation contact "Søren Kierkegaard" email soren@oresund.dk',
      reply: 'reply Øresund Logistik ApS they want the Q1 rollout plan',
      touch: 'email Øresund Logistik ApS sent the rollout plan and the quote',
    },
    '2026-11-02T16:00:00Z',
  );
  await tick('2026-11-09T15:00:00Z'); // the check-in email step: a draft card in Rita's DM
});
afterEach(() => t.stop());

/** Presses a card button with chat.update failing, and returns the ephemeral answer. */
async function pressWithCardUpdateFailing(label: string) {
  const { byLabel } = postedWith(t.fake, 'draft_approve');
  const button = byLabel.get(label)! as PressButton;
  t.fake.fail('chat.update', { body: { ok: false, error: 'message_not_found' } });
  const before = t.fake.responses.length;
  const { response } = await t.press(
    { ...button, text: { type: 'plain_text', text: label } },
    { user: 'U1', triggerId: `${++presses}.1.t` },
  );
  expect(response.status).toBe(200);
  const answer = await eventually(
    () => t.fake.responses.slice(before).find((r) => r.text !== undefined),
    `the answer to ${label}`,
  );
  expect(t.fake.callsTo('chat.update')).toHaveLength(1);
  return answer;
}

const outboundEmails = () =>
  t.store.db
    .select()
    .from(activities)
    .all()
    .filter((a) => a.direction === 'out' && a.channel === 'email');

describe('a card button whose change is saved but whose card update fails', () => {
  it('Approve: "The touch is logged; Slack did not update the card: here is the text", with the email text', async () => {
    const before = outboundEmails().length;
    const draft = t.store.db.select().from(drafts).get()!;
    const answer = await pressWithCardUpdateFailing('Approve');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    expect(answer.text).toMatch(
      /^The touch is logged; Slack did not update the card \(message_not_found\): here is the text\./,
    );
    expect(answer.text).not.toContain('nothing was changed');
    expect(JSON.stringify(answer.blocks)).toContain(draft.subject.slice(0, 20));
    expect(answer.blocks.some((b: { type: string }) => b.type === 'actions')).toBe(false);
    expect(outboundEmails()).toHaveLength(before + 1);
    expect(t.store.db.select().from(drafts).get()!.status).toBe('approved');
  });

  it('Snooze: says the deal is snoozed, and it is', async () => {
    const answer = await pressWithCardUpdateFailing('Snooze 1 week');
    expect(answer.text).toMatch(/^The deal is snoozed for a week; Slack did not update the card/);
    expect(t.store.db.select().from(deals).get()!.snoozedUntil).not.toBeNull();
  });

  it('Firmer: says the new draft is saved, and gives its text', async () => {
    const answer = await pressWithCardUpdateFailing('Firmer');
    expect(answer.text).toMatch(/^The new draft is saved; Slack did not update the card/);
    const pending = t.store.db
      .select()
      .from(drafts)
      .all()
      .filter((d) => d.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(answer.blocks)).toContain(pending[0]!.subject.slice(0, 20));
  });

  it('Discard (a form): the draft is discarded and the rep gets a DM saying the card was not updated', async () => {
    const { byLabel } = postedWith(t.fake, 'draft_approve');
    await t.press(
      { ...(byLabel.get('Discard')! as PressButton), text: { type: 'plain_text', text: 'Discard' } },
      { user: 'U1' },
    );
    const open = await eventually(() => t.fake.callsTo('views.open')[0], 'the discard form');
    t.fake.fail('chat.update', { status: 500, body: { ok: false } });
    const dmsBefore = t.fake.callsTo('chat.postMessage').length;
    const response = await t.submit(open.body.view, { reason: 'Søren moved to a competitor — not a fit this year' });
    expect(response.status).toBe(200);
    const dm = await eventually(() => t.fake.callsTo('chat.postMessage')[dmsBefore], 'the DM');
    expect(dm.body.text).toMatch(/^The draft is discarded; Slack did not update the card/);
    expect(t.store.db.select().from(drafts).get()!).toMatchObject({
      status: 'discarded',
      discardReason: 'Søren moved to a competitor — not a fit this year',
    });
  });
});

describe('a command whose change is saved but whose follow-up form does not open', () => {
  it('/deal reply on a silent deal: the reply is logged, and the rep is told the revival form did not open', async () => {
    expect(t.store.db.select().from(deals).get()!.state).toBe('silent');
    const inboundBefore = t.store.db
      .select()
      .from(activities)
      .all()
      .filter((a) => a.direction === 'in').length;
    t.fake.fail('views.open', { body: { ok: false, error: 'expired_trigger_id' } });
    const before = t.fake.responses.length;
    const response = await t.slash('reply Øresund Logistik ApS Søren says the board meets on Thursday', {
      triggerId: '77.1.reply',
    });
    expect(response.status).toBe(200);
    const said = await eventually(
      () => t.fake.responses.slice(before).find((r) => /follow-up form/.test(r.text ?? '')),
      'the note that the form did not open',
    );
    expect(said.text).toContain('Saved as shown above. Slack did not open the follow-up form (');
    expect(said.text).toContain('expired_trigger_id');
    expect(said.text).not.toContain('nothing was changed');
    expect(t.fake.callsTo('views.open')).toHaveLength(1);
    expect(t.store.db.select().from(deals).get()!.state).toBe('active');
    const inbound = t.store.db
      .select()
      .from(activities)
      .all()
      .filter((a) => a.direction === 'in');
    expect(inbound).toHaveLength(inboundBefore + 1);
  });
});
