// Helpers shared by the CLI commands: one option parser, the config, --at and --json.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { parseInstant } from './domain/dates.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

export interface Command {
  name: string;
  /** The full usage, printed by `dealcoach <name> --help` and after a wrong command line. */
  usage: string;
  run: (args: string[]) => Promise<number>;
}

export interface CommandSpec<O extends Options> {
  name: string;
  usage: string;
  options: O;
  /** How many positional arguments the command takes (default none). */
  positionals?: number;
  /** Old option names still accepted, with a note on stderr: old -> new. */
  renamed?: Record<string, keyof O & string>;
  run: (parsed: { values: Parsed<O>['values']; positionals: string[] }) => Promise<number>;
}

/** A command whose arguments are checked before it runs; `--help` / `-h` prints the usage and does nothing else. */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    usage: spec.usage,
    run: async (args) => {
      const parsed = parseCommandLine(spec, args);
      if (typeof parsed === 'number') return parsed;
      return spec.run(parsed);
    },
  };
}

function parseCommandLine<O extends Options>(spec: CommandSpec<O>, args: string[]) {
  const fail = (problem: string): number => {
    process.stderr.write(`${problem}\n\n${spec.usage}\n`);
    return 2;
  };
  const renamed = spec.renamed ?? {};
  const known: Options = { ...spec.options };
  for (const [old, now] of Object.entries(renamed)) {
    const { default: _default, ...option } = spec.options[now]!;
    known[old] = option;
  }
  // A lenient pass first: it finds --help anywhere before `--`, and unknown options by name.
  const { tokens } = parseArgs({ args, options: known, allowPositionals: true, strict: false, tokens: true });
  const options = tokens.filter((t) => t.kind === 'option');
  if (options.some((t) => t.name === 'help' || t.name === 'h')) {
    process.stdout.write(`${spec.usage}\n`);
    return 0;
  }
  for (const token of options) {
    const option = known[token.name];
    if (!option) {
      const meantWorkspace = token.name === 'team' && 'workspace' in spec.options;
      const hint = meantWorkspace ? ' (the Slack workspace is --workspace <T…>)' : '';
      return fail(`Unknown option ${token.rawName} for \`dealcoach ${spec.name}\`${hint}`);
    }
    if (option.type === 'string' && token.value === undefined) return fail(`${token.rawName} needs a value`);
    if (option.type === 'boolean' && token.inlineValue) return fail(`${token.rawName} takes no value`);
  }
  let result: Parsed<O>;
  try {
    result = parseArgs({ args, options: known as O, allowPositionals: true, strict: true });
  } catch (error) {
    const err = error as Error & { code?: string };
    if (!err.code?.startsWith('ERR_PARSE_ARGS')) throw error;
    return fail(err.message);
  }
  const values = result.values as Record<string, unknown>;
  for (const [old, now] of Object.entries(renamed)) {
    if (values[old] === undefined) continue;
    if (values[now] === undefined) values[now] = values[old];
    const value = String(values[old]);
    process.stderr.write(`note: --${old} ${value} is read as --${now} ${value}; --${old} now names a sales team.\n`);
    delete values[old];
  }
  const allowed = spec.positionals ?? 0;
  if (result.positionals.length > allowed) {
    return fail(`Unexpected argument "${result.positionals[allowed]}" for \`dealcoach ${spec.name}\``);
  }
  return { values: result.values, positionals: result.positionals };
}

/** Loads the config or prints one line per problem (naming the variable) and returns null. */
export function configOrExplain(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`config error: ${problem}\n`);
    process.stderr.write(
      'Fix the variables above (see .env.example), or try dealcoach without credentials: npm run console\n',
    );
    return null;
  }
}

/**
 * Parses an --at value, or explains what is wrong with it. A time without an offset is read in `zone`
 * (DEALCOACH_TIMEZONE), as the console reads it: `2027-01-05T09:00` is 09:00 there, not in UTC.
 */
export function parseAt(value: string | undefined, fallback: Date, zone: string): Date | null {
  if (!value) return fallback;
  const at = parseInstant(value, zone);
  if (!at) {
    process.stderr.write(
      `--at: "${value}" is not an ISO time such as 2026-11-23T09:00 (read in ${zone}, DEALCOACH_TIMEZONE) ` +
        'or 2026-11-23T09:00:00Z\n',
    );
    return null;
  }
  return at;
}

/** Commands that print data print exactly one JSON document with --json. */
export function printJson(value: unknown): void {
  warnAboutNpmBanner();
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * `npm run <script>` prints its "> dealcoach@0.1.0 scan" banner on stdout (npm 11 too), ahead of the
 * data, unless npm runs with --silent. Nothing here can take it back, so say how to avoid it.
 */
export function warnAboutNpmBanner(env: NodeJS.ProcessEnv = process.env): void {
  const script = env.npm_lifecycle_event;
  // Only our own scripts: `npm test` also sets these for every process it starts.
  if (!script || !env.npm_lifecycle_script?.includes('dealcoach') || env.npm_config_loglevel === 'silent') return;
  process.stderr.write(
    'note: npm printed its banner on stdout before this output; for the data alone run ' +
      `\`npm run --silent ${script} -- …\` or \`npx dealcoach ${script} …\`.\n`,
  );
}
