// Slash commands as Slack sends them (form-encoded, signed with the signing secret), posted over a
// kept-alive connection, timed from the first byte sent to the last byte of the ack received.
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789';

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function slashCommandBody(fields: { text: string; user: string; team: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team,
    team_domain: 'bench',
    channel_id: 'CBENCH',
    channel_name: 'sales',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/deal',
    text: fields.text,
    response_url: fields.responseUrl,
    trigger_id: '1337.42.benchtrigger',
    api_app_id: 'ABENCH',
  }).toString();
}

export interface Posted {
  status: number;
  body: string;
  /** From the request being written to the whole response being read. */
  ms: number;
}

export class SignedPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  constructor(
    private readonly url: URL,
    private readonly secret: string = BENCH_SIGNING_SECRET,
  ) {}

  post(body: string): Promise<Posted> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(this.secret, timestamp, body),
    };
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(this.url, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
