// The `dealcoach` CLI: one binary, one subcommand per job (src/commands). Data to stdout, logs to stderr.
import { existsSync } from 'node:fs';
import type { Command } from './cli.js';
import { benchCommand } from './commands/bench.js';
import { checkToneCommand } from './commands/check-tone.js';
import { consoleCommand } from './commands/console.js';
import { digestCommand } from './commands/digest.js';
import { draftCommand } from './commands/draft.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { migrateCommand } from './commands/migrate.js';
import { scanCommand } from './commands/scan.js';
import { startCommand } from './commands/start.js';

const COMMANDS: Record<string, Command> = Object.fromEntries(
  [
    startCommand, consoleCommand, migrateCommand, scanCommand, digestCommand, draftCommand, checkToneCommand,
    importCommand, exportCommand, benchCommand,
  ].map((command) => [command.name, command]),
);

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
  return ['Usage: dealcoach <command> [options]   (dealcoach <command> --help for its options)', '', ...lines].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const asked = rest[0] ? COMMANDS[rest[0]] : undefined;
    process.stdout.write(`${asked ? asked.usage : usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n${usage()}\n`);
    return 2;
  }
  // Settings may live in ./.env; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return await command.run(rest);
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

const isEntry = process.argv[1] && /(?:main\.ts|dealcoach(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  endQuietlyOnClosedPipe(process.stdout);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
