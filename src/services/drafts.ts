// Drafts: generated from the deal's facts, stored, shown as a DM card, and decided by the rep.
// Every decision is a conditional status change, so a double click, a retry or a stale card never
// acts twice. Nothing is ever sent to a prospect: approval logs the touch the rep makes themselves.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { checkTone } from '../coach/tone.js';
import { revivalReasonLabel, type DraftKind, type DraftTone } from '../domain/vocabulary.js';
import { createOfflineDrafter } from '../coach/offline.js';
import type { Queryable, Tx } from '../db/index.js';
import { activitiesOfDeal, commitmentsOfDeal, getDeal, unansweredTouchCount } from '../db/deals.js';
import { drafts, silenceEpisodes, type DealRow, type DraftRow, type EpisodeRow } from '../db/schema.js';
import { calendarFor } from '../domain/calendar.js';
import { attemptsText, businessDaysSilent, dueUnansweredCommitments, plural } from '../domain/silence.js';
import { clip, esc, fitBlocks, LIMITS, section, type BotMessage, type ModalView } from '../slack/blocks.js';
import type { Messenger, PostedRef } from '../slack/messenger.js';
import { dealLine } from '../slack/views/deal.js';
import {
  approvedCardMessage,
  closedCardMessage,
  discardDraftModal,
  draftCardMessage,
  editDraftModal,
  type DraftCardData,
} from '../slack/views/draft-card.js';
import { errorMessage } from '../slack/views/deal.js';
import type { Actor, AppContext } from './context.js';
import { assertCanDraft, fireDeal, markAccountabilityAsked, recordSnooze, recordTouch } from './deal-events.js';
import { formatDay, localDate } from '../domain/dates.js';
import { backoffMs, classifyFailure } from '../jobs/delivery.js';
import { queueCardUpdate, updateCardNow } from './card-updates.js';
import type { DraftCardPayload } from '../jobs/outbox-payloads.js';
import { buildDraftFacts, type FactsOptions } from './draft-facts.js';
import { revivalInputsOf } from './revival.js';
import { settingsForOwner } from './team-settings.js';
import { tooLong } from '../domain/limits.js';

export interface DraftRequest {
  kind: DraftKind;
  episodeId: number | null;
  step: number;
  wantsVoicemail?: boolean;
  tone?: DraftTone | null;
  revival?: FactsOptions['revival'];
  roi?: FactsOptions['roi'];
}

export function getDraft(db: Queryable, teamId: string, draftId: number): DraftRow | undefined {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.teamId, teamId), eq(drafts.id, draftId)))
    .get();
}

/** Asks the drafter (model or offline) and stores the result as a pending draft. */
export async function createDraft(ctx: AppContext, deal: DealRow, request: DraftRequest): Promise<DraftRow> {
  assertCanDraft(deal, request.kind);
  const now = ctx.clock.now();
  const facts = buildDraftFacts(ctx.store.db, deal, {
    now,
    step: request.step,
    wantsVoicemail: request.wantsVoicemail,
    tone: request.tone,
    revival: request.revival,
    roi: request.roi,
    defaultZone: ctx.defaultZone,
    repCompany: ctx.repCompany,
  });
  const drafter = ctx.drafter ?? createOfflineDrafter();
  const draft = await drafter.draft(facts, request.kind);
  return ctx.store.write((tx) =>
    tx
      .insert(drafts)
      .values({
        teamId: deal.teamId,
        dealId: deal.id,
        episodeId: request.episodeId,
        step: request.step,
        kind: request.kind,
        subject: draft.subject,
        body: draft.body,
        voicemail: draft.voicemail,
        status: 'pending',
        source: draft.source,
        promptVersion: draft.promptVersion,
        toneOk: draft.tone.ok,
        toneProblems: draft.tone.problems,
        promptTokens: draft.usage?.promptTokens ?? null,
        completionTokens: draft.usage?.completionTokens ?? null,
        createdAt: now,
      })
      .returning()
      .get(),
  );
}

/** Why this draft, now: the rule and the facts behind it, in one line. */
export function whyNow(
  db: Queryable,
  deal: DealRow,
  draft: Pick<DraftRow, 'kind' | 'episodeId' | 'step'>,
  now: Date,
  defaultZone: string,
): string {
  const settings = settingsForOwner(db, deal.teamId, deal.ownerId, defaultZone);
  const silent = businessDaysSilent(
    { lastInboundAt: deal.lastInboundAt?.getTime() ?? null, createdAt: deal.createdAt.getTime() },
    { now: now.getTime(), calendar: calendarFor(settings.calendar) },
  );
  const episode = draft.episodeId
    ? db.select().from(silenceEpisodes).where(eq(silenceEpisodes.id, draft.episodeId)).get()
    : undefined;
  if (draft.kind === 'revival' || draft.kind === 'roi') {
    return (
      `they came back${episode?.revivalReason ? ` (${revivalReasonLabel(episode.revivalReason)})` : ''}` +
      `: take control of the next step and get it confirmed`
    );
  }
  const zone = settings.calendar.zone;
  const broken = commitmentsOfDeal(db, deal.teamId, deal.id, ['broken']).at(-1);
  const parts = [];
  if (broken) {
    parts.push(`they promised “${broken.text}” by ${formatDay(broken.dueOn, now, zone)} and nothing came back`);
  }
  parts.push(`no reply for ${plural(silent, 'business day')}`);
  if (draft.step > 0) parts.push(`step ${draft.step} of ${settings.cadence.length} of the cadence`);
  if (draft.kind === 'fire') {
    const tried = attemptsText(unansweredTouchCount(db, deal));
    parts.push(`${tried}: a polite, firm goodbye frees your time and leaves the door open`);
  }
  return parts.join('; ');
}

export function cardData(db: Queryable, deal: DealRow, draft: DraftRow, now: Date, defaultZone: string): DraftCardData {
  return {
    draft: { ...draft, toneProblems: draft.toneProblems ?? [] },
    company: deal.company,
    dealLine: dealLine(deal),
    why: whyNow(db, deal, draft, now, defaultZone),
    contactEmail: deal.contactEmail,
  };
}

/**
 * DMs a draft card for a deal. A pending draft for the same episode, step and kind is reused, so a
 * retry after a crash shows the same text rather than a new one.
 */
export async function sendDraftCard(
  ctx: AppContext,
  messenger: Messenger,
  deal: DealRow,
  request: DraftRequest,
): Promise<PostedRef> {
  const conditions = [
    eq(drafts.teamId, deal.teamId),
    eq(drafts.dealId, deal.id),
    eq(drafts.kind, request.kind),
    eq(drafts.step, request.step),
    eq(drafts.status, 'pending'),
  ];
  conditions.push(request.episodeId === null ? isNull(drafts.episodeId) : eq(drafts.episodeId, request.episodeId));
  const reusable =
    request.step > 0
      ? ctx.store.db
          .select()
          .from(drafts)
          .where(and(...conditions))
          .orderBy(desc(drafts.id))
          .get()
      : undefined;
  const draft = reusable ?? (await createDraft(ctx, deal, request));
  const ref = await messenger.dm(
    deal.teamId,
    deal.ownerId,
    draftCardMessage(cardData(ctx.store.db, deal, draft, ctx.clock.now(), ctx.defaultZone)),
  );
  await ctx.store.write((tx) =>
    tx.update(drafts).set({ slackChannel: ref.channel, slackTs: ref.ts }).where(eq(drafts.id, draft.id)).run(),
  );
  return ref;
}

/** Moves a draft from pending to a new status; false when someone (or an earlier click) already did. */
function decide(
  tx: Tx,
  draft: DraftRow,
  status: DraftRow['status'],
  now: Date,
  discardReason: string | null = null,
): boolean {
  const result = tx
    .update(drafts)
    .set({ status, decidedAt: now, ...(discardReason !== null ? { discardReason } : {}) })
    .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'pending')))
    .run();
  return result.changes === 1;
}

/**
 * Rewrites the card after a change that is already saved. When Slack refuses the update, the change
 * still stands: the answer says what was done and carries the card's text (null when the card was updated).
 * A refusal that may pass later (a 429, a 5xx, no answer) queues the card's content in the outbox, sent
 * again after Retry-After or the backoff (services/card-updates.ts), and the answer says so.
 */
async function updateCardAfter(
  ctx: AppContext,
  messenger: Messenger,
  draft: Pick<DraftRow, 'id' | 'teamId' | 'slackChannel' | 'slackTs'>,
  card: BotMessage,
  done: string,
): Promise<BotMessage | null> {
  if (!draft.slackChannel || !draft.slackTs) return null;
  const ref = { channel: draft.slackChannel, ts: draft.slackTs };
  const now = ctx.clock.now();
  try {
    await updateCardNow(ctx.store, messenger, { teamId: draft.teamId, card: ref, message: card }, now);
    return null;
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'permanent') return cardNotUpdated(done, card, failure.message);
    const wait = failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffMs(1);
    await queueCardUpdate(ctx.store, { teamId: draft.teamId, draftId: draft.id, card: ref, message: card }, now, wait);
    return cardNotUpdated(done, card, failure.message, true);
  }
}

/**
 * The answer when the card was not rewritten: what was saved, why the card did not change, and its text.
 * `retrying`: the card's content is queued and the card follows once Slack takes it.
 */
export function cardNotUpdated(done: string, card: BotMessage, reason: string, retrying = false): BotMessage {
  const then = retrying ? ' dealcoach updates the card itself once Slack takes it again.' : '';
  const line = `${done}; Slack did not update the card (${reason}): here is the text.${then}`;
  // The card's own buttons stay on the card; this copy is for reading and copying.
  const content = card.blocks.filter((b) => b.type !== 'actions');
  return {
    text: clip(`${esc(line)}\n\n${card.text}`, LIMITS.fallbackText),
    blocks: fitBlocks([section(`:information_source: ${esc(line)}`), ...content]),
  };
}

const ALREADY: Record<DraftRow['status'], string> = {
  pending: 'still waiting for you',
  approved: 'already approved',
  discarded: 'already discarded',
  superseded: 'replaced, or is no longer current (the silence it was for is over)',
};

export interface DraftActionResult {
  /** Shown only to the rep (errors, "already done"). */
  ephemeral?: BotMessage;
  /** A form to open (Edit, Discard). */
  modal?: ModalView;
}

interface Loaded {
  draft: DraftRow;
  deal: DealRow;
}

function load(ctx: AppContext, actor: Actor, draftId: number): Loaded | BotMessage {
  const draft = Number.isInteger(draftId) ? getDraft(ctx.store.db, actor.teamId, draftId) : undefined;
  const deal = draft ? getDeal(ctx.store.db, actor.teamId, draft.dealId) : undefined;
  if (!draft || !deal || deal.ownerId !== actor.userId) return errorMessage('That draft is not one of yours.');
  if (draft.status !== 'pending') return errorMessage(`This draft was ${ALREADY[draft.status]}: nothing changed.`);
  return { draft, deal };
}

function regenerationInputs(db: Queryable, deal: DealRow, draft: DraftRow) {
  const episode = draft.episodeId
    ? db.select().from(silenceEpisodes).where(eq(silenceEpisodes.id, draft.episodeId)).get()
    : db
        .select()
        .from(silenceEpisodes)
        .where(and(eq(silenceEpisodes.teamId, deal.teamId), eq(silenceEpisodes.dealId, deal.id)))
        .orderBy(desc(silenceEpisodes.id))
        .get();
  const notes = activitiesOfDeal(db, deal.teamId, deal.id, 60)
    .filter((a) => a.direction === 'note' && a.note)
    .map((a) => a.note!);
  return revivalInputsOf(episode?.revivalReason, notes, episode?.roiInputs ?? null);
}

/** What a draft card's buttons do; the interaction table maps each button's id to one of these. */
export type DraftButton = 'approve' | 'edit' | 'discard' | 'snooze' | { regenerate: DraftTone };

export async function handleDraftAction(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  button: DraftButton,
  value: string | undefined,
): Promise<DraftActionResult> {
  const loaded = load(ctx, actor, Number(value));
  if (!('draft' in loaded)) return { ephemeral: loaded };
  const { draft, deal } = loaded;
  const now = ctx.clock.now();
  if (typeof button === 'object') {
    {
      const tone = button.regenerate;
      // A revival or ROI draft keeps its reason and figures through the regeneration.
      const inputs =
        draft.kind === 'revival' || draft.kind === 'roi' ? regenerationInputs(ctx.store.db, deal, draft) : null;
      const replacement = await createDraft(ctx, deal, {
        kind: draft.kind,
        episodeId: draft.episodeId,
        step: draft.step,
        wantsVoicemail: draft.voicemail !== null,
        tone,
        revival: inputs?.revival ?? null,
        roi: inputs?.roi ?? null,
      });
      // One transaction: the old draft gives way and the new one takes its card, or the new one goes.
      const superseded = await ctx.store.write((tx) => {
        if (!decide(tx, draft, 'superseded', now)) {
          tx.delete(drafts).where(eq(drafts.id, replacement.id)).run();
          return false;
        }
        tx.update(drafts)
          .set({ slackChannel: draft.slackChannel, slackTs: draft.slackTs })
          .where(eq(drafts.id, replacement.id))
          .run();
        return true;
      });
      if (!superseded) return { ephemeral: errorMessage('This draft was decided meanwhile: nothing changed.') };
      const card = draftCardMessage(cardData(ctx.store.db, deal, replacement, now, ctx.defaultZone));
      const notUpdated = await updateCardAfter(ctx, messenger, draft, card, 'The new draft is saved');
      return notUpdated ? { ephemeral: notUpdated } : {};
    }
  }
  switch (button) {
    case 'approve':
      return approve(ctx, messenger, actor, draft, deal);
    case 'edit':
      return { modal: editDraftModal(draft) };
    case 'discard':
      return { modal: discardDraftModal(draft.id) };
    case 'snooze': {
      const done = await ctx.store.write((tx) => {
        const current = getDeal(tx, deal.teamId, deal.id);
        if (!current || !decide(tx, draft, 'discarded', now, 'snoozed')) return false;
        const until = new Date(now.getTime() + 7 * 86_400_000);
        recordSnooze(tx, actor.userId, current, until, 'snoozed from a draft', now, localDate(until, actor.zone));
        return true;
      });
      if (!done) return { ephemeral: errorMessage('This draft was decided meanwhile: nothing changed.') };
      const card = closedCardMessage(
        cardData(ctx.store.db, deal, draft, now, ctx.defaultZone),
        ':zzz: Snoozed for a week: no reminders until then.',
      );
      const notUpdated = await updateCardAfter(ctx, messenger, draft, card, 'The deal is snoozed for a week');
      return notUpdated ? { ephemeral: notUpdated } : {};
    }
  }
}

async function approve(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  draft: DraftRow,
  deal: DealRow,
): Promise<DraftActionResult> {
  const now = ctx.clock.now();
  const note = await ctx.store.write((tx) => {
    // The deal may have closed or been fired since the card was posted (or while the lock was held): refuse first.
    const current = getDeal(tx, draft.teamId, draft.dealId);
    if (!current) return null;
    assertCanDraft(current, draft.kind);
    if (!decide(tx, draft, 'approved', now)) return null;
    if (draft.kind === 'fire') {
      fireDeal(tx, actor.userId, current, now);
      return (
        'The deal is fired: out of the forecast, no more reminders. Mean it: calling again in a few days costs ' +
        'credibility. Send it from your own mail or phone.'
      );
    }
    const episode = draft.episodeId
      ? tx.select().from(silenceEpisodes).where(eq(silenceEpisodes.id, draft.episodeId)).get()
      : undefined;
    const openEpisode = episode && !episode.endedAt ? episode : undefined;
    const cadence = settingsForOwner(tx, current.teamId, current.ownerId, ctx.defaultZone).cadence;
    const step = openEpisode && draft.step > 0 ? cadence.find((s) => s.step === draft.step) : undefined;
    const stepAlreadyDone = step && openEpisode!.steps?.[step.step]?.done;
    const input = { channel: 'email' as const, leftMessage: null, note: `${draft.kind} email: ${draft.subject}` };
    const touch = recordTouch(
      tx,
      actor.userId,
      current,
      { ...input, ...(step && !stepAlreadyDone ? { step } : {}) },
      now,
    );
    if (draft.kind === 'accountability' && openEpisode) markAccountabilityAsked(tx, current, now);
    return touch.completed
      ? `Logged as sent: step ${touch.completed.step} of the cadence is done. Send it from your own mail.`
      : 'Logged as sent. Send it from your own mail.';
  });
  if (note === null) return { ephemeral: errorMessage('This draft was already decided: nothing changed.') };
  const fresh = getDraft(ctx.store.db, deal.teamId, draft.id)!;
  const updatedDeal = getDeal(ctx.store.db, deal.teamId, deal.id)!;
  const card = approvedCardMessage(cardData(ctx.store.db, updatedDeal, fresh, now, ctx.defaultZone), note);
  const done = draft.kind === 'fire' ? 'The deal is fired' : 'The touch is logged';
  const notUpdated = await updateCardAfter(ctx, messenger, fresh, card, done);
  return notUpdated ? { ephemeral: notUpdated } : {};
}

export type SubmitResult = { ok: true; message?: BotMessage } | { ok: false; errors: Record<string, string> };

/** The rep's edit replaces the text; the tone guard runs again and its findings go on the card. */
export async function submitDraftEdit(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  draftId: number,
  values: Record<string, string | null | undefined>,
): Promise<SubmitResult> {
  const subject = values.subject?.trim() ?? '';
  const body = values.body?.trim() ?? '';
  const errors: Record<string, string> = {};
  if (!subject) errors.subject = 'Give the email a subject.';
  if (!body) errors.body = 'The email cannot be empty.';
  const subjectTooLong = tooLong('The subject', 'subject', subject);
  if (subjectTooLong) errors.subject = subjectTooLong;
  const bodyTooLong = tooLong('The email', 'body', body);
  if (bodyTooLong) errors.body = bodyTooLong;
  const voicemailTooLong = tooLong('The voicemail script', 'voicemail', values.voicemail?.trim());
  if (voicemailTooLong) errors.voicemail = voicemailTooLong;
  if (Object.keys(errors).length) return { ok: false, errors };
  const loaded = load(ctx, actor, draftId);
  if (!('draft' in loaded)) return { ok: false, errors: { body: loaded.text.replace(/^:warning: /, '') } };
  const { draft, deal } = loaded;
  const now = ctx.clock.now();
  const voicemail = draft.voicemail === null ? null : values.voicemail?.trim() || null;
  const facts = buildDraftFacts(ctx.store.db, deal, {
    now,
    step: draft.step,
    wantsVoicemail: voicemail !== null,
    defaultZone: ctx.defaultZone,
    repCompany: ctx.repCompany,
  });
  const tone = checkTone(draft.kind as DraftKind, { subject, body, voicemail }, facts);
  const saved = await ctx.store.write((tx) =>
    tx
      .update(drafts)
      .set({
        subject,
        body,
        voicemail,
        toneOk: tone.ok,
        toneProblems: tone.problems,
        source: draft.source.endsWith('(edited)') ? draft.source : `${draft.source} (edited)`,
      })
      .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'pending')))
      .run(),
  );
  if (saved.changes === 0) return { ok: false, errors: { body: 'This draft was decided meanwhile: nothing changed.' } };
  const fresh = getDraft(ctx.store.db, deal.teamId, draft.id)!;
  const card = draftCardMessage(cardData(ctx.store.db, deal, fresh, now, ctx.defaultZone));
  const notUpdated = await updateCardAfter(ctx, messenger, fresh, card, 'Your edit is saved');
  return notUpdated ? { ok: true, message: notUpdated } : { ok: true };
}

export async function submitDraftDiscard(
  ctx: AppContext,
  messenger: Messenger,
  actor: Actor,
  draftId: number,
  reason: string | null,
): Promise<SubmitResult> {
  const reasonTooLong = tooLong('The reason', 'reason', reason?.trim());
  if (reasonTooLong) return { ok: false, errors: { reason: reasonTooLong } };
  const loaded = load(ctx, actor, draftId);
  if (!('draft' in loaded)) return { ok: false, errors: { reason: loaded.text.replace(/^:warning: /, '') } };
  const { draft, deal } = loaded;
  const now = ctx.clock.now();
  const done = await ctx.store.write((tx) => decide(tx, draft, 'discarded', now, reason?.trim() || ''));
  if (!done) return { ok: false, errors: { reason: 'This draft was decided meanwhile: nothing changed.' } };
  const card = closedCardMessage(
    cardData(ctx.store.db, deal, draft, now, ctx.defaultZone),
    `:wastebasket: Discarded${reason?.trim() ? `: ${reason.trim()}` : ''}.`,
  );
  const notUpdated = await updateCardAfter(ctx, messenger, draft, card, 'The draft is discarded');
  return notUpdated ? { ok: true, message: notUpdated } : { ok: true };
}

/** The draft kind that fits a deal right now, when the rep did not name one. */
export function defaultDraftKind(db: Queryable, deal: DealRow, episode: EpisodeRow | undefined, now: Date): DraftKind {
  if (episode && !episode.endedAt) {
    // Accountability is for a promise that broke or is due and unanswered, not one due next month.
    const today = localDate(now, settingsForOwner(db, deal.teamId, deal.ownerId).calendar.zone);
    const open = commitmentsOfDeal(db, deal.teamId, deal.id, ['open']);
    const due = dueUnansweredCommitments(
      open.map((c) => ({ dueOn: c.dueOn, madeAt: c.madeAt.getTime() })),
      deal.lastInboundAt?.getTime() ?? null,
      today,
    );
    const brokenOnes = commitmentsOfDeal(db, deal.teamId, deal.id, ['broken']);
    const broken = brokenOnes.length > 0 && episode.reason === 'broken_commitment';
    return broken || due.length > 0 ? 'accountability' : 'checkin';
  }
  const last = db
    .select()
    .from(silenceEpisodes)
    .where(and(eq(silenceEpisodes.teamId, deal.teamId), eq(silenceEpisodes.dealId, deal.id)))
    .orderBy(desc(silenceEpisodes.id))
    .get();
  if (last?.revivedAt && deal.state === 'active') return last.revivalReason === 'objection_roi' ? 'roi' : 'revival';
  return 'checkin';
}

/**
 * A card found in Slack after a crash between its post and the save of its ts: the draft it shows (the
 * newest for that deal, episode, step and kind with no card yet) is linked to it, as a normal post does,
 * so Approve and regenerate rewrite that card.
 */
async function linkFoundCard(
  ctx: AppContext,
  teamId: string,
  payload: DraftCardPayload,
  card: PostedRef,
): Promise<void> {
  const episode = payload.episodeId === null ? isNull(drafts.episodeId) : eq(drafts.episodeId, payload.episodeId);
  const unlinked = ctx.store.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(
      and(
        eq(drafts.teamId, teamId),
        eq(drafts.dealId, payload.dealId),
        eq(drafts.kind, payload.kind),
        eq(drafts.step, payload.step),
        episode,
        isNull(drafts.slackTs),
      ),
    )
    .orderBy(desc(drafts.id))
    .get();
  if (!unlinked) return;
  await ctx.store.write((tx) =>
    tx.update(drafts).set({ slackChannel: card.channel, slackTs: card.ts }).where(eq(drafts.id, unlinked.id)).run(),
  );
}

/** Delivers a queued draft card, unless the silence it was for has ended meanwhile. */
export function draftCardSender(ctx: AppContext, messenger: Messenger) {
  return async (
    row: { teamId: string; payload: unknown },
    via = messenger,
    alreadyPosted?: PostedRef,
  ): Promise<PostedRef | null> => {
    const payload = row.payload as DraftCardPayload;
    if (alreadyPosted) {
      await linkFoundCard(ctx, row.teamId, payload, alreadyPosted);
      return alreadyPosted;
    }
    const deal = getDeal(ctx.store.db, row.teamId, payload.dealId);
    if (deal?.state !== 'silent') return null;
    const episode = payload.episodeId
      ? ctx.store.db.select().from(silenceEpisodes).where(eq(silenceEpisodes.id, payload.episodeId)).get()
      : undefined;
    if (payload.episodeId && (!episode || episode.endedAt)) return null;
    return sendDraftCard(ctx, via, deal, {
      kind: payload.kind,
      episodeId: payload.episodeId,
      step: payload.step,
      wantsVoicemail: payload.voicemail ?? false,
    });
  };
}
