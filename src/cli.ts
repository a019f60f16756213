// Helpers shared by the CLI commands.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';

export interface Command {
  summary: string;
  run: (args: string[]) => Promise<number>;
}

/** Loads the config or prints one line per problem (naming the variable) and returns null. */
export function configOrExplain(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
    process.stderr.write('Fix the variables above (see .env.example), or try dealcoach without credentials: npm run console\n');
    return null;
  }
}

export function parse<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

/** Parses an --at value, or explains what is wrong with it. */
export function parseAt(value: string | undefined, fallback: Date): Date | null {
  if (!value) return fallback;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    process.stderr.write(`--at: "${value}" is not an ISO time such as 2026-11-23T09:00:00Z\n`);
    return null;
  }
  return at;
}

/** Commands that print data print exactly one JSON document with --json. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
