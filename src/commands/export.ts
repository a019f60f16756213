// `dealcoach export`: every deal as CSV or one JSON document, to stdout or --out.
import { createWriteStream } from 'node:fs';
import { configOrExplain, defineCommand, warnAboutNpmBanner } from '../cli.js';
import { openStore } from '../db/index.js';
import { exportDeals } from '../services/csv-export.js';

const USAGE = [
  'Usage: dealcoach export [--format csv|json] [--json] [--workspace <T…>] [--out <file>]',
  '',
  '  --format csv|json    default csv; --json is --format json',
  '  --workspace <T…>     only that Slack workspace (default all; --team <T…> is still read so)',
  '  --out <file>         write there instead of stdout',
].join('\n');

export default defineCommand({
  name: 'export',
  usage: USAGE,
  options: {
    format: { type: 'string' },
    json: { type: 'boolean', default: false },
    workspace: { type: 'string' },
    out: { type: 'string' },
  },
  renamed: { team: 'workspace' },
  async run({ values }) {
    const config = configOrExplain();
    if (!config) return 2;
    const format = values.json ? 'json' : (values.format ?? 'csv');
    if (format !== 'csv' && format !== 'json') {
      process.stderr.write(`--format: give csv or json\n\n${USAGE}\n`);
      return 2;
    }
    const store = openStore(config.DATABASE_URL);
    try {
      if (!values.out) warnAboutNpmBanner();
      const output = values.out ? createWriteStream(values.out) : process.stdout;
      const teamId = values.workspace ?? null;
      const { deals } = await exportDeals(store, { format, teamId, output, end: Boolean(values.out) });
      const where = values.out ? ` to ${values.out}` : '';
      process.stderr.write(`Exported ${deals} ${deals === 1 ? 'deal' : 'deals'}${where}.\n`);
      return 0;
    } finally {
      store.close();
    }
  },
});
