// A minimal local stand-in for Slack's Web API (and response_url) for the benchmark: it answers
// every method the app calls at once and keeps counts, not the calls themselves, so that a long
// run does not grow in memory. (test/support/fake-slack.ts is the recording fake for the tests.)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class BenchSlack {
  /** Calls per Web API method (and "response_url" for responses). */
  readonly counts = new Map<string, number>();
  private readonly publishes = new Map<string, number>();
  private readonly waiters: Array<{ user: string; above: number; resolve: () => void }> = [];
  private server: Server | null = null;
  private ts = 0;
  baseUrl = '';

  /** The Web API base to give the app (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  /** How many times a user's App Home was published. */
  publishesOf(user: string): number {
    return this.publishes.get(user) ?? 0;
  }

  /** Resolves once the user's App Home has been published more than `above` times (false on timeout). */
  waitForPublish(user: string, above: number, timeoutMs: number): Promise<boolean> {
    if (this.publishesOf(user) > above) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { user, above, resolve: () => resolve(true) };
      this.waiters.push(waiter);
      setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
          resolve(false);
        }
      }, timeoutMs).unref();
    });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
      this.counts.set(method, this.count(method) + 1);
      if (method === 'views.publish')
        this.published(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('user_id') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.answer(method)));
    });
  }

  private published(user: string): void {
    const count = this.publishesOf(user) + 1;
    this.publishes.set(user, count);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (waiter.user === user && count > waiter.above) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private answer(method: string): Record<string, unknown> {
    const ts = `${1_700_000_000 + ++this.ts}.000100`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://bench.slack.test/',
          team: 'Bench',
          user: 'dealcoach',
          team_id: 'TBENCH0001',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'users.info':
        return { ok: true, user: { id: 'U', name: 'rep', real_name: 'Rep', tz: 'America/New_York', profile: {} } };
      case 'chat.postMessage':
        return { ok: true, channel: 'DBENCH', ts };
      case 'chat.update':
        return { ok: true, channel: 'DBENCH', ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'conversations.open':
        return { ok: true, channel: { id: 'DBENCH' } };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${this.ts}` } };
      default:
        return { ok: true };
    }
  }
}
