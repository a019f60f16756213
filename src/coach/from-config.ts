// The drafter the environment asks for, shared by the bot, the console and `dealcoach draft`.
import type { Config } from '../config.js';
import { createDrafter } from './index.js';
import type { Drafter } from './types.js';

/** The model when OPENAI_API_KEY is set (offline drafter as its floor), else the offline drafter. */
export function createDrafterFromConfig(config: Config, options: { offline?: boolean } = {}): Drafter {
  const log = (level: string) => (message: string) => process.stderr.write(`${level}: ${message}\n`);
  const openai =
    config.OPENAI_API_KEY && !options.offline
      ? { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL ?? null, model: config.OPENAI_MODEL }
      : null;
  return createDrafter({
    openai,
    logger: { warn: log('warn'), error: log('error'), ...(config.LOG_LEVEL === 'debug' ? { info: log('info') } : {}) },
  });
}
