// The `dealcoach` CLI: one binary, one subcommand per job (src/commands). Data to stdout, logs to stderr.
import { existsSync } from 'node:fs';
import type { Command } from './cli.js';

// Loaded on use: `dealcoach scan` does not pay for the Slack client, nor `--help` for the database.
type Lazy = [summary: string, load: () => Promise<{ default: Command }>];
const COMMANDS: Record<string, Lazy> = {
  start: ['run the Slack bot (HTTP, or Socket Mode when SLACK_APP_TOKEN is set)', () => import('./commands/start.js')],
  console: ['try dealcoach locally without Slack', () => import('./commands/console.js')],
  migrate: ['apply database migrations to DATABASE_URL', () => import('./commands/migrate.js')],
  scan: ['run one silence scan', () => import('./commands/scan.js')],
  digest: ["build a sales team's digest, and post it with --post", () => import('./commands/digest.js')],
  draft: ['draft a message for a deal', () => import('./commands/draft.js')],
  'check-tone': ['check a draft read from stdin (exit 1 on problems)', () => import('./commands/check-tone.js')],
  import: ['import deals from a CSV file', () => import('./commands/import.js')],
  export: ['export every deal as CSV or JSON', () => import('./commands/export.js')],
  bench: ['benchmark on a seeded pipeline', () => import('./commands/bench.js')],
};

async function load(name: string): Promise<Command> {
  return (await COMMANDS[name]![1]()).default;
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, [summary]]) => `  ${name.padEnd(12)} ${summary}`);
  const head = 'Usage: dealcoach <command> [options]   (dealcoach <command> --help for its options)';
  return [head, '', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const asked = rest[0] && Object.hasOwn(COMMANDS, rest[0]) ? await load(rest[0]) : null;
    process.stdout.write(`${asked ? asked.usage : usage()}\n`);
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`Unknown command "${name}".\n${usage()}\n`);
    return 2;
  }
  // Settings may live in ./.env; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return await (await load(name)).run(rest);
  } catch (error) {
    process.stderr.write(`dealcoach ${name} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

/** A reader that went away (`dealcoach export | head -1`) is not an error: stop quietly. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

const isEntry = process.argv[1] && /(?:main\.[jt]s|dealcoach(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  endQuietlyOnClosedPipe(process.stdout);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
