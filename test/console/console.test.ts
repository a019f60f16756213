import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKeyValues } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';
import { deals, users } from '../../src/db/schema.js';
import { runBinSync, runConsoleScript } from '../support/cli.js';
import { testTempDir } from '../support/temp-db.js';

async function run(lines: string[], options: { json?: boolean; dbPath?: string; start?: string } = {}) {
  const store = openStore(options.dbPath ? `file:${options.dbPath}` : ':memory:');
  const { out, err } = await runConsoleScript({
    store,
    lines,
    start: options.start ?? '2026-11-23T14:00:00Z',
    teamId: 'TLOCAL',
    userId: 'ULOCALREP',
    defaultZone: 'Europe/London',
    json: options.json,
  });
  const rows = store.db.select().from(deals).all();
  const userRows = store.db.select().from(users).all();
  store.close();
  return { out, err, deals: rows, users: userRows };
}

describe('the local console', () => {
  it('runs /deal commands and prints replies as text', async () => {
    const { out, deals: rows } = await run([
      '/deal new Acme contact "Bob Lee" value 50k stage proposal',
      '/deal call Acme left message',
      '/deal list',
    ]);
    expect(out).toContain('[ephemeral → ULOCALREP]');
    expect(out).toContain('Deal added');
    expect(out).toContain('Logged call, left a message');
    expect(out).toMatch(/Your open deals \(1\)[\s\S]*Acme · \$50,000 · proposal · Bob Lee/);
    expect(rows).toHaveLength(1);
  });

  it('prints one JSON object per bot message with --json', async () => {
    const { out } = await run(['/deal new Acme value 50k', '/deal list', ':now'], { json: true });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ to: 'ULOCALREP', surface: 'ephemeral' });
    expect(lines[1].text).toContain('Acme');
    expect(Array.isArray(lines[1].blocks)).toBe(true);
  });

  it('switches users with :as, keeping deals apart, and records managers', async () => {
    const { out, users: userRows } = await run([
      '/deal new Acme',
      ':as U0BOSS manager',
      '/deal list',
      '/deal status Acme',
    ]);
    expect(out).toContain('You have no open deals');
    expect(out).toContain('You have no deal called `Acme`');
    expect(userRows.find((u) => u.slackId === 'U0BOSS')?.role).toBe('manager');
  });

  it('opens the modal for /deal alone and saves it with :submit, showing field errors first', async () => {
    const {
      out,
      err,
      deals: rows,
    } = await run([
      '/deal',
      ':submit company=Globex value=lots',
      ':submit company="Globex Corp" value=1.2M stage=demo contact="Hank Scorpio"',
    ]);
    expect(out).toContain('[modal → ULOCALREP] Deal');
    expect(out + err).toContain('value: `lots` is not an amount. Write an amount like 50k');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      company: 'Globex Corp',
      valueMinor: 120_000_000,
      stage: 'demo',
      contactName: 'Hank Scorpio',
    });
    expect(out).toContain('[dm → ULOCALREP]');
  });

  it('moves its clock with :at and :advance, and dates follow it', async () => {
    const { out } = await run([
      ':at 2026-12-01T10:00:00Z',
      '/deal new Acme',
      ':advance 3d',
      '/deal status Acme',
      ':now',
    ]);
    expect(out).toContain('Created Tue, Dec 1');
    expect(out).toContain('3 days on the list');
    expect(out).toContain('It is Fri, Dec 4 10:00');
    expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('explains bad directives instead of failing', async () => {
    const { out } = await run([':advance soon', ':at yesterday-ish', ':click 1', ':bogus', 'hello']);
    expect(out).toContain('Usage: :advance <duration>');
    expect(out).toContain('Usage: :at <ISO time>');
    expect(out).toContain('No message with buttons yet');
    expect(out).toContain('Unknown directive :bogus');
    expect(out).toContain('Type a slash command');
  });

  it('keeps state between runs on the same database', async () => {
    const dbPath = join(testTempDir('dealcoach-console-'), 'console.db');
    await run(['/deal new Acme value 50k'], { dbPath });
    const second = await run(['/deal list'], { dbPath });
    expect(second.out).toContain('Acme · $50,000');
  });

  it('parses :submit key=value pairs with quotes', () => {
    expect(parseKeyValues(' company="Acme Corp" value=50k empty= stage=demo')).toEqual({
      company: 'Acme Corp',
      value: '50k',
      empty: '',
      stage: 'demo',
    });
  });
});

describe('npm run console, scripted through stdin', () => {
  it('shows the deal with its value and stage (the README example)', () => {
    const dir = testTempDir('dealcoach-cli-');
    const result = runBinSync(['console'], {
      input:
        '/deal new Nordlicht Logistik GmbH contact "Ingrid Sæther" value 45k stage proposal\n/deal call Nordlicht left message asked about the pilot\n/deal list\n',
      env: { DATABASE_URL: `file:${join(dir, 'x.db')}` },
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Nordlicht Logistik GmbH · \$45,000 · proposal · Ingrid Sæther/);
  });
});
