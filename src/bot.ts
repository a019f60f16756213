// `dealcoach start`: the database, the Bolt app, and (later) the scheduler, with a clean shutdown.
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { buildApp, ensureTrailingSlash, type BotIdentity } from './app.js';
import type { Config } from './config.js';
import { openStore } from './db/index.js';
import { systemClock } from './domain/clock.js';
import { createDrafterFromConfig } from './coach/from-config.js';
import { scheduledJobs } from './jobs/scheduled-jobs.js';
import { inProcessScanRunner, workerScanRunner } from './jobs/scan-runner.js';
import { startScheduler } from './jobs/scheduler.js';
import { webMessenger } from './slack/web-messenger.js';
import type { AppContext } from './services/context.js';

/** Checks the bot token once, with a clear answer when Slack says no or cannot be reached. */
async function verifyToken(config: Config): Promise<BotIdentity | null> {
  const client = new WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: ensureTrailingSlash(config.SLACK_API_URL) } : {}),
    retryConfig: { retries: 2 },
    logLevel: LogLevel.ERROR,
  });
  try {
    const auth = await client.auth.test();
    return { botId: auth.bot_id, botUserId: auth.user_id };
  } catch (error) {
    const err = error as { code?: string; data?: { error?: string }; message?: string };
    if (err.code === 'slack_webapi_platform_error') {
      process.stderr.write(`Slack did not accept SLACK_BOT_TOKEN (${err.data?.error}). Copy the Bot User OAuth Token (xoxb-...) again from OAuth & Permissions.\n`);
    } else {
      process.stderr.write(`Could not reach Slack at ${config.SLACK_API_URL ?? 'https://slack.com/api/'}: ${err.message}. Check the network (or SLACK_API_URL) and start again.\n`);
    }
    return null;
  }
}

export async function startBot(config: Config): Promise<number> {
  const identity = await verifyToken(config);
  if (!identity) return 1;
  const store = openStore(config.DATABASE_URL);
  const ctx: AppContext = { store, clock: systemClock, defaultZone: config.DEALCOACH_TIMEZONE, drafter: createDrafterFromConfig(config) };
  const { app, socketMode } = buildApp(config, ctx, identity);
  await app.start(config.PORT);
  process.stderr.write(
    socketMode
      ? `dealcoach is running in Socket Mode (database ${store.location}).\n`
      : `dealcoach is listening on port ${config.PORT}: POST /slack/events, GET /healthz (database ${store.location}).\n`,
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // A file database is scanned in a worker thread, so commands are acked while a big pipeline is scanned.
  const scanner = store.location === ':memory:' ? inProcessScanRunner(store) : workerScanRunner(config.DATABASE_URL);
  const scheduler = startScheduler(
    scheduledJobs(config, { app: ctx, messenger: webMessenger(app.client), log, scanner }),
    systemClock,
    log,
  );
  const stop = async (signal: string) => {
    process.stderr.write(`${signal}: stopping.\n`);
    await scheduler.stop();
    await scanner.close();
    await app.stop().catch(() => undefined);
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return 0;
}
