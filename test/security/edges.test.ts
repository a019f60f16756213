// Adversarial edges: /healthz tells the truth about the database; bodies are refused before they are
// read when they cannot be Slack's; forged payload types get 400, never 500; start-up names the file.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, openStore } from '../../src/db/index.js';
import { deals, users } from '../../src/db/schema.js';
import { MAX_REQUEST_BODY_BYTES } from '../../src/slack/edge.js';
import { eventually, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app-harness.js';
import { BIN } from '../support/cli.js';
import { interactionBody, postSigned, postSignedJson, slackSignature } from '../support/signed.js';
import { bareBlockActions } from '../support/slack-interactions.js';
import { tempDatabase, testTempDir } from '../support/temp-db.js';
import { fileShare, say } from './support.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const isRoot = process.getuid?.() === 0;

/** A tmpfs of `size` for a disk-full test; null where this user may not mount (CI runners). */
function smallDisk(size: string): { dir: string; release(): void } | null {
  if (!isRoot) return null;
  const dir = mkdtempSync(join(tmpdir(), 'dealcoach-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (mounted.status !== 0) return null;
  return {
    dir,
    release: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('/healthz', () => {
  it('answers 503 naming the file once the database file is deleted', async () => {
    const database = tempDatabase('dealcoach-health-');
    t = await startTestApp({ store: openStore(database.url) });
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    unlinkSync(database.path);
    const down = await fetch(`${t.baseUrl}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      ok: false,
      database: 'unavailable',
      reason: `the database file ${database.path} is gone`,
    });
  });

  it('answers at once, 200 with database "busy", while another connection holds the write lock', async () => {
    const database = tempDatabase('dealcoach-health-');
    t = await startTestApp({ store: openStore(database.url) });
    // Another process (the CLI's import, the scan worker) in the middle of a write transaction.
    const other = new Database(database.path);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    other
      .prepare('INSERT INTO audit_events (team_id, actor_id, action, subject, at) VALUES (?, ?, ?, ?, ?)')
      .run('T1', 'U0CLI', 'import.started', 'Zürcher Kantonalbank – Q4 pipeline.csv', Date.now());
    try {
      const started = performance.now();
      const busy = await fetch(`${t.baseUrl}/healthz`);
      const tookMs = performance.now() - started;
      expect(busy.status).toBe(200);
      expect(await busy.json()).toEqual({
        ok: true,
        database: 'busy',
        note: 'another connection holds the write lock; the write was not checked',
      });
      // The check does not wait for the lock at all (a wait would block the event loop).
      expect(tookMs).toBeLessThan(1000);
      // The connection's own busy timeout is back afterwards (the check set it to 0 for its write).
      expect(t.store.sqlite.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    expect(await (await fetch(`${t.baseUrl}/healthz`)).json()).toEqual({ ok: true, database: 'open' });
  });

  it.skipIf(isRoot)('answers 503 once the database file is made read-only', async () => {
    const database = tempDatabase('dealcoach-health-');
    t = await startTestApp({ store: openStore(database.url) });
    chmodSync(database.path, 0o444);
    const down = await fetch(`${t.baseUrl}/healthz`);
    expect(down.status).toBe(503);
    expect((await down.json()).reason).toContain('read-only');
  });

  const disk = smallDisk('2m');
  it.skipIf(!disk)(
    'answers 503 when the disk is full (a real tmpfs filled up), 200 again once there is room',
    async () => {
      try {
        t = await startTestApp({ store: openStore(`file:${join(disk!.dir, 'dealcoach.db')}`) });
        expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
        const filler = join(disk!.dir, 'filler');
        try {
          writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024));
        } catch (error) {
          expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
        }
        const full = await fetch(`${t.baseUrl}/healthz`);
        expect(full.status).toBe(503);
        expect((await full.json()).reason).toBe('a write to the database failed: database or disk is full');
        unlinkSync(filler);
        expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
      } finally {
        await t?.stop();
        t = null;
        disk!.release();
      }
    },
  );
});

/** Sends only the headers of a POST and resolves with the status, without ever sending the body. */
function headersOnly(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.flushHeaders();
  });
}

describe('request bodies', () => {
  it('refuses a signed-looking 50 MB body with 413 and an unsigned 2 MB one with 401, before reading a byte', async () => {
    t = await startTestApp();
    const now = String(Math.floor(Date.now() / 1000));
    const signed = {
      'content-type': 'application/json',
      'x-slack-request-timestamp': now,
      'x-slack-signature': `v0=${'a'.repeat(64)}`,
    };
    expect(await headersOnly(t.eventsUrl, { ...signed, 'content-length': String(50 * 1024 * 1024) })).toBe(413);
    expect(
      await headersOnly(t.eventsUrl, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) }),
    ).toBe(401);
    // A stale timestamp could never pass: refused before the body too.
    const stale = { ...signed, 'x-slack-request-timestamp': String(Number(now) - 3600), 'content-length': '900000' };
    expect(await headersOnly(t.eventsUrl, stale)).toBe(401);
    expect(await say(t, 'U0INES', 'list')).toContain('deal');
  });

  it('stops reading a chunked body (no Content-Length) at 1 MB with 413', async () => {
    t = await startTestApp();
    const body = JSON.stringify({
      type: 'event_callback',
      event: { type: 'app_home_opened', user: 'U1', text: 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1) },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const chunks = (async function* () {
      for (let i = 0; i < body.length; i += 256 * 1024) yield new TextEncoder().encode(body.slice(i, i + 256 * 1024));
    })();
    const response = await fetch(t.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
      },
      body: chunks as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('still answers ssl_check, the one unsigned request Slack sends', async () => {
    t = await startTestApp();
    const response = await fetch(t.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x',
    });
    expect(response.status).toBe(200);
  });
});

describe('forged payloads (validly signed, wrong types)', () => {
  const blockActions = (overrides: Record<string, unknown>) => bareBlockActions('U0KAI', overrides);
  const viewSubmission = (values: unknown) => ({
    type: 'view_submission',
    team: { id: 'T1' },
    user: { id: 'U0KAI', team_id: 'T1' },
    view: { id: 'V1', callback_id: 'deal_new', private_metadata: '', state: { values } },
  });
  const cases: Array<[string, unknown]> = [
    ['a user id that is a number', blockActions({ user: { id: 42 } })],
    ['actions that are a string', blockActions({ actions: 'draft_approve' })],
    [
      'an action value that is an object',
      blockActions({ actions: [{ type: 'button', action_id: 'draft_approve', value: { id: 1 } }] }),
    ],
    [
      'a form value that is a number',
      viewSubmission({ company: { company: { type: 'plain_text_input', value: 12_500 } } }),
    ],
    ['form state that is an array', viewSubmission(['Zürich Versicherungs-Gesellschaft AG'])],
    ['a payload that is an array', [1, 2, 3]],
  ];
  for (const [what, payload] of cases) {
    it(`answers 400 to ${what}, and changes nothing`, async () => {
      t ??= await startTestApp();
      const response = await postSigned(t.eventsUrl, SIGNING_SECRET, interactionBody(payload));
      expect(response.status).toBe(400);
      expect(t.store.db.select().from(deals).all()).toHaveLength(0);
    });
  }

  it('answers 400 to events whose event is not an object or whose user is not a string', async () => {
    t = await startTestApp();
    for (const event of [
      5,
      'app_home_opened',
      { type: 'app_home_opened', user: ['U1'], tab: 'home' },
      { type: 'message', files: 'x.csv' },
    ]) {
      const response = await postSignedJson(t.eventsUrl, SIGNING_SECRET, {
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'Ev1',
        event,
      });
      expect(response.status).toBe(400);
    }
    expect(t.fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('answers 400 to a slash command with a field sent twice (an array), then serves the real one', async () => {
    t = await startTestApp();
    const fields = 'command=%2Fdeal&team_id=T1&user_id=U0KAI&user_id=U0LEO&text=list&response_url=x&trigger_id=1';
    expect((await postSigned(t.eventsUrl, SIGNING_SECRET, fields)).status).toBe(400);
    expect(await say(t, 'U0KAI', 'new Zürich Versicherungs-Gesellschaft AG value 48.000 EUR')).toContain('Zürich');
  });
});

describe('payloads missing what the listeners write under (validly signed)', () => {
  /** A /deal as Slack sends it, minus or plus some fields; the deal it would create is Hanseatic's. */
  const slash = (drop: string[], set: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      token: 'legacy-verification-token',
      team_id: 'T1',
      team_domain: 'fake',
      channel_id: 'C1',
      user_id: 'U0HANNA',
      user_name: 'hanna',
      command: '/deal',
      text: 'new "Hanseatic Kühllogistik GmbH" value 84.000 EUR stage proposal',
      response_url: t!.fake.responseUrl('missing'),
      trigger_id: '4916855695380.42.missing',
      api_app_id: 'A1',
      ...set,
    };
    for (const field of drop) delete fields[field];
    return postSigned(t!.eventsUrl, SIGNING_SECRET, new URLSearchParams(fields).toString());
  };
  /** What the app asked Slack (Bolt checks its token with auth.test once, whatever the payload). */
  const slackCalls = () => t!.fake.calls.filter((c) => c.method !== 'auth.test').map((c) => c.method);
  const nothingWritten = () => {
    expect(t!.store.db.select().from(deals).all()).toEqual([]);
    expect(t!.store.db.select().from(users).all()).toEqual([]);
  };

  it('refuses a /deal without response_url, trigger_id or a team id, or with an empty one, before creating anything', async () => {
    t = await startTestApp();
    for (const [drop, set] of [
      [['response_url'], {}],
      [[], { response_url: '' }],
      [[], { response_url: 'not a url' }],
      [['trigger_id'], {}],
      [['team_id'], {}],
      [[], { team_id: '' }],
      [[], { user_id: '' }],
    ] as Array<[string[], Record<string, string>]>) {
      const response = await slash(drop, set);
      expect(response.status, JSON.stringify({ drop, set })).toBe(400);
    }
    nothingWritten();
    expect(slackCalls()).toEqual([]);
    // The same command, whole, is served.
    const whole = await slash([]);
    expect(whole.status).toBe(200);
    await eventually(() => t!.store.db.select().from(deals).get(), 'the deal');
    expect(
      t.store.db
        .select()
        .from(users)
        .all()
        .map((u) => [u.teamId, u.slackId]),
    ).toEqual([['T1', 'U0HANNA']]);
  });

  it('refuses presses and forms with no team id (or an empty one) and presses on a message without response_url', async () => {
    t = await startTestApp();
    const press = (overrides: Record<string, unknown>) =>
      bareBlockActions('U0HANNA', { response_url: t!.fake.responseUrl('p'), ...overrides });
    const form = (team: unknown, userTeam: string | undefined) => ({
      type: 'view_submission',
      ...(team === undefined ? {} : { team }),
      user: { id: 'U0HANNA', ...(userTeam === undefined ? {} : { team_id: userTeam }) },
      view: {
        id: 'V1',
        callback_id: 'deal_modal',
        private_metadata: '',
        state: {
          values: {
            company: { input: { type: 'plain_text_input', value: 'Hanseatic Kühllogistik GmbH' } },
            value: { input: { type: 'plain_text_input', value: '84.000 EUR' } },
          },
        },
      },
    });
    for (const payload of [
      press({ team: null, user: { id: 'U0HANNA' } }),
      press({ team: { id: '' }, user: { id: 'U0HANNA', team_id: '' } }),
      press({ user: { id: '', team_id: 'T1' } }),
      press({ trigger_id: '' }),
      press({ response_url: undefined, container: { type: 'message', message_ts: '1700000001.000001' } }),
      press({ channel: { id: '' } }),
      form(null, undefined),
      form(undefined, undefined),
      form({ id: '' }, ''),
    ]) {
      const response = await postSigned(t.eventsUrl, SIGNING_SECRET, interactionBody(payload));
      expect(response.status, JSON.stringify(payload).slice(0, 200)).toBe(400);
    }
    nothingWritten();
    expect(slackCalls()).toEqual([]);
    // A form with the workspace only on the user (as Slack sends some) is served.
    const served = await postSigned(t.eventsUrl, SIGNING_SECRET, interactionBody(form(undefined, 'T1')));
    expect(served.status).toBe(200);
    await eventually(() => t!.store.db.select().from(deals).get(), 'the deal from the form');
    expect(t.store.db.select().from(deals).get()).toMatchObject({ teamId: 'T1', ownerId: 'U0HANNA' });
  });

  it('refuses events without a team id, and an App Home opened by nobody, before reading or writing anything', async () => {
    t = await startTestApp();
    t.fake.users.set('U0HANNA', { tz: 'Europe/Berlin', real_name: 'Hanna Petersen' });
    const opened = (user?: string) => ({
      type: 'app_home_opened',
      ...(user === undefined ? {} : { user }),
      tab: 'home',
    });
    for (const envelope of [
      { type: 'event_callback', event_id: 'Ev1', event: opened('U0HANNA') },
      { type: 'event_callback', team_id: '', event_id: 'Ev2', event: opened('U0HANNA') },
      { type: 'event_callback', team_id: 'T1', event_id: 'Ev3', event: opened() },
      { type: 'event_callback', team_id: 'T1', event_id: 'Ev4', event: opened('') },
      { type: 'event_callback', team_id: 'T1', event_id: 'Ev5', event: { ...fileShare('F1', ''), channel: 'D1' } },
    ]) {
      const response = await postSignedJson(t.eventsUrl, SIGNING_SECRET, envelope);
      expect(response.status, JSON.stringify(envelope)).toBe(400);
    }
    nothingWritten();
    expect(slackCalls()).toEqual([]);
    const whole = await postSignedJson(t.eventsUrl, SIGNING_SECRET, {
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev6',
      event: opened('U0HANNA'),
    });
    expect(whole.status).toBe(200);
    await eventually(() => t!.fake.callsTo('views.publish')[0], 'the App Home');
    expect(
      t.store.db
        .select()
        .from(users)
        .all()
        .map((u) => [u.teamId, u.slackId]),
    ).toEqual([['T1', 'U0HANNA']]);
  });
});

/** How `dealcoach migrate` is run so that file permissions bind it (root writes a read-only file anyway). */
type Runner = { how: 'self' } | { how: 'setpriv' } | { how: 'nobody'; uid: number };

const NOBODY = 65534;
/** Root without the capabilities that override file permissions: uid 0 still reads a checkout only root can enter. */
const DROP_DAC = ['dac_override', 'dac_read_search', 'fowner'].map((c) => `-${c}`).join(',');

describe('start-up errors name the file and say what to do', () => {
  const migrate = (url: string, runner: Runner = { how: 'self' }) => {
    const node = [BIN, 'migrate'];
    const [command, args] =
      runner.how === 'setpriv'
        ? ['setpriv', [`--inh-caps=${DROP_DAC}`, `--bounding-set=${DROP_DAC}`, '--', process.execPath, ...node]]
        : [process.execPath, node];
    return spawnSync(command, args, {
      env: { PATH: process.env.PATH, DATABASE_URL: url },
      encoding: 'utf8',
      timeout: 30_000,
      ...(runner.how === 'nobody' ? { uid: runner.uid, gid: runner.uid } : {}),
    });
  };

  /**
   * As root: the first way to run dealcoach that file permissions bind and that can still reach the code (a
   * control run migrates a writable database), or why there is none. A checkout in a folder other users cannot
   * enter (a fresh temporary folder) is out of nobody's reach, but not of root without its DAC capabilities.
   */
  function unprivilegedRunner(): Runner | string {
    const tried: string[] = [];
    const candidates: Runner[] = [{ how: 'setpriv' }, { how: 'nobody', uid: NOBODY }];
    for (const runner of candidates) {
      const dir = testTempDir('dealcoach-control-');
      chmodSync(dir, runner.how === 'nobody' ? 0o777 : 0o755);
      const control = migrate(`file:${join(dir, 'control.db')}`, runner);
      if (control.status === 0) return runner;
      tried.push(`${runner.how}: ${(control.error?.message ?? control.stderr).trim().split('\n')[0]}`);
    }
    return tried.join('; ');
  }

  it('a folder where the database file should be', () => {
    const dir = testTempDir('dealcoach-folder-');
    mkdirSync(join(dir, 'dealcoach.db'));
    const result = migrate(`file:${join(dir, 'dealcoach.db')}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `the database ${join(dir, 'dealcoach.db')} is a folder, not a file: point DATABASE_URL at a file`,
    );
  });

  it('a read-only database file (and folder)', (ctx) => {
    // root writes anyway: as root the check runs without root's power over file permissions, from any checkout.
    const runner = isRoot ? unprivilegedRunner() : ({ how: 'self' } as const);
    if (typeof runner === 'string') {
      ctx.skip(`no way to run dealcoach that file permissions bind and that can reach this checkout (${runner})`);
      return;
    }
    const dir = testTempDir('dealcoach-ro-');
    chmodSync(dir, 0o755);
    const file = join(dir, 'dealcoach.db');
    openStore(`file:${file}`).close();
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    const result = migrate(`file:${file}`, runner);
    chmodSync(dir, 0o755);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(`the database ${file} cannot be written`);
    expect(result.stderr).toContain('give the user running dealcoach write access to the file and its folder');
  });
});
