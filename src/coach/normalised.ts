// What the rep typed, made ready for a sentence: the one normalisation both drafters use. The offline
// drafter fills its slots from it and the model prompt carries it, so a model never sees "I'll get u
// the budget numbers by friday!!" where the offline draft would say "you'd get me the budget numbers".
import { clipTo } from '../domain/limits.js';
import { findMonthDays, findWeekdays } from './evidence.js';
import { greetingFor, shortCompanyName, spokenFirstName, type Greeting } from './names.js';
import { commitmentPhrase, goalPhrase, tidyTyped, type Phrase } from './phrasing.js';
import type { DraftFacts } from './types.js';

const MENTIONS_WHEN = /\b(?:by|before|until|end of|eod|eow|next week|tomorrow|today|this week)\b/i;

export interface NormalisedFacts {
  /** The short company name ("Müller & Söhne" for "Müller & Söhne GmbH"); "your team" when there is none. */
  company: string;
  /** The short name when the company has one, else null (the prompt then says nothing of a company). */
  shortCompany: string | null;
  goal: Phrase | null;
  commitment: Phrase | null;
  /** " by Friday, November 20" when the commitment does not say when itself; "" otherwise. */
  due: string;
  greet: Greeting | null;
  rep: string | null;
  repFirst: string | null;
  repCompany: string | null;
}

export function normaliseFacts(given: DraftFacts): NormalisedFacts {
  // Each text at its cap first: one stored before the caps must not reach the tagger (or a prompt) in full.
  const facts = {
    ...given,
    company: clipTo('company', given.company),
    contactName: clipTo('contact', given.contactName),
    greetAs: clipTo('contact', given.greetAs),
    prospectGoal: clipTo('goal', given.prospectGoal),
    repName: clipTo('contact', given.repName),
    repCompany: clipTo('company', given.repCompany),
    commitment: given.commitment && { ...given.commitment, text: clipTo('commitment', given.commitment.text) },
  };
  const shortCompany = shortCompanyName(facts.company);
  const company = shortCompany ?? 'your team';
  // Names keep their capitals whatever English says ("Rose", "Bill").
  const keep = new Set([...company.split(' '), ...(facts.contactName ?? '').split(' ')]);
  const commitment = commitmentPhrase(facts.commitment?.text, { maxWords: 22, keep });
  const saysWhen =
    commitment &&
    (findWeekdays(commitment.text).length > 0 ||
      findMonthDays(commitment.text).length > 0 ||
      MENTIONS_WHEN.test(commitment.text));
  const dueText = tidyTyped(facts.commitment?.dueText);
  const rep = tidyTyped(facts.repName);
  return {
    company,
    shortCompany,
    goal: goalPhrase(facts.prospectGoal, { maxWords: 12, keep }),
    commitment,
    due: !saysWhen && dueText ? ` by ${dueText}` : '',
    greet: greetingFor(facts.contactName, facts.greetAs),
    rep,
    repFirst: spokenFirstName(rep),
    repCompany: shortCompanyName(tidyTyped(facts.repCompany)),
  };
}

/**
 * The commitment said back to them, as the drafts say it: "you said you'd get me the budget numbers by
 * Friday"; null when it could only be quoted (not English, or not a phrase).
 */
export function commitmentSaid(phrase: Phrase | null, due: string): string | null {
  if (phrase?.form === 'verb') return `you said you'd ${phrase.text}${due}`;
  if (phrase?.form === 'noun') return `you told me the next step on your side was ${phrase.text}${due}`;
  return null;
}
