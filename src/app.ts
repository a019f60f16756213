// Builds the Bolt app: HTTP receiver (POST /slack/events, GET /healthz) or Socket Mode.
import { App, LogLevel } from '@slack/bolt';
import type { Config } from './config.js';
import type { AppContext } from './services/context.js';
import { registerImportListeners } from './slack/import-listener.js';
import { registerListeners } from './slack/listeners.js';

export interface BuiltApp {
  app: App;
  socketMode: boolean;
}

const LOG_LEVELS: Record<Config['LOG_LEVEL'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Who the bot is, from an auth.test done before start-up (so a bad token fails clearly, once). */
export interface BotIdentity {
  botId?: string;
  botUserId?: string;
}

export function buildApp(config: Config, ctx: AppContext, identity?: BotIdentity): BuiltApp {
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(identity ? { tokenVerificationEnabled: false, botId: identity.botId, botUserId: identity.botUserId } : {}),
    signingSecret: config.SLACK_SIGNING_SECRET,
    ...(socketMode ? { socketMode: true, appToken: config.SLACK_APP_TOKEN } : {}),
    logLevel: LOG_LEVELS[config.LOG_LEVEL],
    // The outbox does its own retries (Retry-After, backoff), so the client must fail fast, not sleep.
    clientOptions: {
      ...(config.SLACK_API_URL ? { slackApiUrl: ensureTrailingSlash(config.SLACK_API_URL) } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    },
    // Slack may resend an event when we are slow; we ack first, so keep its default retries.
    customRoutes: socketMode
      ? []
      : [
          {
            path: '/healthz',
            method: ['GET'],
            handler: (_req, res) => {
              let ok = false;
              try {
                ok = ctx.store.sqlite.prepare('select 1 as one').get() !== undefined;
              } catch {
                ok = false;
              }
              res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ ok, database: ok ? 'open' : 'unavailable' }));
            },
          },
        ],
  });
  registerListeners(app, ctx);
  registerImportListeners(app, ctx);
  return { app, socketMode };
}

export function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
