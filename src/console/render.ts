// Block Kit -> readable terminal text, buttons numbered. Pure.
import type { Block, BotMessage } from '../slack/blocks.js';

const EMOJI: Record<string, string> = {
  white_check_mark: '✅',
  warning: '⚠️',
  mag: '🔍',
  zipper_mouth_face: '🤐',
  wave: '👋',
  seedling: '🌱',
  trophy: '🏆',
  x: '❌',
  outbox_tray: '📤',
  inbox_tray: '📥',
  memo: '📝',
  pencil2: '✏️',
  handshake: '🤝',
  broken_heart: '💔',
  zzz: '💤',
  tada: '🎉',
  bell: '🔔',
  email: '✉️',
  telephone_receiver: '📞',
  calendar: '📅',
  chart_with_downwards_trend: '📉',
  hourglass: '⏳',
  bulb: '💡',
  rotating_light: '🚨',
  moneybag: '💰',
  speech_balloon: '💬',
  stopwatch: '⏱️',
  fire: '🔥',
  sunny: '☀️',
  thread: '🧵',
  wastebasket: '🗑️',
  information_source: 'ℹ️',
};

/** An emoji code standing on its own (`:rocket: launched`), not part of a time or a word (`10:30:00`, `a:b:c`). */
const EMOJI_CODE = /(^|[\s(]):([a-z][a-z0-9_+-]*):(?: |(?=[\s).,!?])|$)/gm;

export interface PlainOptions {
  /** Channel names by id, for a mention Slack sends without its name (`<#C0123>`). */
  channelNames?: ReadonlyMap<string, string>;
}

/** Slack mrkdwn as a person reads it: emoji codes as emoji (or nothing), mentions as #name and @name, no markup. */
export function plain(mrkdwn: string, options: PlainOptions = {}): string {
  return mrkdwn
    .replace(/:([a-z0-9_+-]+):/g, (all, name: string) => EMOJI[name] ?? all)
    .replace(EMOJI_CODE, '$1')
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_all, id: string, name?: string) => {
      return `#${name || options.channelNames?.get(id) || id}`;
    })
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_all, id: string, name?: string) => `@${name || id}`)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface RenderedButton {
  number: number;
  label: string;
  actionId: string;
  value: string | undefined;
  blockId: string | undefined;
  url: string | undefined;
}

export interface Rendered {
  text: string;
  buttons: RenderedButton[];
}

type AnyBlock = Block & Record<string, any>;

/** Renders blocks as text; numbers buttons from `firstNumber`. */
export function renderBlocks(blocks: Block[], firstNumber = 1, options: PlainOptions = {}): Rendered {
  const show = (mrkdwn: string) => plain(mrkdwn, options);
  const lines: string[] = [];
  const buttons: RenderedButton[] = [];
  for (const raw of blocks as AnyBlock[]) {
    switch (raw.type) {
      case 'header':
        lines.push(`== ${show(raw.text.text)} ==`);
        break;
      case 'section':
        if (raw.text) lines.push(show(raw.text.text));
        if (raw.fields)
          lines.push(raw.fields.map((f: { text: string }) => show(f.text).replace(/\n/g, ': ')).join('  |  '));
        if (raw.accessory?.type === 'button') pushButton(raw.accessory, raw.block_id);
        break;
      case 'context':
        lines.push(raw.elements.map((e: any) => show(e.text ?? '')).join(' '));
        break;
      case 'divider':
        lines.push('----');
        break;
      case 'actions': {
        const labels: string[] = [];
        for (const element of raw.elements) {
          if (element.type === 'button') labels.push(pushButton(element, raw.block_id));
        }
        if (labels.length) lines.push(labels.join('  '));
        break;
      }
      case 'input':
        lines.push(
          `  ${raw.block_id}${raw.optional ? '' : ' (required)'}: ${show(raw.label.text)}${inputHint(raw.element)}`,
        );
        break;
      default:
        if (raw.text?.text) lines.push(show(raw.text.text));
    }
  }
  return { text: lines.join('\n'), buttons };

  function pushButton(element: any, blockId: string | undefined): string {
    const number = firstNumber + buttons.length;
    buttons.push({
      number,
      label: element.text.text,
      actionId: element.action_id,
      value: element.value,
      blockId,
      url: element.url,
    });
    return `[${number}] ${element.text.text}${element.url ? ` (${element.url})` : ''}`;
  }
}

function inputHint(element: any): string {
  // A menu shows its options' labels, as Slack does; :submit takes a label (or the start of one).
  if (element?.type === 'static_select')
    return (
      ` (one of: ${element.options.map((o: any) => o.text.text).join(' | ')})` +
      `${element.initial_option ? ` [${element.initial_option.text.text}]` : ''}`
    );
  if (element?.initial_value) return ` [${element.initial_value}]`;
  if (element?.placeholder?.text) return ` (e.g. ${element.placeholder.text})`;
  return '';
}

export function renderMessage(message: BotMessage, options: PlainOptions = {}): Rendered {
  return message.blocks.length
    ? renderBlocks(message.blocks, 1, options)
    : { text: plain(message.text, options), buttons: [] };
}
