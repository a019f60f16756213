// A small local fake of Slack's Web API (and of response_url) that records every call and can be
// told to fail: 429 with Retry-After, 500, a Slack error such as channel_not_found, a connection reset
// or a call that never answers. apps.connections.open hands out a Socket Mode URL (see fake-socket.ts).
// Like Slack, it refuses blocks over the Block Kit limits (invalid_blocks, invalid_arguments for views)
// and messages whose blocks carry too much text in all (msg_blocks_too_long), and posts in a channel the
// bot is not in (not_in_channel; a private one it is not in is channel_not_found), archived or deleted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blocksTextLength, checkBlocks, checkView, L } from './block-kit-limits.js';

/**
 * Slack refuses a message whose blocks carry more text than this in all, each block within its limits or not:
 * the smallest total Slack has been seen to refuse (msg_blocks_too_long at ~11,300 characters).
 */
export const BLOCKS_TEXT_LIMIT = L.messageBlocksText;

/** Every text object's characters, as Slack counts them for msg_blocks_too_long (one count for all tests). */
export const blocksText = (node: unknown): number => blocksTextLength(node);

export interface RecordedCall {
  method: string;
  body: Record<string, any>;
  token: string | null;
}

export interface InjectedResponse {
  status?: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Drop the TCP connection instead of answering (ECONNRESET on the client). */
  reset?: boolean;
  /** Never answer (until the fake stops): the client's timeout has to notice. */
  hang?: boolean;
  /** chat.postMessage only: post the message as usual (it is in the channel's history), then never answer. */
  postThenHang?: boolean;
  /** Answer as usual: queued before another injection, it lets that many calls through first. */
  pass?: boolean;
}

/** A message in a channel's history, as conversations.history returns it. */
export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeUser {
  tz?: string;
  real_name?: string;
  email?: string;
  /** Slack's workspace admin / owner flags (users.info, users.list). */
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  /** A deactivated account: users.list still lists it. */
  deleted?: boolean;
  is_bot?: boolean;
  /** The workspace the member belongs to (default T1): users.list with team_id lists only its members. */
  team?: string;
}

/** users.list: Slack's maximum page (it takes no more), and the size above which a limit is required. */
export const USERS_LIST_MAX_LIMIT = 1000;
export const USERS_LIST_LIMIT_REQUIRED_ABOVE = 500;
/**
 * A channel of the fake workspace, as conversations.info describes it. A C… or G… id the test did not set up
 * is a public channel the bot is in, so tests that do not care about channels need not set one up.
 */
export interface FakeChannel {
  name?: string;
  is_private?: boolean;
  /** Whether the bot was invited (default true). */
  is_member?: boolean;
  is_archived?: boolean;
  /** Deleted: every call answers channel_not_found. */
  deleted?: boolean;
}

/** A file the fake serves: files.info describes it, its url_private_download serves the bytes. */
export interface FakeFile {
  id: string;
  name: string;
  content: string | Buffer;
  filetype?: string;
  mimetype?: string;
  /** What files.info reports (defaults to the content's length). */
  size?: number;
  /** Content-Type of the download (Slack sends text/html when the token may not read files). */
  contentType?: string;
  /** When set, the download sends the first half of the bytes and the rest once this settles. */
  hold?: Promise<unknown>;
  /** When set, the download answers 302 to this Location instead of sending the bytes. */
  redirectTo?: string;
}

/** A call Slack would have refused for its blocks, with what was wrong. */
export interface RejectedCall {
  method: string;
  error: string;
  problems: string[];
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'chat.scheduleMessage']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Calls answered with invalid_blocks, invalid_arguments or msg_blocks_too_long. */
  readonly rejected: RejectedCall[] = [];
  /** Bodies posted to response_url endpoints, in order. */
  readonly responses: Record<string, any>[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Channels set up by the test (see FakeChannel for the ones it did not). */
  readonly channels = new Map<string, FakeChannel>();
  /** Files known to files.info and downloadable at their url_private_download. */
  readonly files = new Map<string, FakeFile>();
  /** Every file download, with the bearer token it carried. */
  readonly downloads: Array<{ fileId: string; token: string | null }> = [];
  /** Every message chat.postMessage took, per channel (a DM to U… lands in D…), oldest first. */
  readonly history = new Map<string, PostedMessage[]>();
  private readonly injected = new Map<string, InjectedResponse[]>();
  /**
   * users.list sends at most this many members a page even when more were asked for (Slack may send fewer
   * than the limit before the end: only an empty next_cursor ends the list). Unset: the limit.
   */
  usersPageCap: number | null = null;
  /** What apps.connections.open hands out (a FakeSocketMode sets it); unset, Slack's answer to a bot token. */
  socketModeUrl: (() => string) | null = null;
  private server: Server | null = null;
  private tsCounter = 0;
  baseUrl = '';

  /** The Web API base to give the client (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url that records what the app sends to it. */
  responseUrl(id = 'r1'): string {
    return `${this.baseUrl}/response/${id}`;
  }

  /** The next `times` calls of `method` get this response instead of the normal one. */
  fail(method: string, response: InjectedResponse, times = 1): void {
    const queue = this.injected.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(response);
    this.injected.set(method, queue);
  }

  /** Adds a file; returns its private download URL on this server. */
  addFile(file: FakeFile): string {
    this.files.set(file.id, file);
    return this.downloadUrl(file);
  }

  private downloadUrl(file: FakeFile): string {
    return `${this.baseUrl}/files-pri/T1-${file.id}/download/${encodeURIComponent(file.name)}`;
  }

  /** The messages that reached a channel (or a user's DM), thread replies included. */
  postedTo(channelOrUser: string): PostedMessage[] {
    return this.history.get(dmChannelOf(channelOrUser)) ?? [];
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = parseBody(raw, req.headers['content-type'] ?? '');
    if (url.pathname.startsWith('/files-pri/')) return this.serveFile(url, req, res);
    if (url.pathname.startsWith('/response/')) {
      this.responses.push(body);
      return send(res, 200, { ok: true });
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization ?? null;
    this.calls.push({ method, body, token: auth ? auth.replace(/^Bearer /, '') : (body.token ?? null) });
    const next = this.injected.get(method)?.shift();
    const injected = next?.pass ? undefined : next;
    if (injected?.reset) return void req.socket.destroy();
    if (injected?.hang) return;
    if (injected?.postThenHang) {
      if (!this.refuseBlocks(method, body)) this.answer(method, body);
      return;
    }
    if (injected)
      return send(res, injected.status ?? 200, injected.body ?? { ok: false, error: 'injected' }, injected.headers);
    const refusal = this.refuseBlocks(method, body);
    if (refusal) return send(res, 200, refusal);
    return send(res, 200, this.answer(method, body));
  }

  /** Slack's answer to blocks it will not take, or null when it takes them. */
  private refuseBlocks(method: string, body: Record<string, any>): Record<string, unknown> | null {
    let error: string | null = null;
    let problems: string[] = [];
    if (MESSAGE_METHODS.has(method) && body.blocks !== undefined) {
      problems = Array.isArray(body.blocks)
        ? checkBlocks(body.blocks, L.messageBlocks, 'blocks', { advice: false })
        : ['blocks: not a JSON array'];
      const total = problems.length === 0 ? blocksTextLength(body.blocks) : 0;
      if (problems.length > 0) error = 'invalid_blocks';
      else if (total > BLOCKS_TEXT_LIMIT) {
        error = 'msg_blocks_too_long';
        problems = [`blocks: ${total} characters of text in all > ${BLOCKS_TEXT_LIMIT}`];
      }
    } else if (VIEW_METHODS.has(method) && body.view !== undefined) {
      problems = typeof body.view === 'object' ? checkView(body.view, { advice: false }) : ['view: not a JSON object'];
      if (problems.length > 0) error = 'invalid_arguments';
    }
    if (!error) return null;
    this.rejected.push({ method, error, problems });
    return { ok: false, error, errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
  }

  /** Like files.slack.com: the bytes with a valid bot token, a sign-in page without one. */
  private serveFile(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const fileId = url.pathname.split('/')[2]!.replace(/^T1-/, '');
    const auth = req.headers.authorization ?? null;
    const token = auth ? auth.replace(/^Bearer /, '') : null;
    this.downloads.push({ fileId, token });
    const file = this.files.get(fileId);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (file.redirectTo) {
      res.writeHead(302, { location: file.redirectTo, 'content-type': 'text/plain' });
      res.end('Found');
      return;
    }
    if (!token?.startsWith('xoxb-')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType ?? 'text/csv' });
    if (!file.hold) {
      res.end(file.content);
      return;
    }
    const bytes = Buffer.from(file.content);
    const half = Math.floor(bytes.length / 2);
    res.write(bytes.subarray(0, half));
    void file.hold.finally(() => res.end(bytes.subarray(half)));
  }

  /**
   * users.list as Slack pages it: `limit` (at most 1,000; required for a large workspace), an opaque
   * cursor (a made-up one is invalid_cursor), members of the token's workspace (team_id picks one, as an
   * org-wide token does), deleted members and bots included.
   */
  private usersList(body: Record<string, any>): Record<string, unknown> {
    const team = String(body.team_id ?? 'T1');
    const members = [...this.users].filter(([, u]) => (u.team ?? 'T1') === team);
    const asked = body.limit === undefined || body.limit === '' ? null : Number(body.limit);
    if (asked !== null && (!Number.isInteger(asked) || asked < 0)) return { ok: false, error: 'invalid_limit' };
    if ((asked === null || asked === 0) && members.length > USERS_LIST_LIMIT_REQUIRED_ABOVE)
      return { ok: false, error: 'limit_required' };
    let start = 0;
    if (body.cursor) {
      const decoded = /^users:(\d+):(.+)$/.exec(Buffer.from(String(body.cursor), 'base64').toString('utf8'));
      if (!decoded || decoded[2] !== team) return { ok: false, error: 'invalid_cursor' };
      start = Number(decoded[1]);
    }
    const limit = Math.min(
      asked || members.length,
      USERS_LIST_MAX_LIMIT,
      this.usersPageCap ?? Number.POSITIVE_INFINITY,
    );
    const page = members.slice(start, start + limit);
    const next =
      start + page.length < members.length
        ? Buffer.from(`users:${start + page.length}:${team}`).toString('base64')
        : '';
    return {
      ok: true,
      members: page.map(([id, user]) => memberOf(id, user)),
      cache_ts: 1_700_000_000,
      response_metadata: { next_cursor: next },
    };
  }

  /** A channel as Slack sees it from the bot: public channels are visible to it, private ones only from inside. */
  private channelFor(id: string): (FakeChannel & { id: string }) | null {
    const set = this.channels.get(id);
    const channel = { id, name: id.toLowerCase(), is_private: false, is_member: true, is_archived: false, ...set };
    if (channel.deleted || (channel.is_private && !channel.is_member)) return null;
    return channel;
  }

  /** What Slack answers the bot about a channel it would post in or read, or null when it may. */
  private channelRefusal(method: string, id: string): Record<string, unknown> | null {
    if (!/^[CG]/.test(id)) return null;
    const channel = this.channelFor(id);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (method === 'chat.postMessage' && channel.is_archived) return { ok: false, error: 'is_archived' };
    if (!channel.is_member) return { ok: false, error: 'not_in_channel' };
    return null;
  }

  private answer(method: string, body: Record<string, any>): Record<string, unknown> {
    const ts = () => `${1700000000 + ++this.tsCounter}.000${String(this.tsCounter).padStart(3, '0')}`;
    if (['chat.postMessage', 'conversations.history', 'conversations.replies'].includes(method)) {
      const refusal = this.channelRefusal(method, String(body.channel));
      if (refusal) return refusal;
    }
    switch (method) {
      case 'conversations.info': {
        const channel = this.channelFor(String(body.channel));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const { deleted: _, ...shown } = channel;
        return { ok: true, channel: { ...shown, is_channel: !shown.is_private, is_group: shown.is_private } };
      }
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'dealcoach',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'users.info': {
        const user = this.users.get(body.user);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: memberOf(body.user, user) };
      }
      case 'users.list':
        return this.usersList(body);
      case 'chat.postMessage': {
        const message: PostedMessage = { channel: dmChannelOf(String(body.channel)), ts: ts(), text: body.text };
        if (body.thread_ts) message.thread_ts = body.thread_ts;
        if (body.metadata && typeof body.metadata === 'object') message.metadata = body.metadata;
        this.history.set(message.channel, [...(this.history.get(message.channel) ?? []), message]);
        return { ok: true, channel: message.channel, ts: message.ts, message: { text: body.text } };
      }
      case 'conversations.history': {
        // Like Slack: newest first, top-level messages only, metadata only when asked for.
        const messages = (this.history.get(String(body.channel)) ?? []).filter((m) => !m.thread_ts).reverse();
        const all = body.include_all_metadata === true || body.include_all_metadata === 'true';
        return {
          ok: true,
          has_more: false,
          messages: messages.map(({ metadata, ...m }) => ({
            type: 'message',
            ...m,
            ...(all && metadata ? { metadata } : {}),
          })),
        };
      }
      case 'conversations.replies': {
        // Like Slack: the parent, then its replies, oldest first; metadata only when asked for.
        const thread = (this.history.get(String(body.channel)) ?? []).filter(
          (m) => m.ts === body.ts || m.thread_ts === body.ts,
        );
        if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
        const all = body.include_all_metadata === true || body.include_all_metadata === 'true';
        return {
          ok: true,
          has_more: false,
          messages: thread.map(({ metadata, ...m }) => ({
            type: 'message',
            ...m,
            ...(all && metadata ? { metadata } : {}),
          })),
        };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${++this.tsCounter}`, ...(typeof body.view === 'object' ? body.view : {}) } };
      case 'files.info': {
        const file = this.files.get(body.file);
        if (!file) break;
        const size = file.size ?? Buffer.byteLength(file.content);
        const url = this.downloadUrl(file);
        return {
          ok: true,
          file: {
            id: file.id,
            name: file.name,
            title: file.name,
            filetype: file.filetype ?? 'csv',
            mimetype: file.mimetype ?? 'text/csv',
            size,
            url_private: url,
            url_private_download: url,
          },
        };
      }
      case 'users.lookupByEmail': {
        const found = [...this.users].find(
          ([, u]) => u.email && u.email.toLowerCase() === String(body.email).toLowerCase(),
        );
        if (!found) return { ok: false, error: 'users_not_found' };
        return {
          ok: true,
          user: {
            id: found[0],
            name: found[0].toLowerCase(),
            real_name: found[1].real_name ?? found[0],
            profile: { email: found[1].email },
          },
        };
      }
      case 'apps.connections.open':
        return this.socketModeUrl
          ? { ok: true, url: this.socketModeUrl() }
          : { ok: false, error: 'not_allowed_token_type' };
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannelOf(String(body.users)) } };
      default:
        return { ok: true };
    }
    return { ok: true };
  }
}

/** A user as users.info and users.list describe them. */
function memberOf(id: string, user: FakeUser) {
  return {
    id,
    team_id: user.team ?? 'T1',
    name: id.toLowerCase(),
    real_name: user.real_name ?? id,
    tz: user.tz ?? 'America/New_York',
    deleted: user.deleted ?? false,
    is_bot: user.is_bot ?? false,
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_primary_owner: user.is_primary_owner ?? false,
    profile: { email: user.email },
  };
}

/** Slack's DM channel with a user: U123 -> D123 (channels stay as they are). */
function dmChannelOf(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form fields, with blocks/views as JSON strings; response_url gets JSON. */
function parseBody(raw: string, contentType: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
