// The team currency where the console reaches what Slack's tests do not easily: the revival form's yearly
// value and cost (read in the deal's currency, the cost in the value's), a team that goes back to USD, and
// `dealcoach import --currency`.
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { consoleExtensions } from '../../src/console/extensions.js';
import { runConsole } from '../../src/console/index.js';
import { openStore } from '../../src/db/index.js';
import { deals, silenceEpisodes } from '../../src/db/schema.js';
import { runBin } from '../support/cli.js';
import { fileTempDir } from '../support/temp-db.js';

async function run(lines: string[]) {
  const store = openStore(':memory:');
  const output = new PassThrough();
  let out = '';
  output.on('data', (c) => (out += c));
  await runConsole({
    store,
    start: new Date('2026-11-02T09:00:00Z'),
    teamId: 'TLOCAL',
    userId: 'ULOCALREP',
    defaultZone: 'Europe/Berlin',
    json: false,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    errors: new PassThrough(),
    interactive: false,
    // The scheduled jobs (the scan that makes the deal silent) and the offline drafter, as `npm run console` has.
    drafter: createOfflineDrafter(),
    extensions: consoleExtensions(loadConfig({})),
  });
  const data = {
    // Intl puts a no-break space between a currency code and the number ("SEK 450,000").
    out: out.replace(/\u00a0/g, ' '),
    deals: store.db.select().from(deals).all(),
    episodes: store.db.select().from(silenceEpisodes).all(),
  };
  store.close();
  return data;
}

const SILENT_EURO_DEAL = [
  ':at 2026-11-02T09:00:00Z',
  ':as U0MARTA manager',
  '/deal team currency EUR',
  ':as ULOCALREP',
  '/deal new Nordlicht Logistik GmbH value 1,2 Mio. stage proposal',
  '/deal reply Nordlicht',
  ':advance 1h',
  '/deal email Nordlicht sent the offer',
  ':advance 2w',
  '/deal reply Nordlicht the board doubted the ROI',
];

describe('the revival form reads its figures in the deal’s currency', () => {
  it('refuses a cost in another currency or an ambiguous one, then drafts the ROI in euros', async () => {
    const { out, episodes } = await run([
      ...SILENT_EURO_DEAL,
      ':submit reason=objection_roi yearly_value="80k-150k" yearly_cost="CHF 40k"',
      ':submit reason=objection_roi yearly_value="80k-150k" yearly_cost="12.500"',
      ':submit reason=objection_roi yearly_value="1,2 Mio" yearly_cost="40k"',
    ]);
    expect(out).toContain('yearly_cost: Write the yearly cost in EUR, the currency of the value, or both in another.');
    expect(out).toContain('yearly_cost: `12.500` could mean €12,500 or €12.50.');
    expect(out).toContain(
      "Yearly value to them: in EUR (Nordlicht Logistik GmbH's currency; write `1,2 Mio USD` for another)",
    );
    expect(out).toContain('Moderate: €1,200,000 a year, €3,600,000 over three years');
    expect(out).toContain('Against a yearly cost of €40,000');
    expect(out).not.toMatch(/\$\d/);
    expect(episodes.at(-1)!.roiInputs).toMatchObject({ currency: 'EUR', moderate: 1_200_000, yearlyCost: 40_000 });
  });

  it('takes a currency written with the figures, for the cost too', async () => {
    const { out, episodes } = await run([
      ...SILENT_EURO_DEAL,
      ':submit reason=objection_roi yearly_value="£60k / £100k / £150k" yearly_cost="30k"',
    ]);
    expect(out).toContain('Conservative: £60,000 a year');
    expect(out).not.toContain('Yearly value to them: in');
    expect(episodes.at(-1)!.roiInputs).toMatchObject({ currency: 'GBP', yearlyCost: 30_000, basis: 'three' });
  });
});

describe('a team back on the default', () => {
  it('reads bare amounts in USD again after `/deal team currency default`, keeping deals as they were', async () => {
    const { out, deals: rows } = await run([
      ':as U0MARTA manager',
      '/deal team currency sek',
      ':as ULOCALREP',
      '/deal new Göteborg Hamnlogistik AB value 450k',
      ':as U0MARTA manager',
      '/deal team currency default',
      ':as ULOCALREP',
      '/deal new Acme Corp value 45k',
    ]);
    expect(out).toContain("Amount: SEK 450,000 (your team's currency; write `450k USD` for another)");
    expect(out).toContain("Amount: $45,000 (your team's currency; write `45k EUR` for another)");
    expect(rows.map((d) => [d.company, d.valueMinor, d.currency])).toEqual([
      ['Göteborg Hamnlogistik AB', 45_000_000, 'SEK'],
      ['Acme Corp', 4_500_000, 'USD'],
    ]);
  });
});

describe('dealcoach import --currency', () => {
  it('takes an ISO code only, and reads amounts that name none in it', async () => {
    const dir = fileTempDir('dealcoach-currency-');
    const env = { DATABASE_URL: `file:${join(dir, 'c.db')}`, DEALCOACH_TIMEZONE: 'UTC' };
    const cwd = new URL('../../', import.meta.url).pathname;
    const csv = 'Company,Owner,Amount\nGöteborg Hamnlogistik AB,U0REP1,450 000\nBanque Léman,U0REP1,"CHF 85\'000"\n';
    const refused = await runBin(['import', '-', '--currency', 'kronor', '--workspace', 'T1'], {
      cwd,
      env,
      input: csv,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--currency: "kronor" is not an ISO 4217 code');
    const done = await runBin(['import', '-', '--currency', 'sek', '--workspace', 'T1', '--json'], {
      cwd,
      env,
      input: csv,
    });
    expect(done.code).toBe(0);
    const store = openStore(env.DATABASE_URL);
    const rows = store.db.select().from(deals).all();
    store.close();
    expect(rows.map((d) => [d.company, d.valueMinor, d.currency])).toEqual([
      ['Göteborg Hamnlogistik AB', 45_000_000, 'SEK'],
      ['Banque Léman', 8_500_000, 'CHF'],
    ]);
    // A currency column must hold a currency: "XYZ" is refused, not shown as "45,000 XYZ".
    const unknown = await runBin(['import', '-', '--workspace', 'T1', '--dry-run'], {
      cwd,
      env,
      input: 'Company,Owner,Amount,Currency\nAcme,U0REP1,45000,XYZ\n',
    });
    expect(unknown.stdout).toContain('Currency: "XYZ" is not a currency code such as USD or EUR');
  }, 60_000);
});
