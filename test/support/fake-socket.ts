// A fake Socket Mode backend that behaves as Slack documents it: apps.connections.open (on the
// FakeSlack) hands out a single-use ws:// URL; the socket says hello, delivers envelopes
// (slash_commands, interactive, events_api), expects an ack per envelope (a slash command's or a
// view_submission's ack payload is the reply), answers pings, and can send `disconnect`, drop the TCP
// connection, stop answering pings, or make the next apps.connections.open fail.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack, InjectedResponse } from './fake-slack.js';

export type ConnectFailure = 'http_500' | 'reset' | 'timeout' | 'missing_scope' | 'invalid_auth';

const FAILURES: Record<ConnectFailure, InjectedResponse> = {
  http_500: { status: 500, body: { ok: false, error: 'internal_error' } },
  reset: { reset: true },
  timeout: { hang: true },
  // Slack's answer to an app-level token without connections:write.
  missing_scope: {
    body: { ok: false, error: 'missing_scope', needed: 'connections:write', provided: 'authorizations:read' },
  },
  invalid_auth: { body: { ok: false, error: 'invalid_auth' } },
};

export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled';

export interface Ack {
  envelope_id: string;
  payload: Record<string, any>;
  /** Which connection (1-based, in accept order) carried the ack. */
  connection: number;
}

export interface Connection {
  /** 1-based, in accept order. */
  number: number;
  ticket: string;
  socket: WebSocket;
  /** Answer the client's pings (Slack does); off, the link looks dead to the client. */
  answerPings: boolean;
  pings: number;
  closed: boolean;
}

export interface SlashCommandFields {
  text: string;
  user?: string;
  team?: string;
  command?: string;
  triggerId?: string;
  responseUrl: string;
}

export class FakeSocketMode {
  readonly acks: Ack[] = [];
  readonly connections: Connection[] = [];
  /** Tickets handed out by apps.connections.open and not used yet (Slack's URLs are single-use). */
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<
    string,
    { resolve: (ack: Ack) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private server: WebSocketServer | null = null;
  private ticketCounter = 0;
  private envelopeCounter = 0;
  private eventCounter = 0;
  private port = 0;

  constructor(readonly slack: FakeSlack) {}

  async start(): Promise<this> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      autoPong: false,
      verifyClient: ({ req }, done) => {
        const ticket = new URL(req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? '';
        if (!this.tickets.delete(ticket)) return done(false, 401, 'unknown or used ticket');
        done(true);
      },
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (socket, req) =>
      this.accept(socket, new URL(req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? ''),
    );
    this.slack.socketModeUrl = () => {
      const ticket = `${++this.ticketCounter}-${Math.random().toString(36).slice(2, 10)}`;
      this.tickets.add(ticket);
      return `ws://127.0.0.1:${this.port}/link/?ticket=${ticket}&app_id=A1`;
    };
    return this;
  }

  async stop(): Promise<void> {
    for (const { reject, timer } of this.waiting.values()) {
      clearTimeout(timer);
      reject(new Error('fake socket stopped'));
    }
    this.waiting.clear();
    if (!this.server) return;
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
    this.slack.socketModeUrl = null;
  }

  /** The next `times` apps.connections.open calls fail this way. */
  failNextConnect(failure: ConnectFailure, times = 1): void {
    this.slack.fail('apps.connections.open', FAILURES[failure], times);
  }

  /** apps.connections.open calls so far, failed ones included. */
  get connectCalls(): number {
    return this.slack.callsTo('apps.connections.open').length;
  }

  /** The open connection envelopes go to (the newest; Slack uses any of an app's sockets). */
  get live(): Connection | undefined {
    return this.connections.filter((c) => !c.closed).at(-1);
  }

  openConnections(): Connection[] {
    return this.connections.filter((c) => !c.closed);
  }

  /** Sends one envelope on the live connection; resolves with its ack. */
  deliver(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<Ack> {
    const envelopeId = `${String(++this.envelopeCounter).padStart(4, '0')}-e7d4-4c1b-9f0a-${type}`;
    return this.deliverRaw({ envelope_id: envelopeId, payload, type, ...extra });
  }

  /** Sends any message as it is (a forged envelope, say); resolves with the ack of its envelope_id. */
  deliverRaw(message: unknown): Promise<Ack> {
    const connection = this.live;
    if (!connection) return Promise.reject(new Error('no open Socket Mode connection'));
    const envelopeId = String((message as { envelope_id?: unknown })?.envelope_id);
    const acked = new Promise<Ack>((resolve, reject) => {
      // A guard, not a wait (Slack gives up after 3 s; a loaded test machine needs more slack).
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error(`no ack for envelope ${envelopeId}`));
      }, 10_000);
      this.waiting.set(envelopeId, { resolve, reject, timer });
    });
    connection.socket.send(JSON.stringify(message));
    return acked;
  }

  /** A slash command as Socket Mode delivers it: the form fields as JSON. */
  slashCommand(fields: SlashCommandFields): Promise<Ack> {
    return this.deliver(
      'slash_commands',
      {
        token: 'legacy-verification-token',
        team_id: fields.team ?? 'T1',
        team_domain: 'fake',
        channel_id: 'C1',
        channel_name: 'sales',
        user_id: fields.user ?? 'U1',
        user_name: (fields.user ?? 'U1').toLowerCase(),
        command: fields.command ?? '/deal',
        text: fields.text,
        api_app_id: 'A1',
        is_enterprise_install: 'false',
        response_url: fields.responseUrl,
        trigger_id: fields.triggerId ?? '123.456.abc',
      },
      { accepts_response_payload: true },
    );
  }

  /** block_actions, view_submission and the like: the payload object itself. */
  interactive(payload: Record<string, unknown>): Promise<Ack> {
    return this.deliver('interactive', payload, { accepts_response_payload: payload.type === 'view_submission' });
  }

  /** An Events API event in its event_callback wrapper. */
  event(event: Record<string, unknown>, team = 'T1'): Promise<Ack> {
    const id = ++this.eventCounter;
    return this.deliver(
      'events_api',
      {
        token: 'legacy-verification-token',
        team_id: team,
        api_app_id: 'A1',
        event,
        type: 'event_callback',
        event_id: `Ev0SOCKET${id}`,
        event_time: 1_700_000_000 + id,
        authorizations: [
          { enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
        ],
        is_ext_shared_channel: false,
      },
      { accepts_response_payload: false, retry_attempt: 0, retry_reason: '' },
    );
  }

  /** Slack's `disconnect` message on the live connection; the client is expected to reconnect. */
  disconnect(reason: DisconnectReason): void {
    this.liveOrThrow().socket.send(
      JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }),
    );
  }

  /** The TCP connection dies without a close frame (a network blip, a laptop lid). */
  drop(): void {
    this.liveOrThrow().socket.terminate();
  }

  /** The live connection stops answering pings, as a half-open link does. */
  muteLive(): void {
    this.liveOrThrow().answerPings = false;
  }

  /** Resolves once `count` connections have been accepted and greeted. */
  async connectionCount(count: number, what = `connection ${count}`): Promise<Connection> {
    for (let i = 0; i < 2000; i++) {
      const connection = this.connections[count - 1];
      if (connection) return connection;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  private liveOrThrow(): Connection {
    const connection = this.live;
    if (!connection) throw new Error('no open Socket Mode connection');
    return connection;
  }

  private accept(socket: WebSocket, ticket: string): void {
    const connection: Connection = {
      number: this.connections.length + 1,
      ticket,
      socket,
      answerPings: true,
      pings: 0,
      closed: false,
    };
    socket.on('ping', (data) => {
      connection.pings++;
      if (connection.answerPings) socket.pong(data);
    });
    socket.on('close', () => (connection.closed = true));
    socket.on('error', () => (connection.closed = true));
    socket.on('message', (data) => this.receive(connection, data.toString()));
    this.connections.push(connection);
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.openConnections().length,
        debug_info: { host: 'applink-fake-1', build_number: 118, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A1' },
      }),
    );
  }

  private receive(connection: Connection, raw: string): void {
    let message: { envelope_id?: string; payload?: Record<string, any> };
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (!message.envelope_id) return;
    const ack: Ack = {
      envelope_id: message.envelope_id,
      payload: message.payload ?? {},
      connection: connection.number,
    };
    this.acks.push(ack);
    const waiter = this.waiting.get(message.envelope_id);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiting.delete(message.envelope_id);
    waiter.resolve(ack);
  }
}
