// Starts the real Bolt app over HTTP on a free port, its Web API pointed at a FakeSlack.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AppContext } from '../../src/services/context.js';
import type { Drafter } from '../../src/coach/types.js';
import { FakeSlack } from './fake-slack.js';
import { slackFixture } from './fixtures.js';
import { interactionBody, postSigned, postSignedJson, slashCommandBody } from './signed.js';
import {
  blockActionsPayload,
  eventCallback,
  viewSubmissionPayload,
  type PostedButton,
  type PressOptions,
} from './slack-interactions.js';

export { slackFixture };

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** The ack budget of the test app (see startTestApp). */
export const TEST_ACK_BUDGET_MS = 2500;

export interface TestApp {
  fake: FakeSlack;
  store: Store;
  ctx: AppContext;
  clock: ManualClock;
  baseUrl: string;
  eventsUrl: string;
  slash(text: string, options?: { user?: string; team?: string; triggerId?: string }): Promise<Response>;
  interact(payload: unknown): Promise<Response>;
  /** A signed block_actions press of `button`; its answers go to the returned response_url. */
  press(
    button: PressButton,
    options?: Omit<PressOptions, 'responseUrl'>,
  ): Promise<{ response: Response; responseUrl: string }>;
  /** A signed view_submission of `view` with these plain-text values and selected options. */
  submit(
    view: { callback_id?: string; private_metadata?: string },
    values: Record<string, string | null>,
    selects?: Record<string, string | null>,
  ): Promise<Response>;
  /** A signed Events API request carrying `event`. */
  event(event: Record<string, unknown>): Promise<Response>;
  stop(): Promise<void>;
}

export type PressButton = Pick<PostedButton, 'action_id' | 'value' | 'block_id'> & { text?: PostedButton['text'] };

export async function startTestApp(
  options: {
    start?: string;
    drafter?: Drafter;
    defaultZone?: string;
    /** The database to run on (default: a fresh in-memory one). */
    store?: Store;
    /** Another signing secret (Slack's test vector has its own). */
    signingSecret?: string;
    /** Web API and download bounds (the adversarial suite shortens them). */
    build?: BuildOptions;
  } = {},
): Promise<TestApp> {
  const fake = await new FakeSlack().start();
  const secret = options.signingSecret ?? SIGNING_SECRET;
  const store = options.store ?? openStore(':memory:');
  const clock = new ManualClock(options.start ?? '2026-11-23T14:00:00Z');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'error',
    DEALCOACH_TIMEZONE: options.defaultZone ?? 'UTC',
  });
  const ctx: AppContext = { store, clock, defaultZone: config.DEALCOACH_TIMEZONE, drafter: options.drafter };
  // App Home refreshes at once (the wait that groups a rep's changes is tested on its own). The ack
  // budget is wider than the bot's (1 s): test files run in parallel on a loaded machine, and a test that
  // expects the answer in the ack must not get "working on it" (test/e2e/ack-budget.test.ts tests the budget).
  const { app } = buildApp(config, ctx, undefined, {
    homeRefreshDelayMs: 0,
    ackBudgetMs: TEST_ACK_BUDGET_MS,
    ...options.build,
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  let responseCounter = 0;
  let eventCounter = 0;
  const interact = (payload: unknown) => postSigned(eventsUrl, secret, interactionBody(payload));
  return {
    fake,
    store,
    ctx,
    clock,
    baseUrl,
    eventsUrl,
    slash: (text, o = {}) =>
      postSigned(
        eventsUrl,
        secret,
        slashCommandBody({
          text,
          user: o.user,
          team: o.team,
          triggerId: o.triggerId,
          responseUrl: fake.responseUrl(`r${++responseCounter}`),
        }),
      ),
    interact,
    async press(button, o = {}) {
      const responseUrl = fake.responseUrl(`press${++responseCounter}`);
      return { response: await interact(blockActionsPayload(button, { ...o, responseUrl })), responseUrl };
    },
    submit: (view, values, selects = {}) => interact(viewSubmissionPayload(view, values, selects)),
    event: (event) => postSignedJson(eventsUrl, secret, eventCallback(event, `Ev${++eventCounter}`)),
    async stop() {
      await app.stop();
      await fake.stop();
      store.close();
    },
  };
}

/**
 * Through /deal, as Rita (U1, New York) would: a new deal, the prospect's reply, and our touch an
 * hour later (at `touchAt`). Silence is counted from there. `lines` are the three commands in order.
 */
export async function seedAnsweredDeal(
  t: TestApp,
  lines: { create: string; reply: string; touch: string },
  touchAt: string,
) {
  t.fake.users.set('U1', { tz: 'America/New_York', real_name: 'Rita Rep' });
  // First sight of U1: users.info answers at once, so the reply is in the ack.
  const created = await ackBody(await t.slash(lines.create));
  if (!created?.text) throw new Error('the first /deal got no answer in its ack');
  await t.slash(lines.reply);
  t.clock.set(touchAt);
  await t.slash(lines.touch);
}

/** Reads an ack body: Bolt answers an empty ack with an empty 200. */
export async function ackBody(response: Response): Promise<any> {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Waits until `check` passes, polling the event loop (no wall-clock sleeps beyond a tick). */
export async function eventually<T>(check: () => T | undefined | null | false, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setImmediate(resolve));
    if (i > 20) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
