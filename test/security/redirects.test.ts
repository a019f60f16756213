// Adversarial: a CSV download's redirects. Each hop is checked before it is asked, against the hosts the
// bot token may go to (Slack's file hosts; here an injected allow-list naming loopback servers): a hop to
// another allowed host is followed with the token, a hop anywhere else is refused before a byte is asked
// (the foreign host never sees the token), and a loop stops after MAX_DOWNLOAD_REDIRECTS.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deals } from '../../src/db/schema.js';
import { trustedDownloadUrl } from '../../src/slack/import-listener.js';
import { MAX_DOWNLOAD_REDIRECTS } from '../../src/slack/timeouts.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { fileShare, postEvent } from './support.js';

const REP = 'U0INGRID';
const CSV = [
  'Company,Amount,Stage',
  'Kjøbenhavns Sporvejsselskab A/S,"145.000,00",proposal',
  '"Ōsaka Kōgyō K.K.",3000000,demo',
  'Übersee-Handelsgesellschaft mbH & Co. KG,"12.500 EUR",qualified',
].join('\n');

/** A loopback web server that records each request (path and bearer token) and answers as `route` says. */
class FileHost {
  readonly requests: Array<{ path: string; token: string | null }> = [];
  origin = '';
  private server: Server | null = null;

  constructor(private readonly route: (path: string, host: FileHost) => { status: number; location?: string }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      const auth = req.headers.authorization ?? null;
      this.requests.push({ path, token: auth ? auth.replace(/^Bearer /, '') : null });
      const answer = this.route(path, this);
      if (answer.location) {
        res.writeHead(answer.status, { location: answer.location });
        return res.end();
      }
      res.writeHead(answer.status, { 'content-type': 'text/csv; charset=utf-8' });
      res.end(answer.status === 200 ? CSV : '');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let t: TestApp;
/** Stands for files.slack.com: allowed, serves the file to a bot token, and bounces or loops when asked. */
let edge: FileHost;
/** Anyone else: not allowed. */
let foreign: FileHost;

/** Shares a file whose Slack download answers 302 to `location`, and returns the DM the rep gets. */
async function shareRedirected(fileId: string, name: string, location: string): Promise<string> {
  t.fake.addFile({ id: fileId, name, content: 'never served', redirectTo: location });
  await postEvent(t, fileShare(fileId, REP));
  const dm = await eventually(
    () => t.fake.callsTo('chat.postMessage').find((c) => c.body.channel === `D${REP.slice(1)}`),
    'the DM to the rep',
  );
  return `${dm.body.text} ${JSON.stringify(dm.body.blocks)}`;
}

const repDeals = () => t.store.db.select().from(deals).where(eq(deals.ownerId, REP)).all();

describe('CSV download redirects', () => {
  beforeEach(async () => {
    edge = await new FileHost((path, host) => {
      if (path === '/loop') return { status: 302, location: '/loop' };
      if (path === '/relay') return { status: 307, location: `${foreign.origin}/x.csv` };
      if (path.startsWith('/bounce/')) return { status: 301, location: `${host.origin}/files/export.csv` };
      return { status: 200 };
    }).start();
    foreign = await new FileHost(() => ({ status: 200 })).start();
    t = await startTestApp({
      build: {
        importOptions: {
          // The injected allow-list: the fake Slack's origin and the edge, nothing else.
          trustedFileUrl: (url) => [t.fake.baseUrl, edge.origin].includes(new URL(url).origin),
        },
      },
    });
    t.fake.users.set(REP, { tz: 'Europe/Copenhagen', real_name: 'Ingrid Løvstad' });
  });
  afterEach(async () => {
    await t.stop();
    await edge.stop();
    await foreign.stop();
  });

  it('a redirect to another allowed host is followed, the bot token going along to that host', async () => {
    const dm = await shareRedirected('FREDIR1', 'pipeline Q4 (DK).csv', `${edge.origin}/bounce/1`);
    expect(dm).toContain('Imported pipeline Q4 (DK).csv: 3 new');
    // Slack's URL, then the two hops on the edge: each with the bot token, because each was allowed.
    expect(t.fake.downloads).toEqual([{ fileId: 'FREDIR1', token: 'xoxb-test-token' }]);
    expect(edge.requests).toEqual([
      { path: '/bounce/1', token: 'xoxb-test-token' },
      { path: '/files/export.csv', token: 'xoxb-test-token' },
    ]);
    expect(repDeals().map((d) => d.company)).toEqual(
      expect.arrayContaining(['Kjøbenhavns Sporvejsselskab A/S', 'Ōsaka Kōgyō K.K.']),
    );
  });

  it('a redirect to a foreign host is refused before it is asked: a clear DM, no token sent, nothing imported', async () => {
    const dm = await shareRedirected('FREDIR2', 'takeover.csv', `${foreign.origin}/steal?file=takeover.csv`);
    expect(dm).toContain(`Slack sent me somewhere other than its file servers (${new URL(foreign.origin).host})`);
    expect(dm).toContain('takeover.csv');
    expect(dm).toContain('nothing was imported');
    expect(foreign.requests).toEqual([]);
    expect(repDeals()).toHaveLength(0);
  });

  it('a hop from an allowed host on to a foreign one is refused too (each hop checked again)', async () => {
    const dm = await shareRedirected('FREDIR3', 'relay.csv', `${edge.origin}/relay`);
    expect(dm).toContain('somewhere other than its file servers');
    expect(edge.requests).toEqual([{ path: '/relay', token: 'xoxb-test-token' }]);
    expect(foreign.requests).toEqual([]);
    expect(repDeals()).toHaveLength(0);
  });

  it(`a redirect loop stops after ${MAX_DOWNLOAD_REDIRECTS} hops with a clear DM, nothing imported`, async () => {
    const dm = await shareRedirected('FREDIR4', 'loop.csv', `${edge.origin}/loop`);
    expect(dm).toContain(`Slack redirected loop.csv more than ${MAX_DOWNLOAD_REDIRECTS} times`);
    expect(dm).toContain('nothing was imported');
    // Slack's URL sent the first redirect; the edge was asked once per redirect followed.
    expect(edge.requests).toHaveLength(MAX_DOWNLOAD_REDIRECTS);
    expect(repDeals()).toHaveLength(0);
  });
});

describe("Slack's file hosts (the default check)", () => {
  it.each([
    ['https://files.slack.com/files-pri/T1-F1/download/a.csv', true],
    ['https://files-edge.slack-edge.com/T1-F1/a.csv', true],
    ['https://files.slack-gov.com/files-pri/T1-F1/a.csv', true],
    ['http://files.slack.com/files-pri/T1-F1/a.csv', false],
    ['https://files.slack.com.evil.example/a.csv', false],
    ['https://notslack.com/a.csv', false],
    ['https://slack.com@evil.example/a.csv', false],
    ['https://evil.example/?u=https://files.slack.com/a.csv', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(trustedDownloadUrl(url, undefined)).toBe(expected);
  });

  it('the Web API origin in use (GovSlack, a test fake) is trusted, its other ports are not', () => {
    expect(trustedDownloadUrl('http://127.0.0.1:4100/files-pri/x.csv', 'http://127.0.0.1:4100/api/')).toBe(true);
    expect(trustedDownloadUrl('http://127.0.0.1:4101/files-pri/x.csv', 'http://127.0.0.1:4100/api/')).toBe(false);
  });
});
