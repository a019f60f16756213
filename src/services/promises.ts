// The promise buttons: "They kept it" and "Cancel the promise", through the deal transitions.
import { getOwnDeal, NOT_YOUR_DEAL } from '../db/deals.js';
import type { BotMessage } from '../slack/blocks.js';
import { confirmation, errorMessage } from '../slack/views/deal.js';
import { parsePromiseValue } from '../slack/views/promises.js';
import { formatDay } from '../domain/dates.js';
import type { Actor, AppContext } from './context.js';
import { cancelCommitment, keepCommitment } from './deal-events.js';

export async function handlePromiseAction(
  ctx: AppContext,
  actor: Actor,
  choice: 'kept' | 'cancel',
  value: string | undefined,
): Promise<BotMessage> {
  const target = parsePromiseValue(value);
  if (!target) return errorMessage('That button is damaged; use `/deal kept <deal>` or `/deal commit <deal> cancel`.');
  const now = ctx.clock.now();
  const view = { now, zone: actor.zone };
  return ctx.store.write((tx) => {
    const deal = getOwnDeal(tx, actor, target.d);
    if (!deal) return errorMessage(NOT_YOUR_DEAL);
    const settle = choice === 'kept' ? keepCommitment : cancelCommitment;
    const result = settle(tx, actor.userId, deal, now, target.c);
    const due = formatDay(result.commitment.dueOn, now, actor.zone);
    const what = `“${result.commitment.text}” (due ${due})`;
    return choice === 'kept'
      ? confirmation('Promise kept', result.deal, view, [`${what} is kept: no reminder will follow it.`])
      : confirmation('Promise cancelled', result.deal, view, [`${what} is cancelled: no reminder will follow it.`]);
  });
}
