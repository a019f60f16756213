// The real binary, started as an admin would: environment variables only.
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, runBinSync } from '../support/cli.js';
import { FakeSlack } from '../support/fake-slack.js';
import { freePort } from '../../src/bench/http.js';
import { postSigned, slackSignature, slashCommandBody } from '../support/signed.js';
import { fileTempDir } from '../support/temp-db.js';

const SECRET = 'process-test-signing-secret';

async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`bot exited early: ${stderr()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`bot did not become healthy: ${stderr()}`);
}

describe('dealcoach start', () => {
  const fake = new FakeSlack();
  const dir = fileTempDir('dealcoach-start-');
  const dbPath = join(dir, 'bot.db');
  let child: ChildProcess;
  let base = '';
  let stderr = '';

  beforeAll(async () => {
    await fake.start();
    fake.users.set('U1', { tz: 'Europe/Paris', real_name: 'Rita' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [BIN, 'start'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-process-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_URL: `file:${dbPath}`,
        LOG_LEVEL: 'error',
      },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    await waitForHealth(`${base}/healthz`, child, () => stderr);
  }, 30_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await fake.stop();
  });

  const dealCount = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (db.prepare('select count(*) as n from deals').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('answers a signed /deal new within 3 s, then /deal list shows it', async () => {
    const body = slashCommandBody({
      text: 'new Acme contact "Bob Lee" value 50k stage proposal',
      user: 'U1',
      responseUrl: fake.responseUrl('p1'),
    });
    const started = performance.now();
    const response = await postSigned(`${base}/slack/events`, SECRET, body);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    const reply = await response.json();
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('Acme');

    const list = await postSigned(
      `${base}/slack/events`,
      SECRET,
      slashCommandBody({ text: 'list', user: 'U1', responseUrl: fake.responseUrl('p2') }),
    );
    const listBody = await list.json();
    expect(listBody.text).toContain('Acme');
    expect(listBody.text).toContain('$50,000');
    expect(listBody.text).toContain('proposal');
  });

  it('rejects a bad signature with 401', async () => {
    const body = slashCommandBody({ text: 'new Forged', user: 'U1', responseUrl: fake.responseUrl('p3') });
    const ts = String(Math.floor(Date.now() / 1000));
    const response = await postSigned(`${base}/slack/events`, SECRET, body, {
      signature: slackSignature('not-the-secret', ts, body),
    });
    expect(response.status).toBe(401);
  });

  it('answers an unknown subcommand with a helpful ephemeral error and leaves the database unchanged', async () => {
    const before = dealCount();
    const response = await postSigned(
      `${base}/slack/events`,
      SECRET,
      slashCommandBody({ text: 'frobnicate Acme', user: 'U1', responseUrl: fake.responseUrl('p4') }),
    );
    const body = await response.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('is not a /deal subcommand');
    expect(body.text).toContain('Right form');
    expect(dealCount()).toBe(before);
  });
});

describe('dealcoach start with bad configuration', () => {
  it('exits non-zero with one line per problem, naming each variable, and points to the console', () => {
    const env = { PORT: 'eighty', SLACK_API_URL: 'not a url', DEALCOACH_TIMEZONE: 'Mars/Olympus' };
    const result = runBinSync(['start'], { env, cwd: tmpdir() });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines.find((l) => l.startsWith('config error: PORT'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('config error: SLACK_API_URL'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('config error: DEALCOACH_TIMEZONE'))).toContain('IANA');
    expect(result.stderr).toContain('npm run console');
  });

  it('names the missing Slack credentials', () => {
    const result = runBinSync(['start'], { cwd: tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('config error: SLACK_BOT_TOKEN: missing');
    expect(result.stderr).toContain('config error: SLACK_SIGNING_SECRET: missing');
    expect(result.stderr).toContain('npm run console');
  });
});

describe('dealcoach start when Slack says no', () => {
  it('explains a rejected token or an unreachable Slack in one line and exits 1, without crashing', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.fail('auth.test', { status: 200, body: { ok: false, error: 'invalid_auth' } }, 5);
      const env = { SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: SECRET, DATABASE_URL: ':memory:' };
      const rejected = await runBin(['start'], { cwd: tmpdir(), env: { ...env, SLACK_API_URL: fake.apiUrl } });
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toContain('Slack did not accept SLACK_BOT_TOKEN (invalid_auth)');
      expect(rejected.stderr).not.toContain('xoxb-wrong');
      const closed = { ...env, SLACK_API_URL: 'http://127.0.0.1:9/api/' };
      const unreachable = runBinSync(['start'], { cwd: tmpdir(), env: closed });
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toContain('Could not reach Slack at http://127.0.0.1:9/api/');
      expect(unreachable.stderr).not.toMatch(/at .*node_modules/); // a sentence, not a stack trace
    } finally {
      await fake.stop();
    }
  }, 30_000);
});
