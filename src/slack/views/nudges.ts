// The rep's DM of what is due: one message per scan, each deal with its step and buttons.
import type { CallScript } from '../../coach/offline.js';
import {
  actions,
  clip,
  context,
  esc,
  excerpt,
  header,
  message,
  section,
  type Block,
  type BotMessage,
  type ButtonSpec,
} from '../blocks.js';
import { ACTION_IDS } from '../ids.js';
import { COMPANY_SHOWN, NOTE_SHOWN } from './deal.js';
import { attemptsText, plural } from '../../domain/silence.js';

export interface NudgeItem {
  dealId: number;
  episodeId: number;
  company: string;
  contactName: string | null;
  valueText: string | null;
  stage: string;
  daysSilent: number;
  /** Cadence step (0 for a follow-up reminder). */
  step: number;
  totalSteps: number;
  stepKind: 'touch' | 'message' | 'fire' | 'follow_up';
  /** The step's channel; absent on reminders queued before it was recorded. */
  channel?: 'call' | 'email' | 'voicemail';
  label: string;
  /** 1: due today; 2: offered once more. */
  offer: 1 | 2;
  why: string;
  commitment: string | null;
  /** Outbound touches logged since the prospect's last reply: the goodbye's reason says only what happened. */
  unansweredTouches?: number;
}

/** How many deals one DM lists before it says how many more there are. */
export const NUDGE_CAP = 10;
/** A step's label is the team's cadence text: shown in full up to this. */
const LABEL_SHOWN = 150;

const NUDGE_ACTIONS = {
  done: ACTION_IDS.nudgeDone,
  replied: ACTION_IDS.nudgeReplied,
  snooze: ACTION_IDS.nudgeSnooze,
  draft: ACTION_IDS.nudgeDraft,
  script: ACTION_IDS.nudgeScript,
} as const;

/** A call to make (a cadence call or voicemail step, or a call back on a follow-up date): it gets a script. */
export function isCallStep(item: Pick<NudgeItem, 'stepKind' | 'channel'>): boolean {
  if (item.stepKind === 'follow_up') return true;
  return item.stepKind === 'touch' && (item.channel === 'call' || item.channel === 'voicemail');
}

/** Compact, parseable button values: d = deal, e = episode, s = step. */
export function nudgeValue(item: Pick<NudgeItem, 'dealId' | 'episodeId' | 'step'>): string {
  return JSON.stringify({ d: item.dealId, e: item.episodeId, s: item.step });
}

export function parseNudgeValue(value: string | undefined): { d: number; e: number; s: number } | null {
  try {
    const parsed = JSON.parse(value ?? '');
    return Number.isInteger(parsed.d) && Number.isInteger(parsed.e) && Number.isInteger(parsed.s) ? parsed : null;
  } catch {
    return null;
  }
}

function doneLabel(item: NudgeItem): string {
  if (item.stepKind === 'fire') return 'I sent the goodbye';
  if (item.stepKind === 'follow_up') return 'Called them';
  return item.label.startsWith('Email') ? 'Sent it' : 'Done';
}

export function nudgeDigestMessage(items: NudgeItem[]): BotMessage {
  // Group a deal's items (today's step and yesterday's repeat) together, most advanced step first.
  const byDeal = new Map<number, NudgeItem[]>();
  for (const item of items) byDeal.set(item.dealId, [...(byDeal.get(item.dealId) ?? []), item]);
  const groups = [...byDeal.values()]
    .map((g) => g.sort((a, b) => b.step - a.step))
    .sort((a, b) => b[0]!.daysSilent - a[0]!.daysSilent || a[0]!.dealId - b[0]!.dealId);
  const shown = groups.slice(0, NUDGE_CAP);
  const count = groups.length;
  const clipped = shown.some(
    ([main]) => main!.company.length > COMPANY_SHOWN || (main!.commitment?.length ?? 0) > NOTE_SHOWN,
  );
  const blocks: Block[] = [
    header(count === 1 ? '1 silent deal needs you today' : `${count} silent deals need you today`),
  ];
  for (const group of shown) {
    const main = group[0]!;
    const facts = [
      `*${excerpt(main.company, COMPANY_SHOWN)}*`,
      main.valueText ?? 'no value',
      main.stage,
      main.stepKind === 'follow_up' ? 'follow-up date reached' : `${plural(main.daysSilent, 'business day')} silent`,
    ];
    const lines = [facts.join(' · ')];
    for (const item of group) {
      const stepText = item.step > 0 ? `Step ${item.step} of ${item.totalSteps}: ` : '';
      lines.push(
        `${item.offer === 2 ? ':hourglass: Still open: ' : ':bell: '}${stepText}*${excerpt(item.label, LABEL_SHOWN)}*`,
      );
    }
    if (main.commitment) lines.push(`They promised: “${excerpt(main.commitment, NOTE_SHOWN)}”`);
    if (main.stepKind === 'fire') {
      const attempts = attemptsText(main.unansweredTouches ?? 0);
      const sentence = `${attempts[0]!.toUpperCase()}${attempts.slice(1)}`;
      lines.push(`_${sentence}. A polite, firm goodbye frees your time and leaves the door open._`);
    }
    lines.push(`_Why now: ${excerpt(main.why, NOTE_SHOWN)}_`);
    blocks.push(section(lines.join('\n'), `deal-${main.dealId}`));
    const buttons: ButtonSpec[] = [
      { text: doneLabel(main), actionId: NUDGE_ACTIONS.done, value: nudgeValue(main), style: 'primary' },
    ];
    if (main.stepKind === 'message' || main.stepKind === 'fire')
      buttons.push({ text: 'Draft it', actionId: NUDGE_ACTIONS.draft, value: nudgeValue(main) });
    if (isCallStep(main)) buttons.push({ text: 'Script', actionId: NUDGE_ACTIONS.script, value: nudgeValue(main) });
    buttons.push({ text: 'They replied', actionId: NUDGE_ACTIONS.replied, value: nudgeValue(main) });
    buttons.push({ text: 'Snooze 1 week', actionId: NUDGE_ACTIONS.snooze, value: nudgeValue(main) });
    blocks.push(actions(buttons, `acts-${main.dealId}`));
  }
  if (count > shown.length)
    blocks.push(context(`…and ${count - shown.length} more. \`/deal list\` shows every deal, longest-silent first.`));
  else blocks.push(context('A step you do not do today is offered once more tomorrow; then the cadence moves on.'));
  const text =
    `${count} silent deal${count === 1 ? '' : 's'} need${count === 1 ? 's' : ''} you today: ` +
    `${shown.map((g) => `${clip(g[0]!.company, COMPANY_SHOWN)} (${clip(g[0]!.label, LABEL_SHOWN)})`).join('; ')}` +
    `${count > shown.length ? `; and ${count - shown.length} more` : ''}`;
  if (clipped)
    blocks.push(context('Long names and promises are cut here: `/deal status &lt;deal&gt;` shows one in full.'));
  return message(text, blocks);
}

/** Spoken text as a Slack quote, line by line. */
const quoted = (text: string): string =>
  text
    .split('\n')
    .map((line) => `>${esc(line)}`)
    .join('\n');

/**
 * The script for one call step, shown only to the rep who asked (a few hundred words: it would not fit
 * ten times in the digest under Slack's text budget, and it is drafted from the facts at click time).
 */
export function callScriptMessage(company: string, stepLabel: string, script: CallScript): BotMessage {
  const ifNot = script.voicemail
    ? `*If not, leave this voicemail* (about 30 seconds):\n${quoted(script.voicemail)}`
    : '*If not:* hang up without leaving a message; this step is a call only. Try again at the next step.';
  const blocks: Block[] = [
    header(`Call script: ${company}`),
    context(esc(stepLabel)),
    section(`*If they answer:*\n${quoted(script.ifTheyAnswer)}`, 'script-answer'),
    context(`:bulb: ${esc(script.aim)}`),
    section(ifNot, 'script-voicemail'),
    context("When you have called, press the step's button in the reminder so the cadence moves on."),
  ];
  const text =
    `Call script for ${company}: ${script.ifTheyAnswer}` +
    `${script.voicemail ? ` / Voicemail: ${script.voicemail}` : ''}`;
  return message(text, blocks);
}
