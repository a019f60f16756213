// The domain's vocabulary: every closed set of words the product stores or shows. The database
// schema imports these (never the reverse), so the pure domain loads no database code.

export const DEAL_STATES = ['active', 'silent', 'fired', 'nurture', 'won', 'lost'] as const;
export type DealState = (typeof DEAL_STATES)[number];
/** States in which the deal is still worked (or parked): the silence rules may look at it. */
export const OPEN_STATES: readonly DealState[] = ['active', 'silent', 'fired', 'nurture'];
/** States that end a deal. */
export const CLOSED_STATES: readonly DealState[] = ['won', 'lost'];
export type ClosedState = 'won' | 'lost';

export function isClosed(state: DealState): state is ClosedState {
  return state === 'won' || state === 'lost';
}

export const STAGES = ['prospecting', 'qualified', 'demo', 'proposal', 'negotiation', 'verbal'] as const;
export type Stage = (typeof STAGES)[number];

export const FORECASTS = ['pipeline', 'best-case', 'commit', 'omitted'] as const;
export type Forecast = (typeof FORECASTS)[number];

export const CHANNELS = ['call', 'voicemail', 'email', 'meeting', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** out: the rep reached out; in: the prospect answered; note: internal; update: a field changed. */
export const ACTIVITY_DIRECTIONS = ['out', 'in', 'note', 'update'] as const;
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

export const COMMITMENT_STATUSES = ['open', 'kept', 'broken', 'cancelled'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

export const ROLES = ['rep', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a stand-in admin (the first dealcoach user, while Slack names no admin or owner) granted: a manager
 * role, or a place in a team without the person's Accept. Each waits for a real admin to keep or revoke it.
 */
export const STAND_IN_GRANT_KINDS = ['manager', 'team_add'] as const;
export type StandInGrantKind = (typeof STAND_IN_GRANT_KINDS)[number];
export const STAND_IN_GRANT_STATUSES = ['pending', 'kept', 'revoked'] as const;
export type StandInGrantStatus = (typeof STAND_IN_GRANT_STATUSES)[number];

export const DRAFT_KINDS = ['accountability', 'checkin', 'fire', 'revival', 'roi'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

/** What a person calls each kind of draft (the ids above are internal). */
export const DRAFT_KIND_NAMES: Record<DraftKind, string> = {
  accountability: 'accountability email',
  checkin: 'check-in email',
  fire: 'goodbye-for-now email',
  revival: 'next-step email',
  roi: 'ROI email',
};

/** Regeneration instructions offered on a draft card. */
export const DRAFT_TONES = ['firmer', 'warmer', 'shorter'] as const;
export type DraftTone = (typeof DRAFT_TONES)[number];

export const DRAFT_STATUSES = ['pending', 'approved', 'discarded', 'superseded'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/** Why a prospect came back (METHOD.md section 5). */
export const REVIVAL_REASON_IDS = [
  'back_on_track',
  'current_solution',
  'competitor',
  'considering_competitor',
  'side_tracked',
  'internal_approvals',
  'objection_roi',
  'objection_price',
  'objection_timing',
] as const;
export type RevivalReason = (typeof REVIVAL_REASON_IDS)[number];

/** The label the rep picks from. */
export const REVIVAL_REASON_LABELS: Record<RevivalReason, string> = {
  back_on_track: 'Back on track',
  current_solution: 'Staying with their current solution',
  competitor: 'Signed with a competitor',
  considering_competitor: 'Leaning towards a competitor, not signed yet',
  side_tracked: 'Side-tracked: call me in a few months',
  internal_approvals: 'Stuck in internal approvals',
  objection_roi: 'Objection: ROI',
  objection_price: 'Objection: price',
  objection_timing: 'Objection: timing',
};
export const REVIVAL_REASONS = REVIVAL_REASON_IDS.map((id) => [id, REVIVAL_REASON_LABELS[id]] as const);

/**
 * Reasons that close the deal as lost when the prospect comes back with them: a decision made against it.
 * Leaning towards a competitor is no decision yet: it gets a next step, as an objection does (METHOD.md 5).
 */
export const LOSING_REVIVAL_REASONS: readonly RevivalReason[] = ['current_solution', 'competitor'];

/** The reason as people read it: its label, or the stored word when it is not one of them. */
export function revivalReasonLabel(reason: string): string {
  return isRevivalReason(reason) ? REVIVAL_REASON_LABELS[reason] : reason.replace(/_/g, ' ');
}

export function isRevivalReason(value: unknown): value is RevivalReason {
  return typeof value === 'string' && (REVIVAL_REASON_IDS as readonly string[]).includes(value);
}

/** The rule that opened a silence episode. */
export const EPISODE_REASONS = ['no_reply', 'broken_commitment'] as const;
export type EpisodeReason = (typeof EPISODE_REASONS)[number];

/** How a silence episode ended. */
export const EPISODE_OUTCOMES = ['replied', 'fired', 'won', 'lost', 'snoozed', 'nurture', 'reopened'] as const;
export type EpisodeOutcome = (typeof EPISODE_OUTCOMES)[number];

/** What the outbox delivers: each kind has its payload type (jobs/outbox-payloads.ts) and a sender. */
export const OUTBOX_KINDS = ['nudges', 'draft_card', 'digest', 'stand_in_review', 'card_update', 'notice'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
