// Views for what happens after a goodbye or a silence: the warning before calling a fired
// prospect again, and the "what did they say?" form when they come back.
import { actions, context, esc, message, modal, section, selectInput, textInput, type Block, type BotMessage, type ModalView } from '../blocks.js';

import { ACTION_IDS, CALLBACK_IDS } from '../ids.js';

const FIRED_ACTIONS = { keep: ACTION_IDS.firedKeep, reopen: ACTION_IDS.firedReopen } as const;
const REVIVAL_CALLBACK = CALLBACK_IDS.revival;

import { REVIVAL_REASONS } from '../../domain/vocabulary.js';
import { TEXT_LIMITS } from '../../domain/limits.js';

export interface PendingTouch {
  d: number;
  c: string;
  l: boolean | null;
  n: string | null;
}

/** Before a touch on a fired deal is logged: the rep chooses, on purpose. */
export function firedTouchWarning(company: string, touch: PendingTouch): BotMessage {
  const value = JSON.stringify({ ...touch, n: touch.n ? touch.n.slice(0, 1500) : null });
  return message(`You said goodbye to ${company}. Calling again after a goodbye costs credibility.`, [
    section(
      `:warning: *You said goodbye to ${esc(company)}.* Reaching out again a few days after a goodbye costs credibility: the next move is theirs.\n` +
        'If they answered, log it with `/deal reply`. If you really mean to reopen it, do it on purpose.',
    ),
    actions(
      [
        { text: 'Keep it fired', actionId: FIRED_ACTIONS.keep, value, style: 'primary' },
        { text: 'Reopen it and log the touch', actionId: FIRED_ACTIONS.reopen, value, style: 'danger' },
      ],
      `fired-${touch.d}`,
    ),
    context('Nothing has been logged yet.'),
  ]);
}

export function revivalModal(dealId: number, company: string): ModalView {
  const blocks: Block[] = [
    section(`*${esc(company)}* answered. What did they say? The coach records it and helps you take control of the next step.`),
    selectInput('reason', 'What did they say?', REVIVAL_REASONS, { optional: false }),
    textInput('months', 'Call back in how many months? (side-tracked)', { placeholder: '3' }),
    textInput('yearly_value', 'Yearly value to them, moderate case (ROI)', { placeholder: '120k' }),
    textInput('yearly_cost', 'Yearly cost of your offer (ROI)', { placeholder: '40k' }),
    textInput('said', 'In their words (optional)', { multiline: true, maxLength: TEXT_LIMITS.reason }),
  ];
  return modal({ callbackId: REVIVAL_CALLBACK, privateMetadata: String(dealId), title: 'They came back', submit: 'Save', close: 'Later', blocks });
}
