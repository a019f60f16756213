// `dealcoach start`: the database, the Bolt app, and (later) the scheduler, with a clean shutdown.
import { LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { buildApp, ensureTrailingSlash, type BotIdentity } from './app.js';
import { WEB_API_TIMEOUT_MS } from './slack/timeouts.js';
import type { Config } from './config.js';
import { limitPageCache, openStore } from './db/index.js';
import { databaseHolidays } from './db/holidays.js';
import { useHolidayStore } from './domain/calendar.js';
import { systemClock } from './domain/clock.js';
import { createDrafterFromConfig } from './coach/from-config.js';
import { scheduledJobs } from './jobs/scheduled-jobs.js';
import { inProcessScanRunner, sizedScanRunner, workerScanRunner } from './jobs/scan-runner.js';
import { startScheduler } from './jobs/scheduler.js';
import { startHealthServer, type HealthServer } from './slack/health.js';
import { SocketModeStartError } from './slack/socket-mode.js';
import { webMessenger } from './slack/web-messenger.js';
import type { AppContext } from './services/context.js';

/** Checks the bot token once, with a clear answer when Slack says no or cannot be reached. */
async function verifyToken(config: Config): Promise<BotIdentity | null> {
  const client = new WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: ensureTrailingSlash(config.SLACK_API_URL) } : {}),
    retryConfig: { retries: 2 },
    timeout: WEB_API_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });
  try {
    const auth = await client.auth.test();
    return { botId: auth.bot_id, botUserId: auth.user_id };
  } catch (error) {
    const err = error as { code?: string; data?: { error?: string }; message?: string };
    if (err.code === 'slack_webapi_platform_error') {
      process.stderr.write(
        `Slack did not accept SLACK_BOT_TOKEN (${err.data?.error}). Copy the Bot User OAuth Token (xoxb-...) again ` +
          `from OAuth & Permissions.\n`,
      );
    } else {
      process.stderr.write(
        `Could not reach Slack at ${config.SLACK_API_URL ?? 'https://slack.com/api/'}: ${err.message}. Check the ` +
          `network (or SLACK_API_URL) and start again.\n`,
      );
    }
    return null;
  }
}

/** GET /healthz on HEALTH_PORT in Socket Mode; false (after one line) when the port cannot be had. */
async function startHealth(port: number, ctx: AppContext): Promise<HealthServer | false> {
  try {
    return await startHealthServer(port, ctx);
  } catch (error) {
    process.stderr.write(
      `HEALTH_PORT ${port}: cannot listen (${(error as Error).message}). Pick a free port or unset HEALTH_PORT.\n`,
    );
    return false;
  }
}

export async function startBot(config: Config): Promise<number> {
  const identity = await verifyToken(config);
  if (!identity) return 1;
  const store = openStore(config.DATABASE_URL);
  useHolidayStore(databaseHolidays(store));
  limitPageCache(store);
  const ctx: AppContext = {
    store,
    clock: systemClock,
    defaultZone: config.DEALCOACH_TIMEZONE,
    drafter: createDrafterFromConfig(config),
    repCompany: config.DEALCOACH_COMPANY_NAME ?? null,
  };
  // Replaced by the clean shutdown once everything is running.
  let stop = async (_signal: string, code = 0): Promise<void> => process.exit(code);
  const { app, socketMode } = buildApp(config, ctx, identity, {
    // The token was revoked or Socket Mode turned off while running: say so once and stop for good.
    onSocketFatal: (line) => {
      process.stderr.write(`${line}\n`);
      void stop('Socket Mode', 1);
    },
  });
  try {
    await app.start(config.PORT);
  } catch (error) {
    if (!(error instanceof SocketModeStartError)) throw error;
    process.stderr.write(`${error.message}\n`);
    store.close();
    return 1;
  }
  const health = socketMode && config.HEALTH_PORT !== undefined ? await startHealth(config.HEALTH_PORT, ctx) : null;
  if (health === false) {
    await app.stop().catch(() => undefined);
    store.close();
    return 1;
  }
  process.stderr.write(
    socketMode
      ? `dealcoach is running in Socket Mode${health ? ` (GET /healthz on port ${health.port})` : ''} (database ` +
          `${store.location}).\n`
      : `dealcoach is listening on port ${config.PORT}: POST /slack/events, GET /healthz (database ${store.location}` +
          `).\n`,
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // A file database is scanned in a worker thread, so commands are acked while a big pipeline is scanned.
  const scanner =
    store.location === ':memory:'
      ? inProcessScanRunner(store)
      : sizedScanRunner(store, workerScanRunner(config.DATABASE_URL, { log }));
  const scheduler = startScheduler(
    scheduledJobs(config, { app: ctx, messenger: webMessenger(app.client), log, scanner }),
    systemClock,
    log,
  );
  stop = async (signal: string, code = 0) => {
    process.stderr.write(`${signal}: stopping.\n`);
    await scheduler.stop();
    await scanner.close();
    await app.stop().catch(() => undefined);
    await health?.close();
    store.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return 0;
}
