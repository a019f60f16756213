// Promises the prospect made, as the rep sees them: "due Dec 31" before the day, "was due" after,
// with the buttons that settle one (kept, or cancelled).
import type { CommitmentRow } from '../../db/schema.js';
import { formatDay, localDate } from '../../domain/dates.js';
import { actions, esc, section, type Block, type ButtonSpec } from '../blocks.js';
import { ACTION_IDS } from '../ids.js';
import type { ViewContext } from './deal.js';

/** Button value: d = deal, c = commitment. */
export function promiseValue(dealId: number, commitmentId: number): string {
  return JSON.stringify({ d: dealId, c: commitmentId });
}

export function parsePromiseValue(value: string | undefined): { d: number; c: number } | null {
  try {
    const parsed = JSON.parse(value ?? '');
    return Number.isInteger(parsed.d) && Number.isInteger(parsed.c) ? parsed : null;
  } catch {
    return null;
  }
}

/** "due Thu, Dec 31", "due today", "was due Thu, Dec 3 (overdue)". */
export function dueText(dueOn: string, view: ViewContext): string {
  const today = localDate(view.now, view.zone);
  const day = formatDay(dueOn, view.now, view.zone);
  if (dueOn === today) return `due today (${day})`;
  return dueOn > today ? `due ${day}` : `was due ${day} (overdue)`;
}

/** One line per promise: open ones with their due date, settled ones with how they ended. */
export function promiseLine(c: CommitmentRow, view: ViewContext): string {
  const day = formatDay(c.dueOn, view.now, view.zone);
  switch (c.status) {
    case 'open':
      return `• :handshake: “${esc(c.text)}” · ${dueText(c.dueOn, view)}`;
    case 'broken':
      return `• :broken_heart: broken: “${esc(c.text)}” (was due ${day})`;
    case 'kept':
      return `• :white_check_mark: kept: “${esc(c.text)}” (due ${day})`;
    default:
      return `• cancelled: “${esc(c.text)}” (due ${day})`;
  }
}

/** Buttons for the promises still to settle: open ones (kept or cancel), broken ones (kept after all). */
export function promiseButtons(dealId: number, commitments: CommitmentRow[]): Block[] {
  const blocks: Block[] = [];
  for (const c of commitments.filter((row) => row.status === 'open' || row.status === 'broken').slice(0, 5)) {
    const value = promiseValue(dealId, c.id);
    const buttons: ButtonSpec[] = [{ text: 'They kept it', actionId: ACTION_IDS.promiseKept, value, style: 'primary' }];
    if (c.status === 'open') buttons.push({ text: 'Cancel the promise', actionId: ACTION_IDS.promiseCancel, value });
    blocks.push(actions(buttons, `promise-${c.id}`));
  }
  return blocks;
}

/** After a reply: did the promise they had made happen? */
export function keptQuestion(dealId: number, promise: CommitmentRow, view: ViewContext): Block[] {
  return [
    section(`Did they keep their promise “${esc(promise.text)}” (${dueText(promise.dueOn, view)})?`),
    ...promiseButtons(dealId, [promise]),
  ];
}
