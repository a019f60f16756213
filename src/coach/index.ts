// The drafting layer's front door: pick the drafter by configuration.
// No key -> the offline drafter. A key -> the model, with the offline drafter as its floor.
import type { CoachLogger, LlmConfig } from './llm.js';
import { createOfflineDrafter } from './offline.js';
import { loadPrompts } from './prompts.js';
import type { Drafter } from './types.js';

export interface CreateDrafterOptions {
  /** From OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL; null or a blank key means offline. */
  openai?: LlmConfig | null;
  logger?: CoachLogger;
  /** Defaults to prompts/ at the repository root. */
  promptsDir?: string;
}

export function createDrafter(options: CreateDrafterOptions = {}): Drafter {
  const logger = options.logger ?? {};
  const apiKey = options.openai?.apiKey?.trim() ?? '';
  if (!options.openai || apiKey === '') {
    logger.info?.('coach: no model configured, drafting offline');
    return createOfflineDrafter();
  }
  // Loaded once, up front: a broken prompt file should stop start-up, not the first draft.
  const prompts = loadPrompts(options.promptsDir);
  logger.info?.('coach: drafting with a model, offline drafter as fallback', {
    model: options.openai.model,
    timeoutMs: options.openai.timeoutMs,
    maxRetries: options.openai.maxRetries,
  });
  // The OpenAI SDK is loaded on the first draft, not at start-up: most of the bot's life needs no model.
  const config = { ...options.openai, apiKey };
  let drafter: Promise<Drafter> | undefined;
  return {
    async draft(facts, kind) {
      drafter ??= import('./llm.js').then((llm) => llm.createLlmDrafter(config, { prompts, logger }));
      return (await drafter).draft(facts, kind);
    },
  };
}

export { checkTone, BODY_WORD_LIMITS, VOICEMAIL_MAX_WORDS, type DraftText } from './tone.js';
export {
  loadPrompts,
  renderPrompt,
  promptVersionOf,
  DEFAULT_PROMPTS_DIR,
  type PromptSet,
  type ChatMessage,
} from './prompts.js';
export { draftOffline, composeOffline, createOfflineDrafter, offlinePromptVersion } from './offline.js';
export type { LlmConfig, CoachLogger } from './llm.js';
export { formatDraftJson, runCheckTone, type DraftJson } from './cli.js';
export * from './types.js';
