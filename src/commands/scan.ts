// `dealcoach scan`: one silence scan, now or at --at.
import { configOrExplain, defineCommand, parseAt, printJson } from '../cli.js';
import { openStore } from '../db/index.js';
import { systemClock } from '../domain/clock.js';
import { SCAN_REST_MS, scan } from '../jobs/scan.js';
import { describeScan } from '../jobs/scan-summary.js';

export default defineCommand({
  name: 'scan',
  usage: [
    'Usage: dealcoach scan [--at <ISO time>] [--full] [--dry-run] [--json] [--workspace <T…>]',
    '',
    '  --at <ISO time>      scan as of that moment (default now; no offset: in DEALCOACH_TIMEZONE)',
    '  --full               every open deal, not only those due (the daily reconciling scan);',
    '                       says how many the incremental scan would have missed',
    '  --dry-run            decide, write nothing',
    '  --json               the result as one JSON document',
    '  --workspace <T…>     only that Slack workspace (default all; --team <T…> is still read as --workspace)',
  ].join('\n'),
  options: {
    at: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    workspace: { type: 'string' },
  },
  renamed: { team: 'workspace' },
  async run({ values }) {
    const config = configOrExplain();
    if (!config) return 2;
    const at = parseAt(values.at, systemClock.now(), config.DEALCOACH_TIMEZONE);
    if (!at) return 2;
    const store = openStore(config.DATABASE_URL);
    try {
      const dryRun = values['dry-run'];
      // Beside a running bot: in batches, resting now and then so that the bot's writes get the lock.
      const options = {
        dryRun,
        full: values.full,
        teamId: values.workspace,
        defaultZone: config.DEALCOACH_TIMEZONE,
        restMs: SCAN_REST_MS,
      };
      const result = await scan(store, at, options);
      if (values.json) printJson(result);
      else process.stdout.write(`${describeScan(result, config.DEALCOACH_TIMEZONE)}\n`);
      if (values.full && !values.json) {
        process.stdout.write(`Full scan: ${result.missed} deal(s) had something due without being marked due.\n`);
      }
      if (!dryRun && result.queued > 0) {
        process.stderr.write('Queued DMs are delivered by the running bot (dealcoach start).\n');
      }
      return 0;
    } finally {
      store.close();
    }
  },
});
