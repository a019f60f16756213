import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { runConsole } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dealcoach-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('dealcoach digest --json prints one JSON document with the stuck deals and forecast hygiene', async () => {
  const dbPath = join(dir, 'digest.db');
  const store = openStore(`file:${dbPath}`);
  const lines = [
    '/deal new Acme value 50k stage negotiation forecast commit', '/deal reply Acme',
    '/deal new Globex value 20k stage negotiation', '/deal reply Globex',
    ':advance 1h', '/deal email Acme', '/deal email Globex',
  ];
  await runConsole({
    store, start: new Date('2026-11-02T14:00:00Z'), teamId: 'T1', userId: 'U1', defaultZone: 'UTC', json: false,
    input: Readable.from(lines.map((l) => `${l}\n`)), output: new PassThrough(), errors: new PassThrough(), interactive: false,
  });
  store.close();
  const run = (args: string[]) =>
    spawnSync(process.execPath, [new URL('../../bin/dealcoach.js', import.meta.url).pathname, 'digest', ...args], {
      cwd: dir, env: { PATH: process.env.PATH, DATABASE_URL: `file:${dbPath}` }, encoding: 'utf8',
    });
  const result = run(['--json', '--at', '2026-11-09T14:00:00Z']);
  expect(result.status).toBe(0);
  const data = JSON.parse(result.stdout);
  expect(data.team).toEqual({ id: null, name: 'Everyone' });
  expect(data.totals).toMatchObject({ stuckDeals: 2, stuckValue: { USD: 7_000_000 }, forecastAtRisk: { USD: 5_000_000 } });
  expect(data.forecastHygiene.deals.map((d: { company: string }) => d.company)).toEqual(['Acme']);
  const text = run(['--at', '2026-11-09T14:00:00Z']);
  expect(text.stdout).toContain('2 stuck deals worth $70,000');
  const badTeam = run(['--team', 'Nope']);
  expect(badTeam.status).toBe(2);
  expect(badTeam.stderr).toContain('No team "Nope"');
  const noChannel = run(['--post']);
  expect(noChannel.status).toBe(2);
  expect(noChannel.stderr).toContain('--post: no channel');
});
