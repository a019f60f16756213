// Starts the real Bolt app over HTTP on a free port, its Web API pointed at a FakeSlack.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AppContext } from '../../src/services/context.js';
import type { Drafter } from '../../src/coach/types.js';
import { FakeSlack } from './fake-slack.js';
import { interactionBody, postSigned, slashCommandBody } from './signed.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface TestApp {
  fake: FakeSlack;
  store: Store;
  ctx: AppContext;
  clock: ManualClock;
  baseUrl: string;
  eventsUrl: string;
  slash(text: string, options?: { user?: string; team?: string; triggerId?: string }): Promise<Response>;
  interact(payload: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestApp(
  options: {
    start?: string;
    drafter?: Drafter;
    defaultZone?: string;
    /** The database to run on (default: a fresh in-memory one). */
    store?: Store;
    /** Web API and download bounds (the adversarial suite shortens them). */
    build?: BuildOptions;
  } = {},
): Promise<TestApp> {
  const fake = await new FakeSlack().start();
  const store = options.store ?? openStore(':memory:');
  const clock = new ManualClock(options.start ?? '2026-11-23T14:00:00Z');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    LOG_LEVEL: 'error',
    DEALCOACH_TIMEZONE: options.defaultZone ?? 'UTC',
  });
  const ctx: AppContext = { store, clock, defaultZone: config.DEALCOACH_TIMEZONE, drafter: options.drafter };
  const { app } = buildApp(config, ctx, undefined, options.build);
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  let responseCounter = 0;
  return {
    fake,
    store,
    ctx,
    clock,
    baseUrl,
    eventsUrl,
    slash: (text, o = {}) =>
      postSigned(eventsUrl, SIGNING_SECRET, slashCommandBody({ text, user: o.user, team: o.team, triggerId: o.triggerId, responseUrl: fake.responseUrl(`r${++responseCounter}`) })),
    interact: (payload) => postSigned(eventsUrl, SIGNING_SECRET, interactionBody(payload)),
    async stop() {
      await app.stop();
      await fake.stop();
      store.close();
    },
  };
}

/** Reads an ack body: Bolt answers an empty ack with an empty 200. */
export async function ackBody(response: Response): Promise<any> {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A fixture from ../shared/fixtures/slack (Slack's own docs and SDK tests). */
export function slackFixture(name: string): any {
  const path = new URL(`../../../shared/fixtures/slack/${name}`, import.meta.url);
  const text = readFileSync(path, 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : text;
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
