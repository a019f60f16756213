import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { runBinSync, runConsoleScript } from '../support/cli.js';
import { fileTempDir } from '../support/temp-db.js';

const dir = fileTempDir('dealcoach-digest-');

it('dealcoach digest --json prints one JSON document with the stuck deals and forecast hygiene', async () => {
  const dbPath = join(dir, 'digest.db');
  const store = openStore(`file:${dbPath}`);
  const lines = [
    '/deal new Acme value 50k stage negotiation forecast commit',
    '/deal reply Acme',
    '/deal new Globex value 20k stage negotiation',
    '/deal reply Globex',
    ':advance 1h',
    '/deal email Acme',
    '/deal email Globex',
  ];
  await runConsoleScript({ store, start: '2026-11-02T14:00:00Z', lines });
  store.close();
  const run = (args: string[]) =>
    runBinSync(['digest', ...args], { cwd: dir, env: { DATABASE_URL: `file:${dbPath}` } });
  const result = run(['--json', '--at', '2026-11-09T14:00:00Z']);
  expect(result.code).toBe(0);
  const data = JSON.parse(result.stdout);
  expect(data.team).toEqual({ id: null, name: 'Everyone' });
  expect(data.totals).toMatchObject({
    stuckDeals: 2,
    stuckValue: { USD: 7_000_000 },
    forecastAtRisk: { USD: 5_000_000 },
  });
  expect(data.forecastHygiene.deals.map((d: { company: string }) => d.company)).toEqual(['Acme']);
  const text = run(['--at', '2026-11-09T14:00:00Z']);
  expect(text.stdout).toContain('2 stuck deals worth $70,000');
  const badTeam = run(['--team', 'Nope']);
  expect(badTeam.code).toBe(2);
  expect(badTeam.stderr).toContain('No team "Nope"');
  const noChannel = run(['--post']);
  expect(noChannel.code).toBe(2);
  expect(noChannel.stderr).toContain('--post: no channel');
});
