// Checks Block Kit against Slack's documented limits (test/fixtures/slack/block_kit_limits.json).
// Returns every violation as a readable path, so a failing test says exactly what broke.
import { readFileSync } from 'node:fs';

type Json = Record<string, any>;

interface LimitEntry {
  what: string;
  max?: number | number[] | string;
  each_max_chars?: number;
}

const fixturePath = new URL('../fixtures/slack/block_kit_limits.json', import.meta.url);
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { limits: LimitEntry[] };

/** A number from the fixture's limit table; throws when the fixture no longer says it, so drift is loud. */
function limit(what: string, pick: (entry: LimitEntry) => unknown = (e) => e.max): number {
  const entry = fixture.limits.find((l) => l.what === what);
  const value = entry && pick(entry);
  if (typeof value !== 'number') throw new Error(`block_kit_limits.json has no numeric limit for "${what}"`);
  return value;
}

const optionLimits = fixture.limits.find((l) => l.what.startsWith('option.text'))?.max as number[];

export const L = {
  messageBlocks: limit('blocks per message'),
  viewBlocks: limit('blocks per modal / Home tab view'),
  text: limit('section.text.text'),
  field: limit('section.fields count / each field text', (e) => e.each_max_chars),
  fields: limit('section.fields count / each field text'),
  header: limit('header.text.text (plain_text only)'),
  blockId: limit('block_id'),
  actionId: limit('action_id'),
  buttonText: limit('button.text.text (plain_text)'),
  buttonValue: limit('button.value'),
  buttonUrl: limit('button.url'),
  actionsElements: limit('actions block elements'),
  contextElements: limit('context block elements'),
  optionText: optionLimits[0]!,
  optionValue: optionLimits[1]!,
  selectOptions: limit('static_select options / option_groups'),
  viewTitle: limit('modal title / submit / close text'),
  privateMetadata: limit('view private_metadata'),
  // The fixture gives these in a note ("placeholder max 150 chars") or not at all (input labels).
  placeholder: 150,
  inputLabel: 2000,
  callbackId: limit('view callback_id'),
  fallbackText: limit('chat.postMessage top-level text'),
  // "whole message blocks payload": undocumented; msg_blocks_too_long has been seen at ~13,200 characters and
  // at as little as ~11,300: the smallest refusal seen is the limit the tests hold messages to.
  messageBlocksText: 11_300,
};

/** All the text a message's blocks carry: every `text` string (text objects, fields, context, buttons...). */
export function blocksTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blocksTextLength(item), 0);
  if (!value || typeof value !== 'object') return 0;
  let total = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') total += child.length;
    else total += blocksTextLength(child);
  }
  return total;
}

/** Rules Slack states as advice ("should") rather than enforces; the fake Slack leaves them out. */
export interface CheckOptions {
  advice?: boolean;
}

export interface MessageCheckOptions {
  /** Slack's msg_blocks_too_long total (default on); off only where a known product gap is tracked. */
  total?: boolean;
}

export function checkMessage(message: { text?: string; blocks?: Json[] }, options: MessageCheckOptions = {}): string[] {
  const problems: string[] = [];
  if (!message.text || message.text.length === 0) problems.push('text: a plain-text fallback is required');
  if ((message.text ?? '').length > L.fallbackText) problems.push(`text: ${message.text!.length} > ${L.fallbackText}`);
  problems.push(...checkBlocks(message.blocks ?? [], L.messageBlocks, 'blocks'));
  const total = blocksTextLength(message.blocks ?? []);
  if ((options.total ?? true) && total > L.messageBlocksText) {
    problems.push(`blocks: ${total} characters of text in all > ${L.messageBlocksText}`);
  }
  return problems;
}

export function checkView(view: Json, options: CheckOptions = {}): string[] {
  const problems = checkBlocks(view.blocks ?? [], L.viewBlocks, 'view.blocks', options);
  for (const key of ['title', 'submit', 'close'] as const) {
    if (view[key] && view[key].text.length > L.viewTitle)
      problems.push(`view.${key}: "${view[key].text}" > ${L.viewTitle}`);
  }
  if (view.type === 'modal' && !view.title) problems.push('view.title: a modal needs a title');
  if ((view.private_metadata ?? '').length > L.privateMetadata)
    problems.push(`view.private_metadata > ${L.privateMetadata}`);
  if ((view.callback_id ?? '').length > L.callbackId) problems.push(`view.callback_id > ${L.callbackId}`);
  return problems;
}

function checkText(obj: Json | undefined, max: number, path: string, problems: string[]): void {
  if (!obj) return;
  if (typeof obj.text !== 'string' || obj.text.length < 1) problems.push(`${path}: text must be 1 or more characters`);
  else if (obj.text.length > max) problems.push(`${path}: ${obj.text.length} characters > ${max}`);
}

function checkElement(el: Json, path: string, problems: string[]): void {
  if (el.action_id && el.action_id.length > L.actionId) problems.push(`${path}.action_id > ${L.actionId}`);
  if (el.type === 'button') {
    checkText(el.text, L.buttonText, `${path}.text`, problems);
    if (el.value && el.value.length > L.buttonValue)
      problems.push(`${path}.value: ${el.value.length} > ${L.buttonValue}`);
    if (el.url && el.url.length > L.buttonUrl) problems.push(`${path}.url > ${L.buttonUrl}`);
    if (el.style && !['primary', 'danger'].includes(el.style)) problems.push(`${path}.style: ${el.style}`);
  }
  if (el.type === 'static_select') {
    if (el.options.length > L.selectOptions) problems.push(`${path}.options > ${L.selectOptions}`);
    el.options.forEach((o: Json, i: number) => {
      checkText(o.text, L.optionText, `${path}.options[${i}].text`, problems);
      if (o.value.length > L.optionValue) problems.push(`${path}.options[${i}].value > ${L.optionValue}`);
    });
  }
  if (el.placeholder) checkText(el.placeholder, L.placeholder, `${path}.placeholder`, problems);
  if (el.type === 'plain_text_input' && el.max_length !== undefined && (el.max_length < 1 || el.max_length > 3000))
    problems.push(`${path}.max_length out of 1..3000`);
}

export function checkBlocks(blocks: Json[], maxBlocks: number, path: string, options: CheckOptions = {}): string[] {
  const advice = options.advice ?? true;
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${path}: ${blocks.length} blocks > ${maxBlocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${path}[${i}] (${block.type})`;
    if (block.block_id) {
      if (block.block_id.length > L.blockId) problems.push(`${at}.block_id > ${L.blockId}`);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id "${block.block_id}" is not unique`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        if (block.text.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        checkText(block.text, L.header, at, problems);
        break;
      case 'section':
        if (!block.text && !block.fields) problems.push(`${at}: a section needs text or fields`);
        checkText(block.text, L.text, `${at}.text`, problems);
        if (block.fields) {
          if (block.fields.length > L.fields) problems.push(`${at}.fields: ${block.fields.length} > ${L.fields}`);
          block.fields.forEach((f: Json, j: number) => checkText(f, L.field, `${at}.fields[${j}]`, problems));
        }
        if (block.accessory) checkElement(block.accessory, `${at}.accessory`, problems);
        break;
      case 'context':
        if (block.elements.length > L.contextElements)
          problems.push(`${at}.elements: ${block.elements.length} > ${L.contextElements}`);
        block.elements.forEach(
          (e: Json, j: number) => e.type !== 'image' && checkText(e, L.text, `${at}.elements[${j}]`, problems),
        );
        break;
      case 'actions': {
        if (block.elements.length > L.actionsElements)
          problems.push(`${at}.elements: ${block.elements.length} > ${L.actionsElements}`);
        const ids = new Set<string>();
        block.elements.forEach((e: Json, j: number) => {
          checkElement(e, `${at}.elements[${j}]`, problems);
          if (ids.has(e.action_id))
            problems.push(`${at}.elements[${j}].action_id "${e.action_id}" repeats in the block`);
          ids.add(e.action_id);
        });
        const primaries = block.elements.filter((e: Json) => e.style === 'primary').length;
        if (advice && primaries > 1) problems.push(`${at}: more than one primary button`);
        break;
      }
      case 'input':
        checkText(block.label, L.inputLabel, `${at}.label`, problems);
        checkElement(block.element, `${at}.element`, problems);
        break;
      case 'divider':
        break;
      default:
        break;
    }
  });
  return problems;
}
