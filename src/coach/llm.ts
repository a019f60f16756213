// The LLM drafter: OpenAI-compatible chat completions with structured output, a timeout and retry
// budget of its own, the tone guard on every answer, one regeneration with the guard's findings,
// and the offline drafter as the floor. Configuration is passed in; nothing here reads process.env.
//
// zodResponseFormat and zod 4 (checked in node_modules, openai 6.49.0 with zod 4.6.7):
// openai/helpers/zod detects zod 4 schemas ('_zod' in schema) and converts them with zod 4's own
// z.toJSONSchema (target draft-7) followed by the SDK's strict-mode transform; zod 3 schemas go
// through the vendored zod-to-json-schema instead. So zodResponseFormat accepts zod 4 directly:
// it yields { type: 'json_schema', json_schema: { name, strict: true, schema } } with every field
// required and additionalProperties false, and chat.completions.parse() validates the answer
// with schema.parse (a ZodError on mismatch, a SyntaxError on non-JSON). No hand-built
// response_format is needed; test/coach/llm.test.ts pins the request shape.
import OpenAI from 'openai';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { draftOffline } from './offline.js';
import { promptVersionOf, renderPrompt, toneRetryMessages, type ChatMessage, type PromptSet } from './prompts.js';
import { checkTone, type DraftText } from './tone.js';
import type { Draft, DraftFacts, DraftKind, Drafter } from './types.js';

export interface LlmConfig {
  apiKey: string;
  /** OPENAI_BASE_URL; defaults to OpenAI's. */
  baseURL?: string | null;
  model: string;
  /** Per request. Default 20 s: a draft is worth waiting for, a hung proxy is not. */
  timeoutMs?: number;
  /** SDK retries per request (429, 5xx, timeouts). Default 1. */
  maxRetries?: number;
}

/** Structured logging, any of pino/console-like; every method optional. */
export interface CoachLogger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_RETRIES = 1;

const nonBlank = (s: string) => s.trim().length > 0;

/**
 * What the model must answer. Refinements are not part of the JSON schema sent (strict mode
 * supports few keywords) but are checked when the SDK parses the answer.
 */
export const DraftOutputSchema = z.object({
  subject: z.string().refine(nonBlank, 'subject must not be empty'),
  body: z.string().refine(nonBlank, 'body must not be empty'),
  voicemail: z.string().nullable(),
});
export type DraftOutput = z.infer<typeof DraftOutputSchema>;

export const draftResponseFormat = () => zodResponseFormat(DraftOutputSchema, 'dealcoach_draft');

type Usage = NonNullable<Draft['usage']>;

/** A failure with a short, stable reason recorded on the fallback draft. */
export class DraftFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export function createOpenAIClient(config: LlmConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    // Explicit values so the SDK does not pick up OPENAI_BASE_URL / org / project from the environment.
    baseURL: config.baseURL ?? DEFAULT_BASE_URL,
    organization: null,
    project: null,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? DEFAULT_MAX_RETRIES,
  });
}

/** One structured-output request. Throws DraftFailure or the SDK's own errors. */
export async function requestDraft(
  client: OpenAI,
  model: string,
  messages: ChatMessage[],
): Promise<{ output: DraftOutput; usage: Usage | null }> {
  const completion = await client.chat.completions.parse({
    model,
    messages,
    response_format: draftResponseFormat(),
  });
  const usage = completion.usage
    ? { promptTokens: completion.usage.prompt_tokens ?? 0, completionTokens: completion.usage.completion_tokens ?? 0 }
    : null;
  const message = completion.choices[0]?.message;
  if (message?.refusal) throw new DraftFailure('refusal', `model refused: ${message.refusal.slice(0, 200)}`);
  if (!message?.parsed) throw new DraftFailure('schema', 'model returned no parseable draft');
  return { output: message.parsed, usage };
}

/** A short reason for the draft record: "timeout", "http 500", "schema", "refusal", ... */
export function classifyFailure(error: unknown): string {
  if (error instanceof DraftFailure) return error.reason;
  if (error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIUserAbortError) return 'aborted';
  if (error instanceof APIConnectionError) return 'connection';
  if (error instanceof APIError && typeof error.status === 'number') return `http ${error.status}`;
  if (error instanceof LengthFinishReasonError) return 'length';
  if (error instanceof ContentFilterFinishReasonError) return 'content-filter';
  if (error instanceof z.ZodError || error instanceof SyntaxError) return 'schema';
  return 'error';
}

/** Error text for logs, with the key cut out in case a proxy echoes it back. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function addUsage(total: Usage | null, more: Usage | null): Usage | null {
  if (!more) return total;
  if (!total) return { ...more };
  return {
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
  };
}

/** Trimmed text; a voicemail only when the step is a call. */
function textOf(output: DraftOutput, facts: DraftFacts): DraftText & { subject: string; voicemail: string | null } {
  const voicemail = facts.wantsVoicemail ? output.voicemail?.trim() || null : null;
  return { subject: output.subject.trim(), body: output.body.trim(), voicemail };
}

export interface LlmDrafterDeps {
  prompts: PromptSet;
  logger?: CoachLogger;
  /** Injected for tests; built from config otherwise. */
  client?: OpenAI;
}

export function createLlmDrafter(config: LlmConfig, deps: LlmDrafterDeps): Drafter {
  const client = deps.client ?? createOpenAIClient(config);
  const logger = deps.logger ?? {};
  const model = config.model;

  return {
    async draft(facts: DraftFacts, kind: DraftKind): Promise<Draft> {
      const messages = renderPrompt(deps.prompts, kind, facts);
      const promptVersion = promptVersionOf(deps.prompts.kinds[kind]);
      let usage: Usage | null = null;

      const fallback = (reason: string, error?: unknown): Draft => {
        logger.warn?.('coach: model draft failed, using the offline drafter', {
          dealId: facts.dealId,
          kind,
          model,
          reason,
          ...(error instanceof Error ? { detail: redact(error.message, config.apiKey).slice(0, 300) } : {}),
        });
        // Tokens spent on failed attempts still belong to this draft.
        return draftOffline(facts, kind, { fallbackReason: reason, usage });
      };
      const fromModel = (text: ReturnType<typeof textOf>, tone: Draft['tone']): Draft => ({
        kind,
        ...text,
        source: model,
        promptVersion,
        tone,
        usage,
        fallbackReason: null,
      });

      let first: Awaited<ReturnType<typeof requestDraft>>;
      try {
        first = await requestDraft(client, model, messages);
      } catch (error) {
        return fallback(classifyFailure(error), error);
      }
      usage = addUsage(usage, first.usage);
      const firstText = textOf(first.output, facts);
      const firstTone = checkTone(kind, firstText, facts);
      if (firstTone.ok) return fromModel(firstText, firstTone);

      logger.info?.('coach: draft failed the tone guard, regenerating once', {
        dealId: facts.dealId,
        kind,
        model,
        rules: firstTone.problems.map((p) => p.rule),
      });
      let second: Awaited<ReturnType<typeof requestDraft>>;
      try {
        second = await requestDraft(client, model, [...messages, ...toneRetryMessages(firstText, firstTone.problems)]);
      } catch (error) {
        return fallback(classifyFailure(error), error);
      }
      usage = addUsage(usage, second.usage);
      const secondText = textOf(second.output, facts);
      const secondTone = checkTone(kind, secondText, facts);
      if (secondTone.ok) return fromModel(secondText, secondTone);
      return fallback('tone');
    },
  };
}
