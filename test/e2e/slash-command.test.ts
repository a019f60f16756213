import { verifySlackRequest } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deals, activities, users } from '../../src/db/schema.js';
import {
  ackBody,
  eventually,
  SIGNING_SECRET,
  slackFixture,
  startTestApp,
  type TestApp,
} from '../support/app-harness.js';
import { postSigned, slackSignature, slashCommandBody } from '../support/signed.js';

const blocksText = (body: { blocks?: Array<Record<string, any>> }) => JSON.stringify(body.blocks ?? []);

function counts(t: TestApp) {
  return {
    deals: t.store.db.select().from(deals).all().length,
    activities: t.store.db.select().from(activities).all().length,
  };
}

describe('/deal over real HTTP with signed requests', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    t.fake.users.set('U1', { tz: 'America/New_York', real_name: 'Rita Rep', email: 'rita@example.com' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('creates a deal for a first-time rep: reads their zone once, answers in the ack', async () => {
    const started = performance.now();
    const response = await t.slash('new Acme contact "Bob Lee" value 50k stage proposal');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    const reply = await ackBody(response);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Acme');
    expect(blocksText(reply)).toContain('$50,000');
    expect(blocksText(reply)).toContain('proposal');
    expect(t.fake.callsTo('users.info')).toHaveLength(1);
    const [user] = t.store.db.select().from(users).all();
    expect(user).toMatchObject({
      teamId: 'T1',
      slackId: 'U1',
      timezone: 'America/New_York',
      timezoneSource: 'slack',
      name: 'Rita Rep',
    });
    const [deal] = t.store.db.select().from(deals).all();
    expect(deal).toMatchObject({
      teamId: 'T1',
      ownerId: 'U1',
      company: 'Acme',
      contactName: 'Bob Lee',
      valueMinor: 5_000_000,
      stage: 'proposal',
      state: 'active',
    });
  });

  it('answers a known rep in the ack body, and /deal list shows the deal with value and stage', async () => {
    await t.slash('new Acme contact "Bob Lee" value 50k stage proposal');
    const call = await ackBody(await t.slash('call Acme left message'));
    expect(call.response_type).toBe('ephemeral');
    expect(call.text).toContain('Logged call, left a message');
    const list = await ackBody(await t.slash('list'));
    expect(list.response_type).toBe('ephemeral');
    expect(list.text).toContain('Acme');
    expect(list.text).toContain('$50,000');
    expect(list.text).toContain('proposal');
    // The zone is cached: users.info was asked once in all.
    expect(t.fake.callsTo('users.info')).toHaveLength(1);
  });

  it("reads dates in the rep's own zone", async () => {
    // 2026-11-23T02:00Z is still Sunday evening in New York: "tomorrow" is Monday the 23rd there.
    t.clock.set('2026-11-23T02:00:00Z');
    await t.slash('new Acme');
    const commit = await ackBody(await t.slash('commit Acme "sign the order form" by tomorrow'));
    expect(commit.text).toContain('Logged their commitment');
    expect(blocksText(commit)).toContain('Mon, Nov 23');
  });

  it('rejects an unknown subcommand with a helpful ephemeral error and changes nothing', async () => {
    await t.slash('new Acme value 50k');
    const before = counts(t);
    const body = await ackBody(await t.slash('chase Acme'));
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('`chase` is not a /deal subcommand');
    expect(blocksText(body)).toContain('Nothing was changed');
    expect(counts(t)).toEqual(before);
  });

  it('rejects bad input with the right form and writes nothing', async () => {
    await t.slash('new Acme');
    const before = counts(t);
    const body = await ackBody(await t.slash('value Acme lots'));
    expect(body.text).toContain('`lots` is not an amount');
    // The fallback is read as mrkdwn too: the usage's <deal> is escaped, or Slack would make it a link.
    expect(body.text).toContain('/deal value &lt;deal&gt; &lt;amount&gt;');
    expect(counts(t)).toEqual(before);
  });

  it('rejects a bad signature and a stale timestamp with 401, writing nothing', async () => {
    const body = slashCommandBody({ text: 'new Sneaky', user: 'U1', responseUrl: t.fake.responseUrl() });
    const forged = await postSigned(t.eventsUrl, SIGNING_SECRET, body, {
      signature: slackSignature('wrong-secret', String(Math.floor(Date.now() / 1000)), body),
    });
    expect(forged.status).toBe(401);
    const stale = await postSigned(t.eventsUrl, SIGNING_SECRET, body, {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    const tampered = await fetch(t.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-slack-signature': slackSignature(SIGNING_SECRET, String(Math.floor(Date.now() / 1000)), body),
      },
      body: `${body}------`,
    });
    expect(tampered.status).toBe(401);
    expect(counts(t)).toEqual({ deals: 0, activities: 0 });
    // Only Bolt's start-up token check reached Slack: no users.info, no response.
    expect(t.fake.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
    expect(t.fake.responses).toHaveLength(0);
  });

  it('lets a rep act only on their own deals, and scopes everything by workspace', async () => {
    t.fake.users.set('U2', { tz: 'Europe/Berlin' });
    await t.slash('new Acme value 50k', { user: 'U1' });
    const dealId = t.store.db.select().from(deals).get()!.id;
    const otherList = await ackBody(await t.slash('list', { user: 'U2' }));
    expect(otherList.text).toContain('no open deals');
    const byName = await ackBody(await t.slash('call Acme', { user: 'U2' }));
    expect(byName.text).toContain('No such deal');
    const byId = await ackBody(await t.slash(`won ${dealId}`, { user: 'U2' }));
    expect(byId.text).toContain('No such deal');
    // Same user id in another workspace sees nothing of T1.
    const otherTeam = await ackBody(await t.slash('status Acme', { user: 'U1', team: 'T2' }));
    expect(otherTeam.text).toContain('No such deal');
    expect(t.store.db.select().from(deals).get()!.state).toBe('active');
  });

  it('finds deals as reps type their names (issue 22): punctuation, accents, any word, Japanese', async () => {
    for (const company of ["O'Brien Electrical", 'Ça Va Café', 'Café Central', '株式会社ヤマト運輸']) {
      expect((await t.slash(`new ${company}`)).status).toBe(200);
    }
    const answer = async (text: string) => {
      const body = await ackBody(await t.slash(text));
      return `${body.text} ${blocksText(body)}`;
    };
    expect(await answer('call obrien left message, asked about the tender')).toContain('Logged call, left a message');
    expect(await answer('note va cafe wants oat milk pricing')).toContain('Note added');
    expect(await answer('email ヤマト 見積もりを送付')).toContain('Logged email');
    // A word two names share: both are listed and nothing is logged.
    const before = counts(t).activities;
    const ambiguous = await answer('call cafe');
    expect(ambiguous).toContain('matches more than one of your deals');
    expect(ambiguous).toContain('Ça Va Café');
    expect(ambiguous).toContain('Café Central');
    expect(counts(t).activities).toBe(before);
    const notes = t.store.db
      .select()
      .from(activities)
      .all()
      .map((a) => a.note);
    expect(notes).toEqual(
      expect.arrayContaining(['asked about the tender', 'wants oat milk pricing', '見積もりを送付']),
    );
  });

  it('opens the deal modal for `/deal` alone and validates its submission inline', async () => {
    await t.slash('help');
    const response = await t.slash('', { triggerId: '777.888.trigger' });
    expect(response.status).toBe(200);
    const open = await eventually(() => t.fake.callsTo('views.open')[0], 'views.open');
    expect(open.body.trigger_id).toBe('777.888.trigger');
    expect(open.body.view.callback_id).toBe('deal_modal');

    const submission = (values: Record<string, string | null>, stage: string | null) =>
      t.submit({ callback_id: 'deal_modal' }, values, { stage });
    const bad = await ackBody(
      await submission(
        { company: 'Globex', value: 'a lot', email: 'not-an-email', contact: null, forecast: null, goal: null },
        'demo',
      ),
    );
    expect(bad.response_action).toBe('errors');
    expect(bad.errors.value).toContain('50k');
    expect(bad.errors.email).toContain('bob@acme.com');
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);

    const good = await submission(
      {
        company: 'Globex',
        value: '$1.2M',
        email: 'hank@globex.com',
        contact: 'Hank Scorpio',
        forecast: null,
        goal: null,
      },
      'demo',
    );
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    const [deal] = t.store.db.select().from(deals).all();
    expect(deal).toMatchObject({
      company: 'Globex',
      valueMinor: 120_000_000,
      stage: 'demo',
      contactEmail: 'hank@globex.com',
      ownerId: 'U1',
    });
    const dm = await eventually(() => t.fake.callsTo('chat.postMessage')[0], 'confirmation DM');
    expect(dm.body.channel).toBe('U1');
    expect(dm.body.text).toContain('Globex');
  });

  it('falls back to DEALCOACH_TIMEZONE when users.info fails, and still answers', async () => {
    t.fake.fail('users.info', { status: 200, body: { ok: false, error: 'user_not_found' } });
    const reply = await ackBody(await t.slash('new Initech', { user: 'U9' }));
    expect(reply.text).toContain('Initech');
    const user = t.store.db
      .select()
      .from(users)
      .all()
      .find((u) => u.slackId === 'U9');
    expect(user).toMatchObject({ timezone: 'UTC', timezoneSource: 'default' });
  });

  it('serves GET /healthz once the database is open', async () => {
    const response = await fetch(`${t.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: 'open' });
  });
});

describe("Slack's own signing test vector", () => {
  const vector = slackFixture('slack_signing_test_vector.json');

  it("matches our signer and Bolt's verifier", () => {
    expect(slackSignature(vector.signing_secret, vector.x_slack_request_timestamp, vector.raw_body)).toBe(
      vector.expected_x_slack_signature,
    );
    const options = {
      signingSecret: vector.signing_secret,
      body: vector.raw_body,
      headers: {
        'x-slack-signature': vector.expected_x_slack_signature,
        'x-slack-request-timestamp': Number(vector.x_slack_request_timestamp),
      },
    };
    expect(() =>
      verifySlackRequest({ ...options, nowMilliseconds: Number(vector.x_slack_request_timestamp) * 1000 + 1000 }),
    ).not.toThrow();
    expect(() =>
      verifySlackRequest({
        ...options,
        body: `${vector.raw_body}------`,
        nowMilliseconds: Number(vector.x_slack_request_timestamp) * 1000,
      }),
    ).toThrow();
    expect(() =>
      verifySlackRequest({ ...options, nowMilliseconds: (Number(vector.x_slack_request_timestamp) + 6 * 60) * 1000 }),
    ).toThrow();
  });

  it('is accepted over real HTTP when the clock reads its time, and rejected once stale', async () => {
    const app = await startTestApp({ signingSecret: vector.signing_secret, start: '2018-07-12T18:37:00Z' });
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(Number(vector.x_slack_request_timestamp) * 1000 + 2000));
      const headers = {
        'content-type': vector.content_type,
        'x-slack-request-timestamp': vector.x_slack_request_timestamp,
        'x-slack-signature': vector.expected_x_slack_signature,
      };
      const accepted = await fetch(app.eventsUrl, { method: 'POST', headers, body: vector.raw_body });
      expect(accepted.status).toBe(200);
      // The vector's command is not ours: a clear ephemeral answer, not a time-out.
      expect((await accepted.json()).text).toContain('/webhook-collect');
      vi.setSystemTime(new Date((Number(vector.x_slack_request_timestamp) + 10 * 60) * 1000));
      const stale = await fetch(app.eventsUrl, { method: 'POST', headers, body: vector.raw_body });
      expect(stale.status).toBe(401);
    } finally {
      vi.useRealTimers();
      await app.stop();
    }
  });
});
