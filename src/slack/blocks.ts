// Small builders for Block Kit, so views read as data and every text is escaped and clipped
// to Slack's documented limits (test/fixtures/slack/block_kit_limits.json).
import type { types } from '@slack/bolt';
import { cleanText } from '../domain/text.js';

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

/**
 * Slack mrkdwn treats &, < and > as control characters: escape anything users typed. The one escape function.
 * Invisible characters (controls, bidi overrides: domain/text.ts cleanText) are dropped here too, so text
 * stored before they were cleaned on the way in never renders otherwise than it reads.
 */
export function esc(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack sends the &, < and > people type as &amp;, &lt; and &gt; (slash commands, messages, file comments).
 * Decoded once, before parsing, so "AT&T" is stored as typed; tokens Slack itself makes (<@U…>, <#C…|name>,
 * <mailto:…|…>) arrive raw and pass through unchanged for the grammar to read. Invisible characters (NUL and
 * other controls, zero-width spaces, bidi overrides and isolates) are dropped (cleanText); form values, which
 * Slack does not escape, are cleaned the same way in modalValues.
 */
export function fromSlack(text: string): string {
  return cleanText(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts to at most `max` UTF-16 units with "…", never inside a surrogate pair or an escaped entity. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  // An entity is at most 5 characters ("&amp;"): do not leave "&am" behind.
  const amp = text.lastIndexOf('&', end - 1);
  if (amp >= 0 && end - amp < 5 && !text.slice(amp, end).includes(';')) end = amp;
  return `${text.slice(0, end)}…`;
}

/** Clips user text for showing, escaped, saying where the rest is (e.g. "/deal status Acme"). */
export function excerpt(text: string, max: number): string {
  return esc(clip(text, max));
}

/**
 * How much text a message's blocks carry in all, at most (blocksTextLength). Slack answers msg_blocks_too_long
 * above a total it does not document: it has been seen refusing ~13,200 characters and as little as ~11,300, so
 * how it counts is not quite what we count. 10,000 leaves 11.5% under the smallest refusal seen, room for
 * a count that takes a line break or a quote as two characters (JSON escapes) or adds what the builders leave
 * out; should Slack refuse anyway, the messenger sends the message in parts (postInParts).
 */
export const MESSAGE_TEXT_BUDGET = 10_000;

/**
 * The text of blocks as Slack counts it for msg_blocks_too_long: every text object (section text and
 * fields, headers, context elements, button and option texts, labels, placeholders).
 */
export function blocksTextLength(blocks: unknown): number {
  let total = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') total += obj.text.length;
    for (const value of Object.values(obj)) if (value && typeof value === 'object') walk(value);
  };
  walk(blocks);
  return total;
}

/** Packs blocks, in order, into groups each under the text budget and Slack's block count. */
export function splitBlocks(
  blocks: Block[],
  budget: number = MESSAGE_TEXT_BUDGET,
  maxBlocks: number = LIMITS.messageBlocks,
): Block[][] {
  const groups: Block[][] = [];
  let group: Block[] = [];
  let size = 0;
  for (const block of blocks) {
    const length = blocksTextLength(block);
    if (group.length && (size + length > budget || group.length >= maxBlocks)) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(block);
    size += length;
  }
  if (group.length) groups.push(group);
  return groups;
}

/** A short, stable fingerprint of content, for block ids that must change when a card changes. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** A header: plain text (nothing to escape), with invisible characters dropped as esc drops them. */
export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(cleanText(text), LIMITS.headerText), emoji: true },
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
  elements: items
    .slice(0, LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn', text: clip(text || ' ', LIMITS.sectionText) })),
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
  return [
    ...kept,
    context(`…and more ${what} not shown (${blocks.length - kept.length} blocks cut to fit Slack's limit).`),
  ];
}

/** Keeps a message's blocks under the text budget: a view that overflows loses its tail, with a note. */
function capText(blocks: Block[]): Block[] {
  if (blocksTextLength(blocks) <= MESSAGE_TEXT_BUDGET) return blocks;
  const note = context(
    "…cut to fit Slack's message size. `/deal list` and `/deal status &lt;deal&gt;` show everything.",
  );
  const kept = splitBlocks(blocks, MESSAGE_TEXT_BUDGET - blocksTextLength(note), LIMITS.messageBlocks - 1)[0] ?? [];
  return [...kept, note];
}

/** Blocks within Slack's block count and the text budget (what message() does to its blocks). */
export function fitBlocks(blocks: Block[]): Block[] {
  return capText(capBlocks(blocks));
}

/**
 * A message. `text` is the plain-text fallback for notifications and is always escaped here,
 * so no name or note in it can become <!channel>, a mention or a link.
 */
export function message(text: string, blocks: Block[]): BotMessage {
  return { text: clip(esc(text), LIMITS.fallbackText), blocks: fitBlocks(blocks) };
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
    ...(opts.placeholder
      ? { placeholder: { type: 'plain_text', text: clip(opts.placeholder, LIMITS.placeholder) } }
      : {}),
    ...(opts.multiline ? { multiline: true } : {}),
    max_length: opts.maxLength ?? 3000,
  },
});

/** A form field: one choice from a list of [value, label] pairs. */
export const selectInput = (
  blockId: string,
  label: string,
  options: ReadonlyArray<readonly [string, string]>,
  opts: { initial?: string | null; optional?: boolean } = {},
): Block => {
  const choices = options.map(([value, text]) => ({
    text: { type: 'plain_text' as const, text: clip(text, LIMITS.optionText) },
    value,
  }));
  const initialOption = choices.find((o) => o.value === opts.initial);
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? true,
    label: { type: 'plain_text', text: clip(label, 2000) },
    element: {
      type: 'static_select',
      action_id: 'input',
      options: choices,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
  };
};

/** A modal's frame; titles and button labels are clipped to Slack's 24 characters. */
export function modal(spec: {
  callbackId: string;
  title: string;
  submit: string;
  close: string;
  blocks: Block[];
  privateMetadata?: string;
}): ModalView {
  const text = (t: string) => ({ type: 'plain_text' as const, text: clip(t, LIMITS.viewTitle) });
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    ...(spec.privateMetadata !== undefined
      ? { private_metadata: clip(spec.privateMetadata, LIMITS.privateMetadata) }
      : {}),
    title: text(spec.title),
    submit: text(spec.submit),
    close: text(spec.close),
    blocks: capBlocks(spec.blocks, LIMITS.viewBlocks),
  };
}
