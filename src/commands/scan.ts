// `dealcoach scan`: one silence scan, now or at --at.
import { configOrExplain, defineCommand, parseAt, printJson } from '../cli.js';
import { openStore } from '../db/index.js';
import { systemClock } from '../domain/clock.js';
import { scan } from '../jobs/scan.js';
import { describeScan } from '../jobs/scan-summary.js';

export default defineCommand({
  name: 'scan',
  usage: [
    'Usage: dealcoach scan [--at <ISO time>] [--dry-run] [--json] [--workspace <T…>]',
    '',
    '  --at <ISO time>      scan as of that moment (default now)',
    '  --dry-run            decide, write nothing',
    '  --json               the result as one JSON document',
    '  --workspace <T…>     only that Slack workspace (default all; --team <T…> is still read as --workspace)',
  ].join('\n'),
  options: {
    at: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    workspace: { type: 'string' },
  },
  renamed: { team: 'workspace' },
  async run({ values }) {
    const config = configOrExplain();
    if (!config) return 2;
    const at = parseAt(values.at, systemClock.now());
    if (!at) return 2;
    const store = openStore(config.DATABASE_URL);
    try {
      const dryRun = values['dry-run'];
      const result = scan(store, at, { dryRun, teamId: values.workspace, defaultZone: config.DEALCOACH_TIMEZONE });
      if (values.json) printJson(result);
      else process.stdout.write(`${describeScan(result, config.DEALCOACH_TIMEZONE)}\n`);
      if (!dryRun && result.queued > 0) {
        process.stderr.write('Queued DMs are delivered by the running bot (dealcoach start).\n');
      }
      return 0;
    } finally {
      store.close();
    }
  },
});
