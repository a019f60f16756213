// Builds what the drafting layer may know about a deal: only this deal's facts, nothing else.
import type { DraftFacts } from '../coach/types.js';
import type { DraftTone } from '../domain/vocabulary.js';
import type { Queryable } from '../db/index.js';
import { activitiesOfDeal, commitmentsOfDeal, unansweredTouchCount } from '../db/deals.js';
import { findUser } from '../db/users.js';
import type { DealRow } from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { formatDay, localDate } from '../domain/dates.js';
import { formatMoney } from '../domain/money.js';
import { businessDaysSilent } from '../domain/silence.js';
import { settingsForOwner } from './team-settings.js';

export interface FactsOptions {
  now: Date;
  step?: number;
  wantsVoicemail?: boolean;
  tone?: DraftTone | null;
  revival?: DraftFacts['revival'];
  roi?: DraftFacts['roi'];
  defaultZone?: string;
  /** DEALCOACH_COMPANY_NAME, when set. */
  repCompany?: string | null;
}

export function buildDraftFacts(db: Queryable, deal: DealRow, options: FactsOptions): DraftFacts {
  const settings = settingsForOwner(db, deal.teamId, deal.ownerId, options.defaultZone);
  const zone = settings.calendar.zone;
  const activities = activitiesOfDeal(db, deal.teamId, deal.id, 60);
  const commitmentRows = commitmentsOfDeal(db, deal.teamId, deal.id, ['open', 'broken']);
  // The sharpest fact first: a broken commitment, else the latest open one that is already due (one due
  // next month is no fact to hold them to yet).
  const today = localDate(options.now, zone);
  const commitment =
    commitmentRows.filter((c) => c.status === 'broken').at(-1) ??
    commitmentRows.filter((c) => c.status === 'open' && c.dueOn <= today).at(-1) ??
    null;
  const owner = findUser(db, deal.teamId, deal.ownerId);
  return {
    dealId: deal.id,
    company: deal.company,
    contactName: deal.contactName,
    contactEmail: deal.contactEmail,
    greetAs: deal.greetAs,
    stage: deal.stage,
    valueText: formatMoney(deal.valueMinor, deal.currency),
    prospectGoal: deal.prospectGoal,
    repName: owner?.name ?? null,
    repCompany: options.repCompany ?? null,
    commitment: commitment
      ? {
          text: commitment.text,
          dueDate: commitment.dueOn,
          dueText: formatDay(commitment.dueOn, options.now, zone),
          broken: commitment.status === 'broken',
        }
      : null,
    notes: activities
      .filter((a) => a.direction === 'note' && a.note && !a.note.startsWith('they committed:'))
      .map((a) => a.note!)
      .reverse()
      .slice(0, 10),
    touches: activities
      .filter((a) => a.direction === 'out' || a.direction === 'in')
      .slice(-20)
      .map((a) => ({
        date: localDate(a.at, zone),
        direction: a.direction as 'out' | 'in',
        channel: a.channel ?? 'other',
        leftMessage: a.leftMessage,
        note: a.note,
      })),
    lastReplyDate: deal.lastInboundAt ? localDate(deal.lastInboundAt, zone) : null,
    attempts: unansweredTouchCount(db, deal),
    daysSilent: businessDaysSilent(
      { lastInboundAt: deal.lastInboundAt?.getTime() ?? null, createdAt: deal.createdAt.getTime() },
      { now: options.now.getTime(), calendar: calendarFor(settings.calendar) },
    ),
    step: options.step ?? 0,
    wantsVoicemail: options.wantsVoicemail ?? false,
    revival: options.revival ?? null,
    roi: options.roi ?? null,
    tone: options.tone ?? null,
  };
}
