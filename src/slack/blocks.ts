// Small builders for Block Kit, so views read as data and every text is escaped and clipped
// to Slack's documented limits (test/fixtures/slack/block_kit_limits.json).
import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** What every surface receives: blocks plus a plain-text fallback for notifications. */
export interface BotMessage {
  text: string;
  blocks: Block[];
  /** Slack message metadata (the outbox tags its posts with their key, to find them after a crash). */
  metadata?: MessageMetadata;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  actionsElements: 25,
  contextElements: 10,
  viewTitle: 24,
  privateMetadata: 3000,
  placeholder: 150,
  optionText: 75,
  fallbackText: 40000,
} as const;

/** Slack mrkdwn treats &, < and > as control characters: escape anything users typed. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true },
});

export const section = (mrkdwn: string, blockId?: string): Block => ({
  type: 'section',
  ...(blockId ? { block_id: blockId } : {}),
  text: { type: 'mrkdwn', text: clip(mrkdwn || ' ', LIMITS.sectionText) },
});

export const fields = (items: string[]): Block => ({
  type: 'section',
  fields: items.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: clip(text || ' ', LIMITS.fieldText) })),
});

export const context = (...items: string[]): Block => ({
  type: 'context',
  elements: items.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: clip(text || ' ', LIMITS.sectionText) })),
});

export const divider = (): Block => ({ type: 'divider' });

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
}

export const button = (spec: ButtonSpec) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: clip(spec.text, LIMITS.buttonText), emoji: true },
  action_id: clip(spec.actionId, LIMITS.actionId),
  ...(spec.value !== undefined ? { value: clip(spec.value, LIMITS.buttonValue) } : {}),
  ...(spec.style ? { style: spec.style } : {}),
  ...(spec.url ? { url: spec.url } : {}),
});

export const actions = (buttons: ButtonSpec[], blockId?: string): Block => ({
  type: 'actions',
  ...(blockId ? { block_id: clip(blockId, LIMITS.blockId) } : {}),
  elements: buttons.slice(0, LIMITS.actionsElements).map(button),
});

/** Caps a message at Slack's block limit, replacing the tail with a note of how much was left out. */
export function capBlocks(blocks: Block[], max: number = LIMITS.messageBlocks, what = 'items'): Block[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(`…and more ${what} not shown (${blocks.length - kept.length} blocks cut to fit Slack's limit).`)];
}

export function message(text: string, blocks: Block[]): BotMessage {
  return { text: clip(text, LIMITS.fallbackText), blocks: capBlocks(blocks) };
}

export interface TextInputOptions {
  initial?: string | null;
  placeholder?: string;
  optional?: boolean;
  multiline?: boolean;
  maxLength?: number;
}

/** A form field: plain text. Its value arrives under the block id (action id "input"). */
export const textInput = (blockId: string, label: string, opts: TextInputOptions = {}): Block => ({
  type: 'input',
  block_id: blockId,
  optional: opts.optional ?? true,
  label: { type: 'plain_text', text: clip(label, 2000) },
  element: {
    type: 'plain_text_input',
    action_id: 'input',
    ...(opts.initial ? { initial_value: clip(opts.initial, 3000) } : {}),
    ...(opts.placeholder ? { placeholder: { type: 'plain_text', text: clip(opts.placeholder, LIMITS.placeholder) } } : {}),
    ...(opts.multiline ? { multiline: true } : {}),
    max_length: opts.maxLength ?? 3000,
  },
});

/** A form field: one choice from a list of [value, label] pairs. */
export const selectInput = (blockId: string, label: string, options: ReadonlyArray<readonly [string, string]>, opts: { initial?: string | null; optional?: boolean } = {}): Block => {
  const choices = options.map(([value, text]) => ({ text: { type: 'plain_text' as const, text: clip(text, LIMITS.optionText) }, value }));
  const initialOption = choices.find((o) => o.value === opts.initial);
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? true,
    label: { type: 'plain_text', text: clip(label, 2000) },
    element: { type: 'static_select', action_id: 'input', options: choices, ...(initialOption ? { initial_option: initialOption } : {}) },
  };
};

/** A modal's frame; titles and button labels are clipped to Slack's 24 characters. */
export function modal(spec: { callbackId: string; title: string; submit: string; close: string; blocks: Block[]; privateMetadata?: string }): ModalView {
  const text = (t: string) => ({ type: 'plain_text' as const, text: clip(t, LIMITS.viewTitle) });
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    ...(spec.privateMetadata !== undefined ? { private_metadata: clip(spec.privateMetadata, LIMITS.privateMetadata) } : {}),
    title: text(spec.title),
    submit: text(spec.submit),
    close: text(spec.close),
    blocks: capBlocks(spec.blocks, LIMITS.viewBlocks),
  };
}
