// `dealcoach console`: the bot's handlers, views and jobs in a terminal, without Slack.
import { configOrExplain, defineCommand, parseAt } from '../cli.js';
import { createDrafterFromConfig } from '../coach/from-config.js';
import { databaseHolidays } from '../db/holidays.js';
import { openStore } from '../db/index.js';
import { useHolidayStore } from '../domain/calendar.js';
import { systemClock } from '../domain/clock.js';
import { LOCAL_USER, LOCAL_WORKSPACE } from './workspace.js';

export default defineCommand({
  name: 'console',
  usage: [
    'Usage: dealcoach console [--db <path>] [--at <ISO time>] [--user <id>] [--workspace <T…>] [--json] [--echo]',
    '',
    '  --db <path>          database file (default DATABASE_URL)',
    '  --at <ISO time>      set the simulated clock there (no offset: in DEALCOACH_TIMEZONE; default: where\n' +
      '                       the last run stopped, or now)',
    `  --user <id>          who you are (default ${LOCAL_USER})`,
    `  --workspace <T…>     the Slack workspace id (default ${LOCAL_WORKSPACE}); it was --team before`,
    '  --json               one JSON line per message',
    '  --echo               repeat each input line (for piped scripts)',
  ].join('\n'),
  options: {
    db: { type: 'string' },
    at: { type: 'string' },
    user: { type: 'string', default: LOCAL_USER },
    workspace: { type: 'string', default: LOCAL_WORKSPACE },
    json: { type: 'boolean', default: false },
    echo: { type: 'boolean', default: false },
  },
  async run({ values }) {
    const config = configOrExplain();
    if (!config) return 2;
    const start = systemClock.now();
    // Without --at the clock continues where the last run on this database stopped.
    const at = values.at === undefined ? undefined : parseAt(values.at, start, config.DEALCOACH_TIMEZONE);
    if (at === null) return 2;
    const store = openStore(values.db ?? config.DATABASE_URL);
    useHolidayStore(databaseHolidays(store));
    const [{ runConsole }, { consoleExtensions }] = await Promise.all([
      import('../console/index.js'),
      import('../console/extensions.js'),
    ]);
    await runConsole({
      store,
      start,
      at,
      teamId: values.workspace,
      userId: values.user,
      defaultZone: config.DEALCOACH_TIMEZONE,
      json: values.json,
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      interactive: process.stdin.isTTY === true,
      echo: values.echo,
      drafter: createDrafterFromConfig(config),
      repCompany: config.DEALCOACH_COMPANY_NAME ?? null,
      extensions: consoleExtensions(config),
    });
    store.close();
    return 0;
  },
});
