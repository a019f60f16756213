// The `dealcoach` CLI: one binary, one subcommand per job. Data to stdout, logs to stderr.
import { existsSync } from 'node:fs';
import { configOrExplain, parse, parseAt, type Command } from './cli.js';
import { requireSlackCredentials } from './config.js';
import { openStore } from './db/index.js';
import { systemClock } from './domain/clock.js';
import { consoleExtensions, createDrafterFromConfig, featureCommands } from './features.js';

const COMMANDS: Record<string, Command> = {
  start: { summary: 'run the Slack bot (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)', run: start },
  console: { summary: 'try dealcoach locally without Slack: [--db <path>] [--at <ISO>] [--user <id>] [--team <id>] [--json] [--echo]', run: consoleCommand },
  migrate: { summary: 'apply database migrations to DATABASE_URL', run: migrateCommand },
  ...featureCommands(),
};

function usage(): string {
  return ['Usage: dealcoach <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)].join('\n');
}

async function start(): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const missing = requireSlackCredentials(config);
  if (missing.length) {
    for (const problem of missing) process.stderr.write(`config error: ${problem}\n`);
    process.stderr.write('Set them in .env (see .env.example and README "Create the Slack app"), or try dealcoach without Slack: npm run console\n');
    return 2;
  }
  const { startBot } = await import('./bot.js');
  return startBot(config);
}

async function migrateCommand(): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const store = openStore(config.DATABASE_URL);
  process.stderr.write(`Database at ${store.location} is migrated.\n`);
  store.close();
  return 0;
}

async function consoleCommand(args: string[]): Promise<number> {
  const config = configOrExplain();
  if (!config) return 2;
  const { values } = parse(args, {
    db: { type: 'string' },
    at: { type: 'string' },
    user: { type: 'string', default: 'ULOCALREP' },
    team: { type: 'string', default: 'TLOCAL' },
    json: { type: 'boolean', default: false },
    echo: { type: 'boolean', default: false },
  });
  const start = parseAt(values.at, systemClock.now());
  if (!start) return 2;
  const store = openStore(values.db ?? config.DATABASE_URL);
  const { runConsole } = await import('./console/index.js');
  await runConsole({
    store,
    start,
    teamId: values.team!,
    userId: values.user!,
    defaultZone: config.DEALCOACH_TIMEZONE,
    json: values.json!,
    input: process.stdin,
    output: process.stdout,
    errors: process.stderr,
    interactive: process.stdin.isTTY === true,
    echo: values.echo,
    drafter: createDrafterFromConfig(config),
    extensions: consoleExtensions(config),
  });
  store.close();
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  // Settings may live in ./.env; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const err = error as Error & { code?: string };
    if (err.code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${err.message}\n${usage()}\n`);
      return 2;
    }
    process.stderr.write(`dealcoach ${name} failed: ${err.message}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && /(?:main\.ts|dealcoach(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
