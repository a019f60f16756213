import { z } from 'zod';
import { IANAZone } from 'luxon';
import cron from 'node-cron';

// One schema over the environment. Empty strings count as "not set" so that a copied
// .env.example with blank values behaves like a missing variable.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

// Each message names its variable and shows a value that works, in words a person setting up a server reads.
const timeZone = z
  .string()
  .trim()
  .refine((zone) => IANAZone.isValidZone(zone), {
    message: 'DEALCOACH_TIMEZONE must be an IANA time zone such as Europe/Berlin or America/New_York',
  })
  // "europe/berlin" works too; keep the spelling people read ("Europe/Berlin").
  .transform((zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);

const cronExpression = z
  .string()
  .trim()
  .refine((expr) => cron.validate(expr), {
    message: 'DEALCOACH_SCAN_CRON must be a cron expression with 5 or 6 fields, e.g. "*/15 * * * *" (every 15 minutes)',
  });

const portNamed = (name: string, example: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { message: `${name} must be a whole number, e.g. ${example}` })
    .transform(Number)
    // 0 asks the system for any free port (the tests and the bench use it).
    .refine((n) => n >= 0 && n <= 65535, { message: `${name} must be a port number from 0 to 65535, e.g. ${example}` });

const httpUrl = (name: string, example: string) =>
  z
    .string()
    .trim()
    .refine((text) => /^https?:\/\/[^/\s]/i.test(text) && URL.canParse(text), {
      message: `${name} must be a URL starting with http:// or https://, e.g. ${example}`,
    });

/** SQLite only: "file:./x.db", a path or ":memory:". A server URL (postgres://...) is refused by name. */
const databaseUrl = z
  .string()
  .trim()
  .superRefine((url, ctx) => {
    // Two or more letters before the colon: a scheme, not a Windows drive (C:\data\x.db).
    const scheme = /^([a-z][a-z0-9+.-]+):(\/\/)?/i.exec(url);
    if (!scheme || scheme[1]!.toLowerCase() === 'file') return;
    const shown = `${scheme[1]}:${scheme[2] ?? ''}`;
    ctx.addIssue({
      code: 'custom',
      message: `DATABASE_URL: ${shown} is not supported; dealcoach uses SQLite: file:./data/dealcoach.db or a path`,
    });
  });

/**
 * Slack's Signing Secret as Slack shows it: 32 letters and digits. What else is refused says what it looks like
 * instead (a token, quotes or spaces, too short), never the value itself.
 */
const SIGNING_SECRET_FORM =
  "SLACK_SIGNING_SECRET must be the app's Signing Secret: 32 letters and digits such as " +
  '8f742231b10e8888abcd99yyyzzz85a5 (Basic Information > App Credentials > Signing Secret, Show)';
const signingSecret = z
  .string()
  .trim()
  .superRefine((secret, ctx) => {
    const problem = /^(xox[abpr]|xapp)-/i.test(secret)
      ? 'the value set is a token, not the Signing Secret'
      : /[\s"'`]/.test(secret)
        ? 'the value set has spaces or quotes in it'
        : secret.length < 8
          ? `the value set has ${secret.length} character${secret.length === 1 ? '' : 's'}`
          : null;
    if (problem) ctx.addIssue({ code: 'custom', message: `${SIGNING_SECRET_FORM}; ${problem}` });
  });

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(
    z.string().trim().startsWith('xoxb-', {
      message: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions > Bot User OAuth Token)',
    }),
  ),
  SLACK_SIGNING_SECRET: optional(signingSecret),
  SLACK_APP_TOKEN: optional(
    z.string().trim().startsWith('xapp-', {
      message: 'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information > App-Level Tokens)',
    }),
  ),
  PORT: optional(portNamed('PORT', 3000)).transform((v) => v ?? 3000),
  HEALTH_PORT: optional(portNamed('HEALTH_PORT', 8080)),
  SLACK_API_URL: optional(httpUrl('SLACK_API_URL', 'https://slack.com/api/')),
  DATABASE_URL: optional(databaseUrl).transform((v) => v ?? 'file:./data/dealcoach.db'),
  OPENAI_API_KEY: optional(z.string().trim()),
  OPENAI_BASE_URL: optional(httpUrl('OPENAI_BASE_URL', 'http://localhost:11434/v1')),
  OPENAI_MODEL: optional(z.string().trim()).transform((v) => v ?? 'gpt-4o-mini'),
  DEALCOACH_TIMEZONE: optional(timeZone).transform((v) => v ?? 'UTC'),
  // The rep's own company, said in voicemails and under the sign-off ("Hi, it's Ana from Lumen Analytics").
  DEALCOACH_COMPANY_NAME: optional(
    z
      .string()
      .trim()
      .max(200, { message: 'DEALCOACH_COMPANY_NAME must be at most 200 characters, e.g. Lumen Analytics' }),
  ),
  DEALCOACH_SCAN_CRON: optional(cronExpression).transform((v) => v ?? '*/15 * * * *'),
  LOG_LEVEL: optional(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (any case)` }),
    ),
  ).transform((v) => v ?? 'info'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parses the environment; throws ConfigError with one line per problem, naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

/** The bot needs Slack credentials on top of the base schema. */
export function requireSlackCredentials(config: Config): string[] {
  const problems: string[] = [];
  if (!config.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: missing (the Bot User OAuth Token, xoxb-...)');
  // Socket Mode events come over the app's own socket, unsigned: only HTTP mode needs the signing secret.
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET: missing (Basic Information > Signing Secret; or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  return problems;
}
