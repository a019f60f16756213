// The default install, end to end: the real Bolt app in Socket Mode (SLACK_APP_TOKEN set) against a
// fake Socket Mode backend, its Web API on the fake Slack. Commands, buttons, forms, App Home and the
// CSV upload over the socket; then the network: Slack's disconnects, dropped links, failed reconnects.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { activities, deals } from '../../src/db/schema.js';
import { openStore, type Store } from '../../src/db/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { deliverOutbox } from '../../src/jobs/delivery.js';
import { scan } from '../../src/jobs/scan.js';
import type { AppContext } from '../../src/services/context.js';
import type { SocketModeTuning } from '../../src/slack/socket-mode.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { eventually, TEST_ACK_BUDGET_MS } from '../support/app-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import { bareBlockActions } from '../support/slack-interactions.js';
import { FakeSocketMode, type ConnectFailure } from '../support/fake-socket.js';

// Backoff in milliseconds so a reconnect is quick; timeouts long enough that a loaded machine never
// trips them by accident (the timeout tests shorten their own).
const TUNING: SocketModeTuning = {
  minDelayMs: 10,
  maxDelayMs: 80,
  connectTimeoutMs: 5000,
  clientPingTimeoutMs: 5000,
  serverPingTimeoutMs: 30_000,
  startAttempts: 3,
};
const APP_TOKEN = 'xapp-1-A1-424242-socketsuite';
const BOT_TOKEN = 'xoxb-socket-suite';
// Monday 2026-11-02, 10:00 in New York: deals are created and go quiet from here.
const MONDAY = '2026-11-02T15:00:00Z';
const COMPANY = 'Ærøskøbing Bådeværft ApS';

interface SocketApp {
  slack: FakeSlack;
  socket: FakeSocketMode;
  store: Store;
  clock: ManualClock;
  built: BuiltApp;
  fatal: string[];
  /** A /deal command over the socket; resolves with its ack. */
  deal(text: string, options?: { user?: string; triggerId?: string }): ReturnType<FakeSocketMode['slashCommand']>;
  stop(): Promise<void>;
}

async function startSocketApp(tuning: Partial<SocketModeTuning> = {}): Promise<SocketApp> {
  const slack = await new FakeSlack().start();
  const socket = await new FakeSocketMode(slack).start();
  const store = openStore(':memory:');
  const clock = new ManualClock(MONDAY);
  // No SLACK_SIGNING_SECRET: Socket Mode does not need one.
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'error',
  });
  const ctx: AppContext = { store, clock, defaultZone: 'UTC' };
  const fatal: string[] = [];
  const built = buildApp(config, ctx, undefined, {
    socketTuning: { ...TUNING, ...tuning },
    onSocketFatal: (line) => fatal.push(line),
    homeRefreshDelayMs: 0,
    ackBudgetMs: TEST_ACK_BUDGET_MS,
  });
  await built.app.start();
  let responses = 0;
  return {
    slack,
    socket,
    store,
    clock,
    built,
    fatal,
    deal: (text, o = {}) =>
      socket.slashCommand({
        text,
        user: o.user,
        triggerId: o.triggerId,
        responseUrl: slack.responseUrl(`s${++responses}`),
      }),
    async stop() {
      await built.app.stop();
      await socket.stop();
      await slack.stop();
      store.close();
    },
  };
}

let t: SocketApp;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** Each test gets a fresh app on a fresh fake; none may leave an unhandled rejection behind. */
function withSocketApp(tuning: Partial<SocketModeTuning> = {}): void {
  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    t = await startSocketApp(tuning);
    t.slack.users.set('U1', { tz: 'America/New_York', real_name: 'Rita Rep' });
    t.slack.users.set('U2', { tz: 'Europe/Paris', real_name: 'Zoé Lefèvre' });
  });
  afterEach(async () => {
    await t.stop();
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
}

/** Registers U1 (users.info answers at once, so even their first /deal is answered in the ack). */
async function knownRep(): Promise<void> {
  const first = await t.deal('help');
  expect(first.payload.text).toContain('dealcoach');
  expect(t.slack.responses).toEqual([]);
}

describe('Socket Mode: the product over the socket', () => {
  withSocketApp();

  it('opens the socket with the app token and answers /deal in the ack', async () => {
    const open = t.slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(APP_TOKEN);
    expect(t.built.socketMode).toBe(true);
    await knownRep();

    const ack = await t.deal(`new "${COMPANY}" contact "Søren Kierkegård" value €48k stage negotiation`);
    expect(ack.connection).toBe(1);
    expect(ack.payload.response_type).toBe('ephemeral');
    expect(ack.payload.text).toContain(COMPANY);
    expect(JSON.stringify(ack.payload.blocks)).toContain('€48,000');
    expect(t.store.db.select().from(deals).get()).toMatchObject({
      company: COMPANY,
      valueMinor: 4_800_000,
      currency: 'EUR',
      ownerId: 'U1',
    });

    const list = await t.deal('list');
    expect(list.payload.text).toContain(COMPANY);
    // Every envelope was acked exactly once.
    expect(new Set(t.socket.acks.map((a) => a.envelope_id)).size).toBe(t.socket.acks.length);
  });

  it('a nudge button (block_actions) acts once: the second press logs nothing twice', async () => {
    await knownRep();
    await t.deal(`new "${COMPANY}" value €48k stage negotiation`);
    await t.deal('reply Ærøskøbing');
    t.clock.set('2026-11-02T16:00:00Z');
    await t.deal('email Ærøskøbing');
    // Thursday 10:00 New York: day 1 of the silence; the scan queues the nudge, delivery DMs it.
    const thursday = new Date('2026-11-05T15:00:00Z');
    t.clock.set(thursday);
    expect((await scan(t.store, thursday)).queued).toBe(1);
    expect((await deliverOutbox(t.store, webMessenger(t.built.app.client), thursday)).sent).toBe(1);
    const dm = t.slack
      .callsTo('chat.postMessage')
      .find((c) => JSON.stringify(c.body.blocks ?? []).includes('nudge_done'))!;
    const actions = (dm.body.blocks as Array<Record<string, any>>).find((b) => b.type === 'actions')!;
    const done = actions.elements.find((e: { action_id: string }) => e.action_id === 'nudge_done');

    const press = (n: number) =>
      t.socket.interactive({
        type: 'block_actions',
        user: { id: 'U1', username: 'rita', name: 'rita', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: '1700000001.000001', channel_id: 'D1', is_ephemeral: false },
        trigger_id: `${4916855695380 + n}.42.socket`,
        team: { id: 'T1', domain: 'fake' },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: 'D1', name: 'directmessage' },
        message: {
          type: 'message',
          text: dm.body.text,
          blocks: dm.body.blocks,
          ts: '1700000001.000001',
          user: 'UBOT',
          bot_id: 'BBOT',
          team: 'T1',
        },
        state: { values: {} },
        response_url: t.slack.responseUrl(`press${n}`),
        actions: [
          {
            action_id: 'nudge_done',
            block_id: actions.block_id,
            text: done.text,
            value: done.value,
            type: 'button',
            action_ts: `1700000002.00000${n}`,
          },
        ],
      });
    const outboundCalls = () =>
      t.store.db
        .select()
        .from(activities)
        .all()
        .filter((a) => a.channel === 'call').length;

    const before = t.slack.responses.length;
    expect((await press(1)).payload).toEqual({});
    const answer = await eventually(
      () => t.slack.responses.slice(before).find((r) => r.text),
      'the answer to the press',
    );
    expect(answer.text).toContain('Step 1 done');
    expect(outboundCalls()).toBe(1);

    const again = t.slack.responses.length;
    await press(2);
    const second = await eventually(
      () => t.slack.responses.slice(again).find((r) => r.text),
      'the answer to the second press',
    );
    expect(second.text).toContain('already done');
    expect(outboundCalls()).toBe(1);
  });

  it('the deal form (view_submission): errors come back inline in the ack, a good one creates the deal', async () => {
    await knownRep();
    const opened = await t.deal('', { triggerId: '777.888.socket' });
    expect(opened.payload).toEqual({});
    const open = await eventually(() => t.slack.callsTo('views.open')[0], 'views.open');
    expect(open.body).toMatchObject({ trigger_id: '777.888.socket', view: { callback_id: 'deal_modal' } });

    const submit = (values: Record<string, string | null>, stage: string) =>
      t.socket.interactive({
        type: 'view_submission',
        team: { id: 'T1', domain: 'fake' },
        user: { id: 'U1', username: 'rita', name: 'rita', team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy-verification-token',
        trigger_id: '111.222.socket',
        view: {
          id: 'V0SOCKET',
          team_id: 'T1',
          type: 'modal',
          callback_id: 'deal_modal',
          private_metadata: '',
          state: {
            values: {
              ...Object.fromEntries(
                Object.entries(values).map(([k, v]) => [k, { input: { type: 'plain_text_input', value: v } }]),
              ),
              stage: {
                input: {
                  type: 'static_select',
                  selected_option: { text: { type: 'plain_text', text: stage }, value: stage },
                },
              },
            },
          },
          hash: '1596530361.3wRYuk3R',
          app_id: 'A1',
          bot_id: 'BBOT',
        },
        response_urls: [],
      });

    const bad = await submit(
      {
        company: 'Société Générale Énergies SAS',
        value: 'beaucoup',
        email: 'pas-un-email',
        contact: null,
        forecast: null,
        goal: null,
      },
      'demo',
    );
    expect(bad.payload.response_action).toBe('errors');
    expect(bad.payload.errors.value).toContain('50k');
    expect(bad.payload.errors.email).toContain('bob@acme.com');
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);

    const good = await submit(
      {
        company: 'Société Générale Énergies SAS',
        value: '€1.2M',
        email: 'zoe@sge.example',
        contact: 'Zoé Lefèvre',
        forecast: null,
        goal: null,
      },
      'demo',
    );
    expect(good.payload).toEqual({});
    expect(t.store.db.select().from(deals).get()).toMatchObject({
      company: 'Société Générale Énergies SAS',
      valueMinor: 120_000_000,
      stage: 'demo',
      ownerId: 'U1',
    });
    const dm = await eventually(() => t.slack.callsTo('chat.postMessage')[0], 'the confirmation DM');
    expect(dm.body.text).toContain('Société Générale Énergies SAS');
  });

  it('app_home_opened publishes the Home tab for that user', async () => {
    const ack = await t.socket.event({
      type: 'app_home_opened',
      user: 'U2',
      channel: 'D0HOME2',
      tab: 'home',
      event_ts: '1726133700.887259',
    });
    expect(ack.payload).toEqual({});
    const publish = await eventually(
      () => t.slack.callsTo('views.publish').find((c) => c.body.user_id === 'U2'),
      'views.publish',
    );
    expect(publish.body.view.type).toBe('home');
    expect(publish.token).toBe(BOT_TOKEN);
  });

  it('a CSV file sent in the DM (message.im file_share) is downloaded with the bot token and imported', async () => {
    t.clock.set('2026-11-23T14:00:00Z'); // after every date in the file
    const csv = readFileSync(new URL('../import/fixtures/spreadsheet-eu.csv', import.meta.url));
    t.slack.addFile({ id: 'F0SOCKET', name: 'pipeline export (EU).csv', content: csv });
    const ack = await t.socket.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'D0REP1',
      channel_type: 'im',
      user: 'U0REP1',
      text: 'skip invalid',
      ts: '1700000100.000100',
      files: [{ id: 'F0SOCKET', name: 'pipeline export (EU).csv' }],
    });
    expect(ack.payload).toEqual({});
    const report = await eventually(
      () => t.slack.callsTo('chat.postMessage').find((c) => c.body.channel === 'D0REP1'),
      'the import report',
    );
    // "skip invalid" typed with the file: the good rows go in, the bad ones are listed by line.
    expect(report.body.text).toBe(
      'Imported pipeline export (EU).csv: 3 new, 0 updated, 0 unchanged, 2 skipped, 4 rejected.',
    );
    expect(t.slack.downloads).toEqual([{ fileId: 'F0SOCKET', token: BOT_TOKEN }]);
    expect(
      t.store.db
        .select()
        .from(deals)
        .all()
        .map((d) => d.company),
    ).toContain('Alpha GmbH');
    expect(
      t.store.db
        .select()
        .from(deals)
        .all()
        .every((d) => d.ownerId === 'U0REP1'),
    ).toBe(true);
  });
});

describe('Socket Mode: forged payloads (wrong types)', () => {
  withSocketApp();

  const slashFields = (overrides: Record<string, unknown>) => ({
    token: 'legacy-verification-token',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    command: '/deal',
    text: 'new "Vinhos do Douro Lda" value 9.900 EUR',
    response_url: t.slack.responseUrl('forged'),
    trigger_id: '1.2.forged',
    ...overrides,
  });
  const pressBy = (overrides: Record<string, unknown>) => bareBlockActions('U1', overrides);

  it('payload fields of the wrong type are acked empty and change nothing; the next real command is served', async () => {
    await knownRep();
    const cases: Array<['slash_commands' | 'interactive' | 'events_api', Record<string, unknown>]> = [
      ['slash_commands', slashFields({ user_id: 4242 })],
      ['slash_commands', slashFields({ text: ['new', 'Vinhos do Douro Lda'] })],
      // Missing what a write needs: nowhere to answer, no workspace.
      ['slash_commands', slashFields({ response_url: undefined })],
      ['slash_commands', slashFields({ team_id: '' })],
      ['interactive', pressBy({ team: null, user: { id: 'U1' } })],
      ['interactive', pressBy({ user: { id: 42 } })],
      ['interactive', pressBy({ actions: 'draft_approve' })],
      ['interactive', pressBy({ actions: [{ action_id: 'draft_approve', value: { id: 1 } }] })],
      [
        'interactive',
        {
          type: 'view_submission',
          team: { id: 'T1' },
          user: { id: 'U1', team_id: 'T1' },
          view: { id: 'V1', callback_id: 'deal_new', state: { values: ['Zürich Versicherungs-Gesellschaft AG'] } },
        },
      ],
      ['events_api', { type: 'event_callback', team_id: 'T1', event: { type: 'app_home_opened', user: ['U2'] } }],
      ['events_api', { type: 'event_callback', team_id: 'T1', event: { type: 'message', files: 'x.csv' } }],
      ['events_api', { type: 'event_callback', event: { type: 'app_home_opened', user: 'U2', tab: 'home' } }],
    ];
    for (const [type, payload] of cases) {
      const ack = await t.socket.deliver(type, payload);
      expect(ack.payload, JSON.stringify(payload)).toEqual({});
    }
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);
    expect(t.slack.callsTo('views.publish')).toHaveLength(0);
    const served = await t.deal('new "Vinhos do Douro Lda" value 9.900 EUR');
    expect(served.payload.text).toContain('Vinhos do Douro Lda');
    expect(served.connection).toBe(1);
  });

  it('envelopes the socket client itself would choke on are acked and dropped, without crashing or reconnecting', async () => {
    await knownRep();
    const envelopes = [
      // events_api whose payload or event is not an object: the client reads payload.event.type.
      { envelope_id: 'forged-1', type: 'events_api', payload: null },
      { envelope_id: 'forged-2', type: 'events_api', payload: { type: 'event_callback', event: 5 } },
      // The client emits the envelope's type (and an event's type) as an event name: `error` would throw.
      { envelope_id: 'forged-3', type: 'error', payload: {} },
      { envelope_id: 'forged-4', type: 'events_api', payload: { type: 'event_callback', event: { type: 'error' } } },
      { envelope_id: 'forged-5', type: 'interactive', payload: 'block_actions' },
      { envelope_id: 'forged-6', type: 'slash_commands', payload: [1, 2, 3] },
    ];
    for (const envelope of envelopes) {
      const ack = await t.socket.deliverRaw(envelope);
      expect(ack, envelope.envelope_id).toMatchObject({
        envelope_id: envelope.envelope_id,
        payload: {},
        connection: 1,
      });
    }
    // Still the first connection, and it still serves (the afterEach checks no unhandled rejection).
    expect(t.socket.connectCalls).toBe(1);
    expect((await t.deal('new "Ōsaka Kōgyō K.K." value ¥3,000,000')).payload.text).toContain('Ōsaka Kōgyō K.K.');
    expect(t.fatal).toEqual([]);
  });
});

describe('Socket Mode: the network', () => {
  withSocketApp();

  it.each(['refresh_requested', 'warning'] as const)(
    "after Slack's disconnect (%s) it reconnects at once and serves on the new socket",
    async (reason) => {
      await knownRep();
      t.socket.disconnect(reason);
      await t.socket.connectionCount(2);
      expect(t.socket.connectCalls).toBe(2);
      const ack = await t.deal(`new "Łódź Logistyka Sp. z o.o." value 7,500 EUR`);
      expect(ack.connection).toBe(2);
      expect(ack.payload.text).toContain('Łódź Logistyka Sp. z o.o.');
      await eventually(() => t.socket.connections[0]!.closed, 'the old socket to close');
      expect(t.socket.openConnections()).toHaveLength(1);
    },
  );

  it.each(['http_500', 'reset'] as ConnectFailure[])(
    'a dropped link whose first reconnect fails (%s) backs off, reconnects, and serves',
    async (failure) => {
      await knownRep();
      t.socket.failNextConnect(failure);
      t.socket.drop();
      await t.socket.connectionCount(2);
      expect(t.socket.connectCalls).toBe(3);
      const ack = await t.deal('new "株式会社サンプル商事" value 2m');
      expect(ack.connection).toBe(2);
      expect(ack.payload.text).toContain('株式会社サンプル商事');
      expect(t.fatal).toEqual([]);
    },
  );

  it('keeps trying through several failures in a row, and each reconnect waits a little longer', async () => {
    await knownRep();
    t.socket.failNextConnect('http_500', 2);
    t.socket.failNextConnect('reset', 2);
    const dropped = performance.now();
    t.socket.drop();
    await t.socket.connectionCount(2);
    // Four failed tries, backing off 10, 20, 40, 80 ms (±20 %), then the fifth connects.
    expect(t.socket.connectCalls).toBe(6);
    expect(performance.now() - dropped).toBeGreaterThan(0.8 * (10 + 20 + 40 + 80));
    expect((await t.deal('list')).connection).toBe(2);
  });

  it('a token revoked while running stops it with one line naming SLACK_APP_TOKEN, without crashing', async () => {
    t.socket.failNextConnect('invalid_auth');
    t.socket.drop();
    await eventually(() => t.fatal[0], 'the fatal line');
    expect(t.fatal).toEqual([expect.stringContaining('Slack did not accept SLACK_APP_TOKEN (invalid_auth)')]);
    expect(t.fatal[0]).toContain('xapp-');
    expect(t.socket.connectCalls).toBe(2);
  });

  it('link_disabled (Socket Mode turned off) is not retried: one line, no reconnect', async () => {
    t.socket.disconnect('link_disabled');
    await eventually(() => t.fatal[0], 'the fatal line');
    expect(t.fatal[0]).toContain('link_disabled');
    expect(t.fatal[0]).toContain('Socket Mode');
    await eventually(() => t.socket.connections[0]!.closed, 'the socket to close');
    expect(t.socket.connectCalls).toBe(1);
    expect(t.socket.openConnections()).toHaveLength(0);
  });
});

describe('Socket Mode: timeouts', () => {
  // A hung apps.connections.open is abandoned after connectTimeoutMs, a silent link after
  // clientPingTimeoutMs. A loaded machine may add a try, hence the lower bounds.
  withSocketApp({ connectTimeoutMs: 1000, clientPingTimeoutMs: 600 });

  it('a reconnect whose apps.connections.open never answers is abandoned and tried again', async () => {
    await knownRep();
    t.socket.failNextConnect('timeout');
    t.socket.drop();
    const second = await t.socket.connectionCount(2);
    expect(t.socket.connectCalls).toBeGreaterThanOrEqual(3);
    const ack = await t.deal('new "株式会社サンプル商事" value 2m');
    expect(ack.connection).toBeGreaterThanOrEqual(second.number);
    expect(ack.payload.text).toContain('株式会社サンプル商事');
  });

  it('a link that stops answering pings is replaced (the client ping timeout)', async () => {
    await eventually(() => t.socket.connections[0]!.pings > 0, 'a ping from the client');
    t.socket.muteLive();
    await t.socket.connectionCount(2, 'a new connection after the pong timeout');
    await knownRep();
    expect(t.socket.acks.at(-1)!.connection).toBeGreaterThanOrEqual(2);
  });
});

// The real binary, as an admin starts it: environment variables only, stderr read as they would.
const BIN = new URL('../../bin/dealcoach.js', import.meta.url).pathname;

function spawnBot(
  env: Record<string, string>,
  cwd: string,
): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

describe('dealcoach start in Socket Mode (the binary)', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  let dir: string;
  const env = () => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: ':memory:',
  });

  beforeEach(async () => {
    slack = await new FakeSlack().start();
    socket = await new FakeSocketMode(slack).start();
    slack.users.set('U1', { tz: 'Europe/Warsaw', real_name: 'Agnieszka Wójcik' });
    dir = mkdtempSync(join(tmpdir(), 'dealcoach-socket-'));
  });
  afterEach(async () => {
    await socket.stop();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs without SLACK_SIGNING_SECRET, serves /healthz on HEALTH_PORT, and outlives a failed reconnect', async () => {
    const bot = spawnBot(
      { ...env(), HEALTH_PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: `file:${join(dir, 'bot.db')}` },
      dir,
    );
    try {
      const running = await eventually(
        () => /running in Socket Mode \(GET \/healthz on port (\d+)\)/.exec(bot.stderr()),
        'the running line',
        5000,
      );
      const health = await fetch(`http://127.0.0.1:${running[1]}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, database: 'open' });
      expect((await fetch(`http://127.0.0.1:${running[1]}/slack/events`, { method: 'POST' })).status).toBe(404);

      const first = await socket.slashCommand({
        text: 'new "Kraków Żegluga S.A." value 90k',
        user: 'U1',
        responseUrl: slack.responseUrl('b1'),
      });
      expect(first.connection).toBe(1);
      expect(first.payload.text).toContain('Kraków Żegluga S.A.');

      // The reported crash: Slack asks for a reconnect and the next apps.connections.open fails once.
      socket.failNextConnect('http_500');
      socket.disconnect('refresh_requested');
      await socket.connectionCount(2);
      const after = await socket.slashCommand({ text: 'list', user: 'U1', responseUrl: slack.responseUrl('b2') });
      expect(after.connection).toBe(2);
      expect(after.payload.text).toContain('Kraków Żegluga S.A.');
      expect(bot.child.exitCode).toBeNull();
      expect(bot.stderr()).toContain('Socket Mode reconnect failed (HTTP 500)');
      expect(bot.stderr()).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  }, 30_000);

  /** Starts the binary, waits for it to exit, and returns its code and its non-empty stderr lines. */
  async function startAndExit(
    extraEnv: Record<string, string> = {},
  ): Promise<{ code: number | null; lines: string[] }> {
    const bot = spawnBot({ ...env(), ...extraEnv }, dir);
    const code = await bot.exited;
    return {
      code,
      lines: bot
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== ''),
    };
  }

  it('an app token without connections:write exits 1 with one line saying which scope and where to add it', async () => {
    socket.failNextConnect('missing_scope', 5);
    const { code, lines } = await startAndExit();
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SLACK_APP_TOKEN');
    expect(lines[0]).toContain('connections:write');
    expect(lines[0]).toContain('Basic Information > App-Level Tokens');
    expect(lines[0]).not.toContain(APP_TOKEN);
    expect(socket.connectCalls).toBe(1);
  }, 30_000);

  it('a wrong app token exits 1 with one line naming SLACK_APP_TOKEN (xapp-...)', async () => {
    socket.failNextConnect('invalid_auth', 5);
    const { code, lines } = await startAndExit();
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringContaining('Slack did not accept SLACK_APP_TOKEN (invalid_auth)')]);
    expect(lines[0]).toContain('xapp-');
    expect(lines[0]).not.toContain(APP_TOKEN);
  }, 30_000);

  it('an unreachable Socket Mode endpoint is tried a few times, then exits 1 with one line', async () => {
    socket.failNextConnect('reset', 10);
    const { code, lines } = await startAndExit();
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^Could not open a Socket Mode connection \(.+\) after 3 tries\. Check the network/),
    ]);
    expect(socket.connectCalls).toBe(3);
  }, 30_000);
});

describe('Socket Mode: an envelope just before a disconnect', () => {
  // A reconnect whose apps.connections.open hangs is abandoned after a second and tried again.
  withSocketApp({ connectTimeoutMs: 1000 });

  /** A first-sight rep whose users.info hangs: their command takes FIRST_LOOKUP_WAIT_MS, so its ack comes late. */
  function slowFirstSight(user: string): void {
    t.slack.users.set(user, { tz: 'Europe/Copenhagen', real_name: 'Søren Ærø' });
    t.slack.fail('users.info', { hang: true });
  }

  it('is acked on the new connection with its answer; the deal exists once; nobody is told it failed', async () => {
    slowFirstSight('U7');
    // The first reconnect hangs (a second), so the answer is ready while no connection is up.
    t.socket.failNextConnect('timeout');
    const acked = t.socket.slashCommand({
      text: `new "${COMPANY}" value 38.000 DKK`,
      user: 'U7',
      responseUrl: t.slack.responseUrl('d1'),
    });
    t.socket.disconnect('refresh_requested');
    const ack = await acked;
    expect(ack.connection).toBe(2);
    expect(ack.payload.text).toContain(COMPANY);
    expect(t.store.db.select().from(deals).all()).toHaveLength(1);
    expect(t.slack.responses).toEqual([]);
  });

  it('whose new connection comes too late for Slack: the answer goes to response_url, then a bare ack', async () => {
    slowFirstSight('U8');
    t.socket.failNextConnect('timeout', 3);
    const acked = t.socket.slashCommand({
      text: 'new "Ålborg Værft A/S" value 12.500,00 EUR',
      user: 'U8',
      responseUrl: t.slack.responseUrl('d2'),
    });
    t.socket.disconnect('warning');
    const answer = await eventually(
      () => t.slack.responses.find((r) => /Ålborg Værft A\/S/.test(r.text ?? '')),
      'the answer through response_url',
      1000,
    );
    expect(answer.response_type).toBe('ephemeral');
    const ack = await acked;
    expect(ack.connection).toBe(2);
    expect(ack.payload).toEqual({});
    expect(t.store.db.select().from(deals).all()).toHaveLength(1);
  });

  it('delivered again on the new connection is handled once and acked again', async () => {
    await knownRep();
    const envelope = {
      envelope_id: 'f00d-0001-retry',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        team_id: 'T1',
        user_id: 'U1',
        command: '/deal',
        text: 'new "Überseequartier Immobilien GmbH & Co. KG" value 1.200.000 EUR',
        response_url: t.slack.responseUrl('d3'),
        trigger_id: '5150.1.retry',
      },
    };
    const first = await t.socket.deliverRaw(envelope);
    expect(first.payload.text).toContain('Überseequartier');
    t.socket.disconnect('refresh_requested');
    await t.socket.connectionCount(2);
    const again = await t.socket.deliverRaw({ ...envelope, retry_attempt: 1, retry_reason: 'timeout' });
    expect(again.connection).toBe(2);
    expect(again.payload.text).toContain('Überseequartier');
    expect(t.store.db.select().from(deals).all()).toHaveLength(1);
  });

  it('an event delivered twice (same event_id, another envelope) is handled once', async () => {
    await knownRep();
    const publishes = () => t.slack.callsTo('views.publish').length;
    await t.socket.event({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' });
    await eventually(() => publishes() === 1, 'the first publish');
    const payload = {
      token: 'legacy-verification-token',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev0SOCKET1',
      event_time: 1_700_000_001,
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
    };
    await t.socket.deliverRaw({ envelope_id: 'beef-0002', type: 'events_api', payload, retry_attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publishes()).toBe(1);
  });

  it('a retired button or form is acked at once and answered politely', async () => {
    await knownRep();
    const button = await t.socket.interactive(
      bareBlockActions('U1', {
        response_url: t.slack.responseUrl('old1'),
        actions: [{ type: 'button', action_id: 'nudge_call_done_v1', block_id: 'b', value: '1', action_ts: '1' }],
      }),
    );
    expect(button.payload).toEqual({});
    await eventually(() => t.slack.responses.find((r) => /older version/.test(r.text ?? '')), 'the answer');
  });
});
