// Issue 22, item 10, through the real binary: an unknown team or workspace exits 2 naming it and listing
// what there is; --at without an offset is read in DEALCOACH_TIMEZONE everywhere; --kind takes the words
// /deal draft takes; a won or lost deal gets no draft.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { runBinSync, runConsoleScript } from '../support/cli.js';
import { fileTempDir } from '../support/temp-db.js';

const dir = fileTempDir('dealcoach-cli-words-');

async function database(): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const store = openStore(`file:${path}`);
  await runConsoleScript({
    store,
    start: '2026-11-02T14:00:00Z',
    teamId: 'TLOCAL',
    userId: 'ULEAD',
    lines: [
      '/deal team create Ventas Iberia',
      '/deal new Müller & Söhne KG value 45k stage negotiation contact "Jonas Müller"',
      '/deal reply müller',
      '/deal new 株式会社ヤマト運輸 value 9000000 JPY stage proposal contact "Tanaka Hiroshi"',
      '/deal won ヤマト',
    ],
  });
  store.close();
  return `file:${path}`;
}

const bin = (url: string, args: string[], env: Record<string, string> = {}) =>
  runBinSync(args, { cwd: dir, env: { DATABASE_URL: url, ...env } });

it('digest: an unknown team or workspace exits 2, naming it and listing the teams or workspaces', async () => {
  const url = await database();
  const team = bin(url, ['digest', '--team', 'Nordics']);
  expect(team.code).toBe(2);
  expect(team.stderr).toBe(
    'No team "Nordics" in workspace TLOCAL. Its teams: Everyone (the reps in no team), Ventas Iberia (id 1).\n',
  );
  expect(bin(url, ['digest', '--team', '']).code).toBe(2);
  const workspace = bin(url, ['digest', '--workspace', 'T0NOPE']);
  expect(workspace.code).toBe(2);
  expect(workspace.stderr).toBe('No workspace "T0NOPE" in the database. Its workspaces: TLOCAL.\n');
  // A team is found by its name in any case, accents and punctuation ignored, or by its id.
  expect(bin(url, ['digest', '--team', 'ventas iberia', '--json']).code).toBe(0);
  expect(bin(url, ['digest', '--team', '1', '--json']).code).toBe(0);
});

it('--at without an offset is read in DEALCOACH_TIMEZONE (scan, digest, draft); with one, as written', async () => {
  const url = await database();
  const berlin = { DEALCOACH_TIMEZONE: 'Europe/Berlin' };
  const scan = bin(url, ['scan', '--at', '2027-01-05T09:00', '--json', '--dry-run'], berlin);
  expect(scan.code).toBe(0);
  expect(JSON.parse(scan.stdout).at).toBe('2027-01-05T08:00:00.000Z');
  const utc = bin(url, ['scan', '--at', '2027-01-05T09:00:00Z', '--json', '--dry-run'], berlin);
  expect(JSON.parse(utc.stdout).at).toBe('2027-01-05T09:00:00.000Z');
  const digest = bin(url, ['digest', '--at', '2027-01-05 09:00', '--json'], { DEALCOACH_TIMEZONE: 'Asia/Tokyo' });
  expect(JSON.parse(digest.stdout).at).toBe('2027-01-05T00:00:00.000Z');
  const bad = bin(url, ['scan', '--at', 'next friday'], berlin);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain(
    '--at: "next friday" is not an ISO time such as 2026-11-23T09:00 (read in Europe/Berlin',
  );
});

it('draft --kind takes the words /deal draft takes, and refuses a won deal', async () => {
  const url = await database();
  for (const kind of ['goodbye', 'check-in', 'next-step', 'fire', 'Check In']) {
    const result = bin(url, ['draft', 'muller', '--kind', kind, '--json']);
    expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
  }
  expect(JSON.parse(bin(url, ['draft', 'muller', '--kind', 'goodbye', '--json']).stdout).kind).toBe('fire');
  const unknown = bin(url, ['draft', 'muller', '--kind', 'farewell']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('give one of accountability | check-in | goodbye | next-step | roi');
  const won = bin(url, ['draft', 'ヤマト', '--kind', 'accountability']);
  expect(won.code).toBe(1);
  expect(won.stdout).toBe('');
  expect(won.stderr).toBe(
    '株式会社ヤマト運輸 is won: no accountability email is needed. Reopen it first if it is live again.\n',
  );
});
