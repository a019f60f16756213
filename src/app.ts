// Builds the Bolt app: HTTP receiver (POST /slack/events, GET /healthz) or Socket Mode (slack/socket-mode.ts).
import { App, LogLevel } from '@slack/bolt';
import type { Config } from './config.js';
import type { AppContext } from './services/context.js';
import { slackDirectory } from './slack/directory.js';
import { slackChannels } from './slack/channels.js';
import { EdgeHTTPReceiver } from './slack/edge.js';
import { healthzHandler } from './slack/health.js';
import { WEB_API_TIMEOUT_MS } from './slack/timeouts.js';
import { registerImportListeners, type ImportListenerOptions } from './slack/import-listener.js';
import { registerListeners } from './slack/listeners.js';
import { SupervisedSocketModeReceiver, type SocketModeTuning } from './slack/socket-mode.js';

export interface BuiltApp {
  app: App;
  socketMode: boolean;
  /** The Socket Mode receiver (its own connection and retry policy), when SLACK_APP_TOKEN is set. */
  socket?: SupervisedSocketModeReceiver;
}

export interface BuildOptions {
  /** Shorter backoff and ping timeouts (tests); the defaults suit Slack. */
  socketTuning?: Partial<SocketModeTuning>;
  /** Socket Mode cannot go on (token revoked, Socket Mode turned off): the one line to show. */
  onSocketFatal?: (line: string) => void;
  /** How long one Web API call may take before it fails (and the outbox retries it). */
  webApiTimeoutMs?: number;
  /** CSV uploads in a DM: download bounds (tests shorten them). */
  importOptions?: ImportListenerOptions;
  /** How long an App Home refresh waits to group a rep's changes (default HOME_REFRESH_DELAY_MS). */
  homeRefreshDelayMs?: number;
  /** The bot's share of Slack's 3 s before it acks "working on it" (default ACK_BUDGET_MS). */
  ackBudgetMs?: number;
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

export function buildApp(
  config: Config,
  ctx: AppContext,
  identity?: BotIdentity,
  options: BuildOptions = {},
): BuiltApp {
  const slackApiUrl = config.SLACK_API_URL ? ensureTrailingSlash(config.SLACK_API_URL) : undefined;
  // The socket gets its own receiver and Web API options: it must keep reconnecting, the outbox must not retry.
  const socket = config.SLACK_APP_TOKEN
    ? new SupervisedSocketModeReceiver({
        appToken: config.SLACK_APP_TOKEN,
        slackApiUrl,
        logLevel: LOG_LEVELS[config.LOG_LEVEL],
        tuning: options.socketTuning,
        onFatal: options.onSocketFatal,
      })
    : undefined;
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(identity ? { tokenVerificationEnabled: false, botId: identity.botId, botUserId: identity.botUserId } : {}),
    // HTTP: Bolt's receiver behind the edge checks (signature headers and size before reading, zod after).
    receiver:
      socket ??
      new EdgeHTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        logLevel: LOG_LEVELS[config.LOG_LEVEL],
        customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthzHandler(ctx) }],
      }),
    ...(socket ? { socketMode: true } : {}),
    logLevel: LOG_LEVELS[config.LOG_LEVEL],
    // The outbox does its own retries (Retry-After, backoff), so the client must fail fast, not sleep.
    clientOptions: {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.webApiTimeoutMs ?? WEB_API_TIMEOUT_MS,
    },
  });
  // The services ask Slack who its admins are (services/roles.ts) through the app's client and its timeout.
  ctx.directory ??= slackDirectory(app.client);
  // The services ask Slack about channels (`/deal team channel`) through the app's own client and its timeout.
  ctx.channels ??= slackChannels(app.client);
  registerListeners(app, ctx, { homeRefreshDelayMs: options.homeRefreshDelayMs, ackBudgetMs: options.ackBudgetMs });
  registerImportListeners(app, ctx, options.importOptions);
  return { app, socketMode: Boolean(socket), socket };
}

export function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
