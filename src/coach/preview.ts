// How a goal or a promise the rep just typed will read in a draft, shown when it is captured
// ("Your goodbye will say: ..."), with a hint for likely typos. Same normalisation as the drafts.
import type { DraftFacts } from './types.js';
import { commitmentSaid, normaliseFacts } from './normalised.js';
import { capitalise } from './phrasing.js';
import { typoHint } from './spelling.js';
import { likelyTypos } from './spelling-client.js';

interface PreviewDeal {
  company: string;
  contactName: string | null;
}

function factsFor(deal: PreviewDeal, extra: Partial<DraftFacts>): DraftFacts {
  return {
    dealId: 0,
    company: deal.company,
    contactName: deal.contactName,
    contactEmail: null,
    stage: 'prospecting',
    valueText: null,
    prospectGoal: null,
    repName: null,
    commitment: null,
    notes: [],
    touches: [],
    lastReplyDate: null,
    daysSilent: 0,
    step: 0,
    wantsVoicemail: false,
    ...extra,
  };
}

/** "Your goodbye will say: “Reducing hiring costs is still within reach for Acme, but the next step is yours.”" */
export function goalPreview(deal: PreviewDeal, goal: string): string | null {
  const normal = normaliseFacts(factsFor(deal, { prospectGoal: goal }));
  if (!normal.goal) return null;
  const sentence =
    normal.goal.form === 'quote'
      ? `I still believe we can help with what you described: "${normal.goal.text}".`
      : `${capitalise(normal.goal.text)} is still within reach for ${normal.company}, but the next step is yours.`;
  return `Your goodbye will say: “${sentence}”`;
}

/** "Your accountability email will say: “You said you'd get me the budget numbers by Friday.”" */
export function commitmentPreview(deal: PreviewDeal, text: string, dueText: string): string | null {
  const commitment = { text, dueDate: '', dueText, broken: true };
  const normal = normaliseFacts(factsFor(deal, { commitment }));
  if (!normal.commitment) return null;
  const said = commitmentSaid(normal.commitment, normal.due);
  const sentence = said
    ? `${capitalise(said)}.`
    : `You told me the next step on your side was "${normal.commitment.text}"${normal.due}.`;
  return `If the date passes, your accountability email will say: “${sentence}”`;
}

/**
 * The reply to /deal is Slack's ack body, within the bot's share of Slack's 3 s: the spelling worker's
 * first dictionary build (half a second, in its own thread) must not hold it up. Past this budget the
 * hint is left out (the worker keeps building for the next time).
 */
export const TYPO_CHECK_BUDGET_MS = 600;

async function withinBudget<T>(work: Promise<T>, ms: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(otherwise), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The preview line and, when some words look misspelt, a hint: never a change to what was saved. */
export async function capturePreview(
  deal: PreviewDeal,
  typed: { goal: string } | { commitment: string; dueText: string },
): Promise<string[]> {
  const text = 'goal' in typed ? typed.goal : typed.commitment;
  const preview = 'goal' in typed ? goalPreview(deal, typed.goal) : commitmentPreview(deal, text, typed.dueText);
  const typos = await withinBudget(likelyTypos(text, [deal.company, deal.contactName ?? '']), TYPO_CHECK_BUDGET_MS, []);
  const hint = typoHint(typos);
  return [preview, hint].filter((line): line is string => line !== null);
}
