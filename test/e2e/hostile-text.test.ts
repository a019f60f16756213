// Hostile names and notes through the real app over signed HTTP, typed as Slack sends them (&, < and >
// as entities): every message the fake Slack receives (blocks, text, response_url bodies, views) is
// scanned for user text that could notify a channel, mention someone, make a link or forge a line.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitments, deals, salesTeams } from '../../src/db/schema.js';
import { buildDigest, digestSender, queueDigest } from '../../src/jobs/digest.js';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { ackBody, eventually, startTestApp, type TestApp } from '../support/app-harness.js';

/** What Slack does to typed text before it reaches the app. */
const typedInSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const PEOPLE = new Set(['U1', 'UBOSS']);
/** Tokens the app itself writes; anything else after a `<` came from someone's text. */
const OWN_TOKEN = /^<(?:@([UW][A-Z0-9]+)|#C[A-Z0-9]+(?:\|[^>]*)?|mailto:[^>]+)>/;

/** Every mrkdwn string (and each top-level fallback text, which Slack reads as mrkdwn) in a payload. */
function mrkdwnTexts(node: unknown, out: string[] = [], topLevel = true): string[] {
  if (Array.isArray(node)) node.forEach((n) => mrkdwnTexts(n, out, false));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (typeof obj.text === 'string' && (obj.type === 'mrkdwn' || (topLevel && obj.type === undefined)))
      out.push(obj.text);
    for (const [key, value] of Object.entries(obj))
      if (value && typeof value === 'object') mrkdwnTexts(value, out, key === 'message');
  }
  return out;
}

function unsafe(text: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const rest = text.slice(i);
    if (text[i] === '&' && !/^&(?:amp|lt|gt);/.test(rest)) problems.push(`raw & at …${rest.slice(0, 30)}`);
    if (text[i] === '>' && !text.slice(0, i).match(/<[^<>]*$/) && !/(^|\n)$/.test(text.slice(0, i)))
      problems.push(`raw > at …${text.slice(Math.max(0, i - 30), i + 1)}`);
    if (text[i] === '<') {
      const own = rest.match(OWN_TOKEN);
      if (!own || (own[1] && !PEOPLE.has(own[1]))) problems.push(`raw < at ${rest.slice(0, 40)}`);
    }
  }
  if (/&amp;amp;|&amp;lt;|&amp;gt;/.test(text)) problems.push(`escaped twice: ${text.slice(0, 80)}`);
  if (/\n• \*forged\*/.test(text)) problems.push('a newline from a one-line field forged a line');
  return problems;
}

function everythingSent(t: TestApp): unknown[] {
  return [...t.fake.calls.map((c) => ({ method: c.method, ...c.body })), ...t.fake.responses];
}

const HOSTILE_COMPANY = 'AT&T <!channel> <@UEVIL99> <https://evil.example|click> & <!here>';

describe('hostile text, end to end', () => {
  let t: TestApp;
  const acks: unknown[] = [];
  const slash = async (typed: string, user = 'U1') => {
    const body = await ackBody(await t.slash(typedInSlack(typed), { user }));
    if (body) acks.push(body);
    return body;
  };

  beforeEach(async () => {
    acks.length = 0;
    t = await startTestApp({ start: '2026-11-02T14:00:00Z' });
    t.fake.users.set('U1', { tz: 'Europe/Paris', real_name: 'Rita' });
    t.fake.users.set('UBOSS', { tz: 'Europe/Paris', real_name: 'Boss' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('stores entities as typed, shows them escaped once, and lets no user text become a mention, link or line', async () => {
    await slash('team create <!everyone> Sales & <Ops>', 'UBOSS');
    await eventually(() => t.fake.responses.length + acks.length >= 1, 'the team reply');
    await slash('team add <@U1>', 'UBOSS');
    await slash('team channel <#C0SALES|sales>', 'UBOSS');
    await slash(`new ${HOSTILE_COMPANY} contact "Zoë <@UEVIL99>\nSmith" value 50k stage negotiation forecast commit`);
    await eventually(() => t.store.db.select().from(deals).get(), 'the deal');
    const deal = t.store.db.select().from(deals).get()!;
    // Stored as typed (entities decoded once), on one line.
    expect(deal.company).toBe(HOSTILE_COMPANY);
    expect(deal.contactName).toBe('Zoë <@UEVIL99> Smith');
    expect(t.store.db.select().from(salesTeams).get()!.name).toBe('<!everyone> Sales & <Ops>');

    await slash(`reply ${deal.id} via email & <!channel>`);
    await slash(`commit ${deal.id} "send the PO & <!here>\n• *forged* line" by friday`);
    expect(t.store.db.select().from(commitments).get()!.text).toBe('send the PO & <!here> • *forged* line');
    await slash(`note ${deal.id} 3 < 5 && <!channel> ${'é🚀'.repeat(1400)}`);
    await slash(`value ${deal.id} <!channel>`); // an error quoting what was typed
    await slash('status <!here> & co'); // not found, quoting the reference
    await slash(`status ${deal.id}`);
    await slash('list');
    await eventually(() => t.fake.responses.length + acks.length >= 10, 'the replies');

    // The manager's digest, a week later, through the real outbox and Web API client.
    t.clock.set('2026-11-16T14:00:00Z');
    const team = t.store.db.select().from(salesTeams).get()!;
    const data = buildDigest(t.store, 'T1', team, { at: t.clock.now(), defaultZone: 'UTC' });
    expect(data.totals.stuckDeals).toBe(1);
    queueDigest(t.store.db, { key: 'digest:hostile', channel: 'C0SALES', data, at: t.clock.now() });
    const messenger = webMessenger(
      new WebClient('xoxb-test', { slackApiUrl: t.fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR }),
    );
    expect(
      await deliverOutbox(t.store, messenger, t.clock.now(), { senders: { digest: digestSender(messenger, t.store) } }),
    ).toMatchObject({ sent: 1 });

    const sent = [...everythingSent(t), ...acks];
    const texts = sent.flatMap((payload) => mrkdwnTexts(payload));
    expect(texts.length).toBeGreaterThan(20);
    const problems = texts.flatMap((text) => unsafe(text).map((p) => `${p}\n   in: ${text.slice(0, 120)}`));
    expect(problems).toEqual([]);
    // Round trip: typed AT&T, stored AT&T, shown AT&amp;T.
    const all = JSON.stringify(sent);
    expect(all).toContain('AT&amp;T &lt;!channel&gt;');
    expect(all).not.toContain('&amp;amp;');
    expect(all).toContain('&lt;!everyone&gt; Sales &amp; &lt;Ops&gt;');
  });
});
