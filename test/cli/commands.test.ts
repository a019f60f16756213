// Every `dealcoach` command as a person runs it: the real binary, a real database file, env vars only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';
import { BIN, spawnCollect, type BinResult } from '../support/cli.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dealcoach-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = BinResult;

/** The binary in `cwd` (a folder of its own: main reads ./.env), with only the variables given. */
function run(args: string[], env: Record<string, string>, cwd = dir, input = ''): Promise<Run> {
  return spawnCollect(process.execPath, [BIN, ...args], { cwd, env, input });
}

function freshFolder(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  return folder;
}

const COMMANDS = ['start', 'console', 'migrate', 'scan', 'digest', 'draft', 'check-tone', 'import', 'export', 'bench'];

describe('dealcoach <command> --help', { timeout: 180_000 }, () => {
  it('prints the usage with exit 0 for every command, and touches nothing (no database file appears)', async () => {
    const folder = freshFolder('help');
    // Credentials that `start` would try to use, and a database path that must stay absent.
    const env = {
      DATABASE_URL: `file:${join(folder, 'data', 'never.db')}`,
      SLACK_BOT_TOKEN: 'xoxb-not-used',
      SLACK_SIGNING_SECRET: 'not-used-secret',
    };
    const lines = [
      ...COMMANDS.map((name) => [name, '--help']),
      ['migrate', '-h'],
      ['start', '-h'],
      ['scan', '--json', '-h'],
    ];
    const runs = await Promise.all(lines.map((args) => run(args, env, folder)));
    lines.forEach(([name], i) => {
      expect(runs[i], name).toMatchObject({ code: 0, stderr: '' });
      expect(runs[i]!.stdout.startsWith(`Usage: dealcoach ${name}`), `${name}: ${runs[i]!.stdout}`).toBe(true);
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('answers --help even beside other options, and `dealcoach help <command>` too', async () => {
    const folder = freshFolder('help-mixed');
    const env = { DATABASE_URL: `file:${join(folder, 'x.db')}` };
    const mixed = await run(['import', 'missing.csv', '--workspace', 'T0ACME', '--help'], env, folder);
    expect(mixed).toMatchObject({ code: 0, stderr: '' });
    expect(mixed.stdout).toContain('--workspace <T…>');
    const viaHelp = await run(['help', 'digest'], env, folder);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('--team <name|id>     the sales team');
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('wrong command lines', { timeout: 180_000 }, () => {
  const env = () => ({ DATABASE_URL: `file:${join(dir, 'wrong.db')}` });

  it("names an unknown option and the command, then shows that command's usage, exit 2", async () => {
    const scan = await run(['scan', '--dryrun'], env());
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('Unknown option --dryrun for `dealcoach scan`');
    expect(scan.stderr).toContain('Usage: dealcoach scan');
    expect(scan.stdout).toBe('');
    const tone = await run(['check-tone', '--kind', 'fire', '-x'], env());
    expect(tone.code).toBe(2);
    expect(tone.stderr).toContain('Unknown option -x for `dealcoach check-tone`');
  });

  it('says which option lacks a value, which takes none, and which argument is extra', async () => {
    const missing = await run(['digest', '--at'], env());
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^--at needs a value/);
    const valued = await run(['scan', '--json=yes'], env());
    expect(valued.stderr).toMatch(/^--json takes no value/);
    const extra = await run(['export', 'everything'], env());
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('Unexpected argument "everything" for `dealcoach export`');
  });

  it('reads the old --team <T…> as --workspace where it meant the workspace, and points the console to --workspace', async () => {
    const scan = await run(['scan', '--team', 'T0NORD', '--json', '--dry-run'], env());
    expect(scan.code).toBe(0);
    expect(JSON.parse(scan.stdout)).toMatchObject({ dryRun: true, decisions: [] });
    expect(scan.stderr).toContain('--team T0NORD is read as --workspace T0NORD');
    const consoleRun = await run(['console', '--team', 'T0NORD'], env());
    expect(consoleRun.code).toBe(2);
    expect(consoleRun.stderr).toContain(
      'Unknown option --team for `dealcoach console` (the Slack workspace is --workspace <T…>)',
    );
  });
});

const PIPELINE = [
  'company,owner_id,value,currency,stage',
  '"Müller & Söhne GmbH",U0RITA,"48.500,00",EUR,negotiation',
  '"Société Générale Équipements SA",U0RITA,12000,EUR,proposal',
  '"東京ロボティクス株式会社",U0KENJI,3000000,JPY,discovery',
].join('\n');

describe('dealcoach import: which workspace', { timeout: 180_000 }, () => {
  it("imports into TLOCAL (the console's) in a fresh database and says so", async () => {
    const db = join(dir, 'ws-fresh.db');
    const result = await run(
      ['import', '-', '--json', '--delimiter', ','],
      { DATABASE_URL: `file:${db}` },
      dir,
      PIPELINE,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ committed: true, imported: 3, teamId: 'TLOCAL' });
    expect(result.stderr).toContain('The database has no workspace yet: importing into TLOCAL');
  });

  it('imports into the only workspace the database has and says which', async () => {
    const db = join(dir, 'ws-one.db');
    const first = await run(['import', '-', '--workspace', 'T0BERLIN'], { DATABASE_URL: `file:${db}` }, dir, PIPELINE);
    expect(first.code).toBe(0);
    const again = await run(
      ['import', '-', '--json'],
      { DATABASE_URL: `file:${db}` },
      dir,
      PIPELINE.replace('12000', '13500'),
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ teamId: 'T0BERLIN', imported: 0, updated: 1, unchanged: 2 });
    expect(again.stderr).toContain('Importing into workspace T0BERLIN, the only one in the database');
  });

  it('asks for --workspace, listing them, when the database has several and the file names none', async () => {
    const db = join(dir, 'ws-several.db');
    await run(['import', '-', '--workspace', 'T0BERLIN'], { DATABASE_URL: `file:${db}` }, dir, PIPELINE);
    await run(['import', '-', '--workspace', 'T0LYON'], { DATABASE_URL: `file:${db}` }, dir, PIPELINE);
    const asked = await run(['import', '-'], { DATABASE_URL: `file:${db}` }, dir, PIPELINE);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('give --workspace <T…> (the database has T0BERLIN, T0LYON)');
    // A file with a team_id column (an export) still restores each row into its own workspace.
    const restore = await run(
      ['import', '-', '--json'],
      { DATABASE_URL: `file:${db}` },
      dir,
      'company,owner_id,team_id\nAtelier Noël SARL,U0RITA,T0LYON\n',
    );
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ imported: 1, teamId: null });
  });
});

describe('output that other programs read', { timeout: 180_000 }, () => {
  it('npm run --silent scan -- --json prints exactly one JSON document; plain npm run says how to get it', async () => {
    const db = join(dir, 'npm.db');
    const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? dir, DATABASE_URL: `file:${db}` };
    const args = ['scan', '--', '--json', '--dry-run', '--at', '2026-11-23T09:00:00Z'];
    const silent = await spawnCollect('npm', ['run', '--silent', ...args], { cwd: ROOT, env });
    expect(silent.code).toBe(0);
    expect(JSON.parse(silent.stdout)).toMatchObject({ at: '2026-11-23T09:00:00.000Z', dryRun: true });
    expect(silent.stderr).toBe('');
    const noisy = await spawnCollect('npm', ['run', ...args], { cwd: ROOT, env });
    expect(noisy.stdout).toContain('> dealcoach@');
    expect(noisy.stderr).toContain('npm run --silent scan -- …');
  });

  it('export into a pipe closed early (| head -1) stops quietly with exit 0', async () => {
    const db = join(dir, 'pipe.db');
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `"Raiffeisenbank Niederösterreich-Wien ${i}",U0RITA,${1000 + i}`,
    );
    const csv = join(dir, 'pipe.csv');
    writeFileSync(csv, ['company,owner_id,value', ...rows].join('\n'));
    expect((await run(['import', csv, '--workspace', 'T0WIEN'], { DATABASE_URL: `file:${db}` })).code).toBe(0);
    for (const format of ['csv', 'json']) {
      // `| head -1`: the reader takes the first chunk and goes away while the export is still writing.
      const child = spawn(process.execPath, [BIN, 'export', '--format', format], {
        cwd: dir,
        env: { PATH: process.env.PATH!, DATABASE_URL: `file:${db}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ format, code, stderr }).toEqual({ format, code: 0, stderr: '' });
    }
  });
});

describe('human output', { timeout: 180_000 }, () => {
  it('digest and scan text show dates as people read them: no ISO timestamps, no :emoji: codes', async () => {
    const db = join(dir, 'human.db');
    const store = openStore(`file:${db}`);
    const lines = [
      '/deal new "Müller & Söhne GmbH" value 50k stage negotiation forecast commit',
      '/deal reply Müller',
      '/deal new "Société Générale Équipements SA" value 20k stage negotiation',
      '/deal reply Société',
      ':advance 1h',
      '/deal email Müller',
      '/deal email Société',
    ];
    await runConsole({
      store,
      start: new Date('2026-11-02T14:00:00Z'),
      teamId: 'T0PARIS',
      userId: 'U0RITA',
      defaultZone: 'Europe/Paris',
      json: false,
      input: Readable.from(lines.map((l) => `${l}\n`)),
      output: new PassThrough(),
      errors: new PassThrough(),
      interactive: false,
    });
    store.close();
    const env = { DATABASE_URL: `file:${db}`, DEALCOACH_TIMEZONE: 'Europe/Paris' };
    const digest = await run(['digest', '--at', '2026-11-16T14:00:00Z'], env);
    const scanned = await run(['scan', '--dry-run', '--at', '2026-11-16T14:00:00Z'], env);
    expect(digest.code).toBe(0);
    expect(digest.stdout).toContain('Müller & Söhne GmbH');
    expect(scanned.stdout).toMatch(/^Scan at Mon, Nov 16 15:00 \(Europe\/Paris\)/);
    for (const text of [digest.stdout, scanned.stdout]) {
      expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(text).not.toMatch(/:[a-z][a-z0-9_+-]*:/);
    }
  });
});

describe('config messages', { timeout: 180_000 }, () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'three thousand' }, 'config error: PORT must be a whole number, e.g. 3000'],
    [{ PORT: '80.5' }, 'config error: PORT must be a whole number, e.g. 3000'],
    [{ PORT: '-1' }, 'config error: PORT must be a port number from 0 to 65535, e.g. 3000'],
    [{ PORT: '700000' }, 'config error: PORT must be a port number from 0 to 65535, e.g. 3000'],
    [{ LOG_LEVEL: 'verbose' }, 'config error: LOG_LEVEL must be one of debug, info, warn, error'],
    [
      { OPENAI_BASE_URL: 'localhost:11434/v1' },
      'config error: OPENAI_BASE_URL must be a URL starting with http:// or https://, e.g. http://localhost:11434/v1',
    ],
    [
      { SLACK_API_URL: 'slack.com/api' },
      'config error: SLACK_API_URL must be a URL starting with http:// or https://, e.g. https://slack.com/api/',
    ],
    [
      { DATABASE_URL: 'postgres://dealcoach:secret@db.internal:5432/dealcoach' },
      'config error: DATABASE_URL: postgres:// is not supported; dealcoach uses SQLite: file:./data/dealcoach.db or a path',
    ],
    [{ DATABASE_URL: 'mysql://db.internal/dealcoach' }, 'config error: DATABASE_URL: mysql:// is not supported'],
    [
      { DEALCOACH_TIMEZONE: 'Europe/Atlantis' },
      'config error: DEALCOACH_TIMEZONE must be an IANA time zone such as Europe/Berlin',
    ],
    [
      { DEALCOACH_SCAN_CRON: 'every 15 minutes' },
      'config error: DEALCOACH_SCAN_CRON must be a cron expression with 5 or 6 fields',
    ],
    [{ DEALCOACH_SCAN_CRON: '61 * * * *' }, 'config error: DEALCOACH_SCAN_CRON must be a cron expression'],
    [
      { SLACK_SIGNING_SECRET: 'abc' },
      "config error: SLACK_SIGNING_SECRET must be the app's Signing Secret: 32 letters and digits such as " +
        '8f742231b10e8888abcd99yyyzzz85a5 (Basic Information > App Credentials > Signing Secret, Show); the value ' +
        'set has 3 characters',
    ],
    [{ SLACK_SIGNING_SECRET: 'xoxb-123-456-abcdef' }, 'the value set is a token, not the Signing Secret'],
    [{ SLACK_SIGNING_SECRET: '"8f742231b10e8888abcd99"' }, 'the value set has spaces or quotes in it'],
  ];

  it('names the variable and a value that works, exit 2, and creates nothing (not even a file named "postgres:")', async () => {
    const folder = freshFolder('config');
    const results = await Promise.all(
      cases.map(([env]) => run(['migrate'], { DATABASE_URL: `file:${join(folder, 'x.db')}`, ...env }, folder)),
    );
    cases.forEach(([env, message], i) => {
      expect(results[i]!.code, JSON.stringify(env)).toBe(2);
      expect(results[i]!.stderr, JSON.stringify(env)).toContain(message);
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('accepts INFO, europe/berlin, blank values and padded numbers, and file:, plain and Windows paths', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(loadConfig({ LOG_LEVEL: 'INFO', DEALCOACH_TIMEZONE: 'europe/berlin', PORT: ' 8080 ' })).toMatchObject({
      LOG_LEVEL: 'info',
      DEALCOACH_TIMEZONE: 'Europe/Berlin',
      PORT: 8080,
    });
    expect(loadConfig({ PORT: '', OPENAI_BASE_URL: '  ', DATABASE_URL: '' })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'file:./data/dealcoach.db',
    });
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).OPENAI_BASE_URL).toBe(
      'http://localhost:11434/v1',
    );
    for (const url of [
      'file:./data/x.db',
      './data/x.db',
      ':memory:',
      'C:\\dealcoach\\x.db',
      'file:///var/lib/dealcoach/x.db',
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    const migrated = await run(['migrate'], { DATABASE_URL: `file:${join(dir, 'ok.db')}`, LOG_LEVEL: 'WARN' });
    expect(migrated.code).toBe(0);
    expect(existsSync(join(dir, 'ok.db'))).toBe(true);
  });
});
