// Views for what happens after a goodbye or a silence: the warning before calling a fired
// prospect again, and the "what did they say?" form when they come back.
import {
  actions,
  context,
  esc,
  excerpt,
  message,
  modal,
  section,
  selectInput,
  textInput,
  type Block,
  type BotMessage,
  type ModalView,
} from '../blocks.js';

import { ACTION_IDS, CALLBACK_IDS } from '../ids.js';
import { COMPANY_SHOWN } from './deal.js';

const FIRED_ACTIONS = { keep: ACTION_IDS.firedKeep, reopen: ACTION_IDS.firedReopen } as const;
const REVIVAL_CALLBACK = CALLBACK_IDS.revival;

import { LOSING_REVIVAL_REASONS, REVIVAL_REASONS } from '../../domain/vocabulary.js';

/** The reasons as the form lists them: those that close the deal as lost say so (Slack: at most 75 characters). */
export const REVIVAL_OPTIONS = REVIVAL_REASONS.map(
  ([id, label]) => [id, LOSING_REVIVAL_REASONS.includes(id) ? `${label}: closes it as lost` : label] as const,
);
import { TEXT_LIMITS } from '../../domain/limits.js';

/** Before a touch on a fired deal is logged: the rep chooses, on purpose. The touch waits under `pendingId`. */
export function firedTouchWarning(company: string, dealId: number, pendingId: number): BotMessage {
  const value = String(pendingId);
  return message(`You said goodbye to ${company}. Calling again after a goodbye costs credibility.`, [
    section(
      `:warning: *You said goodbye to ${excerpt(company, COMPANY_SHOWN)}.* Reaching out again a few days after a ` +
        `goodbye costs credibility: the next move is theirs.\n` +
        'If they answered, log it with `/deal reply`. If you really mean to reopen it, do it on purpose.',
    ),
    actions(
      [
        { text: 'Keep it fired', actionId: FIRED_ACTIONS.keep, value, style: 'primary' },
        { text: 'Reopen it and log the touch', actionId: FIRED_ACTIONS.reopen, value, style: 'danger' },
      ],
      `fired-${dealId}-${pendingId}`,
    ),
    context('Nothing has been logged yet.'),
  ]);
}

export function revivalModal(dealId: number, company: string): ModalView {
  const blocks: Block[] = [
    section(
      `*${esc(company)}* answered. What did they say? The coach records it and helps you take control of the next ` +
        `step.`,
    ),
    // A reason that closes the deal says so where it is picked.
    selectInput('reason', 'What did they say?', REVIVAL_OPTIONS, { optional: false }),
    textInput('months', 'Call back in how many months? (side-tracked)', { placeholder: '3' }),
    textInput('yearly_value', 'Yearly value to them (ROI): one figure, a range, or conservative / expected / best', {
      placeholder: '120k, or 80k-150k, or 60k / 100k / 150k',
    }),
    textInput('yearly_cost', 'Yearly cost of your offer (ROI)', { placeholder: '40k' }),
    textInput('said', 'In their words (optional)', { multiline: true, maxLength: TEXT_LIMITS.reason }),
  ];
  return modal({
    callbackId: REVIVAL_CALLBACK,
    privateMetadata: String(dealId),
    title: 'They came back',
    submit: 'Save',
    close: 'Later',
    blocks,
  });
}
