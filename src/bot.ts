// `dealcoach start`: the database, the Bolt app, and (later) the scheduler, with a clean shutdown.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openStore } from './db/index.js';
import { systemClock } from './domain/clock.js';
import { createDrafterFromConfig, scheduledJobs } from './features.js';
import { startScheduler } from './jobs/scheduler.js';
import { webMessenger } from './slack/web-messenger.js';
import type { AppContext } from './services/context.js';

export async function startBot(config: Config): Promise<void> {
  const store = openStore(config.DATABASE_URL);
  const ctx: AppContext = { store, clock: systemClock, defaultZone: config.DEALCOACH_TIMEZONE, drafter: createDrafterFromConfig(config) };
  const { app, socketMode } = buildApp(config, ctx);
  await app.start(config.PORT);
  process.stderr.write(
    socketMode
      ? `dealcoach is running in Socket Mode (database ${store.location}).\n`
      : `dealcoach is listening on port ${config.PORT}: POST /slack/events, GET /healthz (database ${store.location}).\n`,
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scheduler = startScheduler(
    scheduledJobs(config, { app: ctx, messenger: webMessenger(app.client), log }),
    systemClock,
    log,
  );
  const stop = async (signal: string) => {
    process.stderr.write(`${signal}: stopping.\n`);
    await scheduler.stop();
    await app.stop().catch(() => undefined);
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
