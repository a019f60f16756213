import { z } from 'zod';
import { IANAZone } from 'luxon';
import cron from 'node-cron';

// One schema over the environment. Empty strings count as "not set" so that a copied
// .env.example with blank values behaves like a missing variable.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const timeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  message: 'must be an IANA time zone such as Europe/Berlin or America/New_York',
});

const cronExpression = z.string().refine((expr) => cron.validate(expr), {
  message: 'must be a cron expression with 5 or 6 fields, e.g. "*/15 * * * *"',
});

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', { message: 'must be a bot token starting with xoxb-' })),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, { message: 'must be the app\'s signing secret' })),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', { message: 'must be an app-level token starting with xapp-' })),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((v) => v ?? 3000),
  HEALTH_PORT: optional(z.coerce.number().int().min(0).max(65535)),
  SLACK_API_URL: optional(z.url({ message: 'must be a URL such as https://slack.com/api/' })),
  DATABASE_URL: optional(z.string()).transform((v) => v ?? 'file:./data/dealcoach.db'),
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(z.url({ message: 'must be a URL such as http://localhost:11434/v1' })),
  OPENAI_MODEL: optional(z.string()).transform((v) => v ?? 'gpt-4o-mini'),
  DEALCOACH_TIMEZONE: optional(timeZone).transform((v) => v ?? 'UTC'),
  DEALCOACH_SCAN_CRON: optional(cronExpression).transform((v) => v ?? '*/15 * * * *'),
  LOG_LEVEL: optional(z.enum(['debug', 'info', 'warn', 'error'])).transform((v) => v ?? 'info'),
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
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}

/** The bot needs Slack credentials on top of the base schema. */
export function requireSlackCredentials(config: Config): string[] {
  const problems: string[] = [];
  if (!config.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: missing (the Bot User OAuth Token, xoxb-...)');
  // Socket Mode events come over the app's own socket, unsigned: only HTTP mode needs the signing secret.
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: missing (Basic Information > Signing Secret; or set SLACK_APP_TOKEN for Socket Mode)');
  }
  return problems;
}
