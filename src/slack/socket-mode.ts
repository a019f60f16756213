// Socket Mode that survives the network. @slack/socket-mode 3.x reconnects on its own, but a reconnect
// whose apps.connections.open fails (500, reset, revoked token) rejects inside the library with nobody
// to catch it (an unhandled rejection kills the process), `missing_scope` is retried forever in
// silence, and every reconnect waits clientPingTimeout first. So the client's own reconnect is off and
// this receiver supervises it: connect (apps.connections.open, WebSocket, hello) with a timeout, back
// off on transient failures, stop with one clear line on a token Slack will never accept.
import { defaultProcessEventErrorHandler, LogLevel, SocketModeReceiver, type App, type Logger } from '@slack/bolt';
import { ConsoleLogger } from '@slack/logger';
import type { AppsConnectionsOpenResponse } from '@slack/web-api';
import { ForgedPayloadError, socketEnvelopeProblem, validatingApp } from './edge.js';

export interface SocketModeTuning {
  /** The first pause between two failed connects; doubles on each failure, up to maxDelayMs. */
  minDelayMs: number;
  maxDelayMs: number;
  /** apps.connections.open must answer, and the new socket say hello, within this. */
  connectTimeoutMs: number;
  /** The client pings every third of this and drops a socket whose pongs stop (the library's option). */
  clientPingTimeoutMs: number;
  /** A socket the server stops pinging is dropped after this (the library's option). */
  serverPingTimeoutMs: number;
  /** Connects tried at start before giving up on an unreachable Slack (a bad token stops at once). */
  startAttempts: number;
}

export const DEFAULT_SOCKET_TUNING: SocketModeTuning = {
  minDelayMs: 1000,
  maxDelayMs: 30_000,
  connectTimeoutMs: 15_000,
  clientPingTimeoutMs: 5000,
  serverPingTimeoutMs: 30_000,
  startAttempts: 3,
};

/**
 * An ack that could not go out (the socket closed between the envelope and its answer) waits for the
 * next connection; one still waiting this long after its envelope arrived is past Slack's 3 s, so what
 * it carried (a command's answer) goes to the envelope's response_url instead.
 */
export const ACK_FALLBACK_MS = 2400;

/** How many envelope ids (and event ids) are remembered, so a redelivered envelope is handled once. */
const REMEMBERED_ENVELOPES = 2000;

/** A JSON POST to a response_url, with a timeout: the answer an ack could not carry. */
export type ResponsePoster = (url: string, body: Record<string, unknown>) => Promise<void>;

const postToResponseUrl: ResponsePoster = async (url, body) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
};

export interface SupervisedSocketOptions {
  appToken: string;
  /** Web API base for apps.connections.open (SLACK_API_URL), with its trailing slash. */
  slackApiUrl?: string;
  logLevel: LogLevel;
  tuning?: Partial<SocketModeTuning>;
  /** A token Slack stopped accepting, or Socket Mode turned off, while running: the bot cannot go on. */
  onFatal?: (line: string) => void;
  /** Where an ack's answer goes when the ack could not (tests record it). */
  postResponse?: ResponsePoster;
}

/** What is known of an envelope until it is acked: when it came, and where else its answer can go. */
interface Envelope {
  receivedAt: number;
  responseUrl: string | null;
}

/** An ack waiting for the next connection. */
interface PendingAck {
  body: Record<string, unknown>;
  fallback: NodeJS.Timeout | null;
}

/** A start that cannot succeed (bad token) or did not (Slack unreachable); its message is the one line to show. */
export class SocketModeStartError extends Error {}

// Slack's answers that no retry will change; the library's own list plus missing_scope.
const REJECTED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);
const REJECTED_APP = new Set(['team_disabled', 'user_removed_from_team', 'missing_scope', 'not_allowed_token_type']);

interface ConnectFailure {
  fatal: boolean;
  reason: string;
}

/** What went wrong with a connect, in words, and whether trying again can help. */
export function classifyConnectFailure(error: unknown): ConnectFailure {
  const err = (error ?? {}) as {
    code?: string;
    data?: { error?: string };
    statusCode?: number;
    original?: Error;
    message?: string;
  };
  if (err.code === 'slack_webapi_platform_error') {
    const slackError = err.data?.error ?? 'unknown_error';
    return { fatal: REJECTED_TOKEN.has(slackError) || REJECTED_APP.has(slackError), reason: slackError };
  }
  if (err.code === 'slack_webapi_http_error') return { fatal: false, reason: `HTTP ${err.statusCode}` };
  if (err.code === 'slack_webapi_request_error')
    return { fatal: false, reason: err.original?.message ?? 'request failed' };
  if (err.code === 'slack_webapi_rate_limited_error') return { fatal: false, reason: 'rate limited' };
  if (error instanceof Error) return { fatal: false, reason: error.message };
  // The library rejects start() with nothing when the socket closes before hello.
  return { fatal: false, reason: 'the socket closed before hello' };
}

/** The one line for a token Slack refuses, naming the variable and where to fix it. */
export function rejectedTokenLine(slackError: string): string {
  if (slackError === 'missing_scope') {
    return (
      'Slack refused SLACK_APP_TOKEN (missing_scope): the app-level token needs the connections:write scope. ' +
      'Generate one with connections:write under Basic Information > App-Level Tokens and set SLACK_APP_TOKEN to it.'
    );
  }
  if (REJECTED_TOKEN.has(slackError)) {
    return (
      `Slack did not accept SLACK_APP_TOKEN (${slackError}): the token is wrong or revoked. ` +
      'Copy the app-level token (xapp-...) again from Basic Information > App-Level Tokens.'
    );
  }
  return (
    `Slack refused SLACK_APP_TOKEN (${slackError}). Check the app-level token under Basic Information > ` +
    `App-Level Tokens.`
  );
}

const LINK_DISABLED_LINE =
  'Slack turned Socket Mode off for this app (disconnect: link_disabled). ' +
  'Turn it on again under Settings > Socket Mode (then start again), or run over HTTP without SLACK_APP_TOKEN.';

type State = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/**
 * Bolt's SocketModeReceiver with the reconnect supervised here. The socket's Web API client has its
 * own options (never the outbox's fail-fast ones): a request timeout, and no retries of its own,
 * because each connect is retried whole (URL, WebSocket, hello) with backoff.
 */
export class SupervisedSocketModeReceiver extends SocketModeReceiver {
  private readonly tuning: SocketModeTuning;
  private readonly log: Logger;
  private readonly onFatal: (line: string) => void;
  private state: State = 'idle';
  private lastDisconnectReason: string | null = null;
  private wait: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  /** Settles when the current reconnect loop ends; stop() waits on it. */
  private reconnecting: Promise<void> = Promise.resolve();
  /** Envelopes seen and not yet acked. */
  private readonly envelopes = new Map<string, Envelope>();
  /** Envelope ids and event ids already handed to the app, oldest first: a redelivery is acked, not handled. */
  private readonly handled = new Map<string, Record<string, unknown>>();
  /** Acks that could not be sent, by envelope id, for the next connection. */
  private readonly pendingAcks = new Map<string, PendingAck>();
  private readonly postResponse: ResponsePoster;
  private sendOnSocket!: (envelopeId: string, body?: Record<string, unknown>) => Promise<void>;

  constructor(options: SupervisedSocketOptions) {
    const tuning = { ...DEFAULT_SOCKET_TUNING, ...options.tuning };
    const log = new ConsoleLogger();
    log.setLevel(options.logLevel);
    log.setName('dealcoach:socket');
    super({
      appToken: options.appToken,
      logger: libraryLogger(options.logLevel),
      autoReconnectEnabled: false,
      clientPingTimeout: tuning.clientPingTimeoutMs,
      serverPingTimeout: tuning.serverPingTimeoutMs,
      installerOptions: {
        clientOptions: {
          ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
          retryConfig: { retries: 0 },
          timeout: tuning.connectTimeoutMs,
        },
      },
      // The library's logger speaks only at debug; a listener error the receiver reports stays visible.
      // A payload refused at the edge is acked (Slack would only send it again) and logged.
      processEventErrorHandler: async (args) => {
        if (!(args.error instanceof ForgedPayloadError))
          return defaultProcessEventErrorHandler({ ...args, logger: log });
        log.warn(`refused a Socket Mode payload: ${args.error.message}`);
        return true;
      },
    });
    this.tuning = tuning;
    this.log = log;
    this.onFatal = options.onFatal ?? ((line) => log.error(line));
    this.postResponse = options.postResponse ?? postToResponseUrl;
    this.keepAcksAcrossReconnects();
    this.guardEnvelopes();
    this.client.on('connected', () => this.flushPendingAcks());
    this.client.on('ws_message', (data: unknown) => this.noteDisconnectReason(data));
    this.client.on('disconnected', () => this.onDisconnected());
  }

  /** The first connect: retried while Slack is unreachable, refused at once for a token it will not take. */
  override async start(): Promise<AppsConnectionsOpenResponse> {
    this.state = 'connecting';
    for (let attempt = 1; ; attempt++) {
      try {
        const opened = await this.connectOnce();
        if (this.isStopped()) {
          await this.client.disconnect();
          throw new SocketModeStartError('Socket Mode was stopped while connecting.');
        }
        this.state = 'connected';
        return opened;
      } catch (error) {
        if (error instanceof SocketModeStartError) throw error;
        if (this.isStopped()) throw new SocketModeStartError('Socket Mode was stopped while connecting.');
        const failure = classifyConnectFailure(error);
        if (failure.fatal) {
          this.state = 'stopped';
          throw new SocketModeStartError(rejectedTokenLine(failure.reason));
        }
        if (attempt >= this.tuning.startAttempts) {
          this.state = 'stopped';
          throw new SocketModeStartError(
            `Could not open a Socket Mode connection (${failure.reason}) after ${attempt} tries. ` +
              'Check the network (or SLACK_API_URL) and start again.',
          );
        }
        await this.pause(this.backoff(attempt));
      }
    }
  }

  /** Every payload validated with zod before Bolt routes it, as over HTTP (src/slack/edge.ts). */
  override init(app: App): void {
    super.init(validatingApp(app));
  }

  /**
   * The socket client's own message listener goes behind socketEnvelopeProblem: a malformed envelope
   * would make it throw in an async listener (an unhandled rejection ends the process). Refused ones
   * with an envelope id are acked so Slack does not send them again.
   */
  private guardEnvelopes(): void {
    const listeners = this.client.listeners('ws_message') as Array<(data: unknown, isBinary: boolean) => unknown>;
    this.client.removeAllListeners('ws_message');
    this.client.on('ws_message', (data: unknown, isBinary: boolean) => {
      const text = typeof data === 'string' ? data : isBinary ? null : new TextDecoder().decode(data as Uint8Array);
      const refused = text === null ? null : socketEnvelopeProblem(text);
      if (!refused) {
        if (text !== null && this.isRedelivery(text)) return;
        for (const listener of listeners) listener(data, isBinary);
        return;
      }
      this.log.warn(`refused a Socket Mode message: ${refused.problem}`);
      if (!refused.envelopeId) return;
      // The client's ack is its (private) send of an empty payload for the envelope.
      const client = this.client as unknown as { send(envelopeId: string): Promise<void> };
      client.send(refused.envelopeId).catch((error: Error) => this.log.warn(`could not ack: ${error.message}`));
    });
  }

  /**
   * The socket client's send (its acks) never fails for a closed socket: the ack waits for the next
   * connection, and what it carried goes to response_url once Slack's 3 s are nearly over. A listener
   * is therefore never told its answer failed when it will still arrive, and none is lost.
   */
  private keepAcksAcrossReconnects(): void {
    const client = this.client as unknown as {
      send(envelopeId: string, body?: Record<string, unknown>): Promise<void>;
    };
    const send = client.send.bind(client);
    this.sendOnSocket = send;
    client.send = async (envelopeId, body = {}) => {
      const answer = typeof body === 'string' ? { text: body } : body;
      this.rememberAnswer(envelopeId, answer);
      try {
        await send(envelopeId, answer);
        this.envelopes.delete(envelopeId);
      } catch (error) {
        this.log.warn(`ack for ${envelopeId} kept for the next connection (${(error as Error).message})`);
        this.queueAck(envelopeId, answer);
      }
    };
  }

  private queueAck(envelopeId: string, body: Record<string, unknown>): void {
    const envelope = this.envelopes.get(envelopeId);
    const age = envelope ? performance.now() - envelope.receivedAt : ACK_FALLBACK_MS;
    const pending: PendingAck = { body, fallback: null };
    pending.fallback = setTimeout(() => void this.answerElsewhere(envelopeId), Math.max(0, ACK_FALLBACK_MS - age));
    this.pendingAcks.set(envelopeId, pending);
  }

  /** Past Slack's 3 s: the answer goes to response_url; the bare ack still goes out on the next connection. */
  private async answerElsewhere(envelopeId: string): Promise<void> {
    const pending = this.pendingAcks.get(envelopeId);
    if (!pending) return;
    pending.fallback = null;
    const { body } = pending;
    pending.body = {};
    const responseUrl = this.envelopes.get(envelopeId)?.responseUrl;
    if (Object.keys(body).length === 0) return;
    if (!responseUrl || (body.response_action && !body.text)) {
      this.log.warn(
        `the answer to ${envelopeId} could not be delivered: the socket was closed and it has no response_url`,
      );
      return;
    }
    try {
      await this.postResponse(responseUrl, { response_type: 'ephemeral', ...body });
    } catch (error) {
      this.log.warn(`the answer to ${envelopeId} could not be delivered: ${(error as Error).message}`);
    }
  }

  private async flushPendingAcks(): Promise<void> {
    for (const [envelopeId, pending] of [...this.pendingAcks]) {
      if (pending.fallback) clearTimeout(pending.fallback);
      this.pendingAcks.delete(envelopeId);
      try {
        await this.sendOnSocket(envelopeId, pending.body);
        this.envelopes.delete(envelopeId);
      } catch (error) {
        this.log.warn(`ack for ${envelopeId} still not sent (${(error as Error).message}); trying again later`);
        this.queueAck(envelopeId, pending.body);
      }
    }
  }

  private rememberAnswer(envelopeId: string, body: Record<string, unknown>): void {
    if (this.handled.has(envelopeId)) this.handled.set(envelopeId, body);
  }

  /**
   * Records an envelope before the app sees it; true when it (or its event) was handled already: Slack
   * sends an envelope again when its ack did not arrive. The redelivery gets the first answer as its ack.
   */
  private isRedelivery(text: string): boolean {
    let message: { envelope_id?: string; payload?: Record<string, unknown> };
    try {
      message = JSON.parse(text);
    } catch {
      return false;
    }
    const envelopeId = message.envelope_id;
    if (typeof envelopeId !== 'string') return false;
    const payload = message.payload ?? {};
    const eventId = typeof payload.event_id === 'string' ? `event:${payload.event_id}` : null;
    const seen = this.handled.get(envelopeId) ?? (eventId ? this.handled.get(eventId) : undefined);
    if (seen) {
      this.log.info(`envelope ${envelopeId} was delivered again; it was handled once already`);
      // Its ack waits for a connection: this one. Still being handled: its own ack answers. Else: ack again.
      if (this.pendingAcks.has(envelopeId)) void this.flushPendingAcks();
      else if (!this.envelopes.has(envelopeId)) void this.sendOnSocket(envelopeId, seen).catch(() => undefined);
      return true;
    }
    const responseUrl = typeof payload.response_url === 'string' ? payload.response_url : null;
    this.envelopes.set(envelopeId, { receivedAt: performance.now(), responseUrl });
    this.remember(envelopeId);
    if (eventId) this.remember(eventId);
    return false;
  }

  private remember(key: string): void {
    this.handled.set(key, {});
    if (this.handled.size > REMEMBERED_ENVELOPES) this.handled.delete(this.handled.keys().next().value!);
    if (this.envelopes.size > REMEMBERED_ENVELOPES) this.envelopes.delete(this.envelopes.keys().next().value!);
  }

  override async stop(): Promise<void> {
    this.state = 'stopped';
    for (const pending of this.pendingAcks.values()) if (pending.fallback) clearTimeout(pending.fallback);
    this.wait?.resolve();
    await super.stop();
    await this.reconnecting;
  }

  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private noteDisconnectReason(data: unknown): void {
    if (typeof data !== 'string' || !data.includes('"disconnect"')) return;
    try {
      const message = JSON.parse(data) as { type?: string; reason?: string };
      if (message.type === 'disconnect') this.lastDisconnectReason = message.reason ?? 'unknown';
    } catch {
      // not ours to judge: the client ignores what it cannot parse
    }
  }

  private onDisconnected(): void {
    // Only a live socket that ends starts a reconnect; failed connects are retried by their own loop.
    if (this.state !== 'connected') return;
    const reason = this.lastDisconnectReason;
    this.lastDisconnectReason = null;
    if (reason === 'link_disabled') {
      this.state = 'stopped';
      this.onFatal(LINK_DISABLED_LINE);
      return;
    }
    this.state = 'reconnecting';
    this.log.info(`Socket Mode connection closed (${reason ?? 'dropped'}); reconnecting.`);
    this.reconnecting = this.reconnect().catch((error) => this.log.error(`Socket Mode reconnect stopped: ${error}`));
  }

  /** Slack's disconnect means "connect again now": the first try is immediate, then backoff. */
  private async reconnect(): Promise<void> {
    for (let attempt = 1; !this.isStopped(); attempt++) {
      try {
        await this.connectOnce();
        if (this.isStopped()) {
          await this.client.disconnect();
          return;
        }
        this.state = 'connected';
        if (attempt > 1) this.log.info(`Socket Mode reconnected after ${attempt} tries.`);
        return;
      } catch (error) {
        if (this.isStopped()) return;
        const failure = classifyConnectFailure(error);
        if (failure.fatal) {
          this.state = 'stopped';
          this.onFatal(rejectedTokenLine(failure.reason));
          return;
        }
        const delay = this.backoff(attempt);
        this.log.warn(`Socket Mode reconnect failed (${failure.reason}); trying again in ${Math.round(delay)} ms.`);
        await this.pause(delay);
      }
    }
  }

  /**
   * One connect: the URL (bounded by the Web API client's timeout), then the WebSocket and Slack's
   * hello within connectTimeoutMs. The hello timer starts only once the URL is in hand, so a late URL
   * can never open a socket nobody waits for.
   */
  private connectOnce(): Promise<AppsConnectionsOpenResponse> {
    let timer: NodeJS.Timeout | undefined;
    let armTimer = () => undefined as void;
    const noHello = new Promise<never>((_resolve, reject) => {
      armTimer = () => {
        timer = setTimeout(() => {
          reject(new Error(`no hello within ${this.tuning.connectTimeoutMs} ms`));
          void this.client.disconnect();
        }, this.tuning.connectTimeoutMs);
      };
    });
    this.client.once('authenticated', armTimer);
    return Promise.race([this.client.start() as Promise<AppsConnectionsOpenResponse>, noHello]).finally(() => {
      clearTimeout(timer);
      this.client.off('authenticated', armTimer);
    });
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.tuning.maxDelayMs, this.tuning.minDelayMs * 2 ** (attempt - 1));
    // Jitter, so a fleet that lost Slack together does not come back in lockstep.
    return base * (0.8 + Math.random() * 0.4);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.wait?.timer);
        this.wait = null;
        resolve();
      };
      this.wait = { timer: setTimeout(done, ms), resolve: done };
    });
  }
}

/**
 * The library logs every failed connect and ping timeout at warn/error; the supervisor says it once,
 * in words, so the library speaks only at LOG_LEVEL=debug.
 */
function libraryLogger(level: LogLevel): Logger {
  const inner = new ConsoleLogger();
  inner.setName('socket-mode');
  inner.setLevel(level === LogLevel.DEBUG ? LogLevel.DEBUG : LogLevel.ERROR);
  const asDebug = (...msg: unknown[]) => inner.debug(...msg);
  return {
    debug: asDebug,
    info: asDebug,
    warn: asDebug,
    error: asDebug,
    setLevel: () => undefined,
    getLevel: () => inner.getLevel(),
    setName: () => undefined,
  };
}
