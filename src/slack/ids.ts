// Every action_id and callback_id the product emits. Each is registered exactly once, in the
// interaction table (services/interactions.ts), shared by the Slack listeners and the console.

export const ACTION_IDS = {
  nudgeDone: 'nudge_done',
  nudgeReplied: 'nudge_replied',
  nudgeSnooze: 'nudge_snooze',
  nudgeDraft: 'nudge_draft',
  /** The call script (live answer and voicemail) for a call step, shown only to the rep. */
  nudgeScript: 'nudge_script',
  draftApprove: 'draft_approve',
  draftEdit: 'draft_edit',
  draftFirmer: 'draft_firmer',
  draftWarmer: 'draft_warmer',
  draftShorter: 'draft_shorter',
  draftDiscard: 'draft_discard',
  draftSnooze: 'draft_snooze',
  /** A link button: Slack opens the URL and still sends an action, which needs only an ack. */
  draftMailto: 'draft_mailto',
  firedKeep: 'fired_keep',
  firedReopen: 'fired_reopen',
  /** The invited rep's answer to `/deal team add`: nobody joins a team without saying yes. */
  teamInviteAccept: 'team_invite_accept',
  teamInviteDecline: 'team_invite_decline',
  /** A promise shown in a status or after a reply: they kept it, or it no longer stands. */
  promiseKept: 'promise_kept',
  promiseCancel: 'promise_cancel',
  /** Under "Your goodbye will say: ...": the deal's form, filled in, to change what was typed. */
  dealEdit: 'deal_edit',
  /** A Slack admin's answer to a role a stand-in admin granted (services/stand-in-review.ts). */
  standInKeep: 'stand_in_keep',
  standInRevoke: 'stand_in_revoke',
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];
export const ALL_ACTION_IDS = Object.values(ACTION_IDS) as ActionId[];

export const CALLBACK_IDS = {
  dealForm: 'deal_modal',
  draftEdit: 'draft_edit_modal',
  draftDiscard: 'draft_discard_modal',
  revival: 'revival_modal',
} as const;
export type CallbackId = (typeof CALLBACK_IDS)[keyof typeof CALLBACK_IDS];
export const ALL_CALLBACK_IDS = Object.values(CALLBACK_IDS) as CallbackId[];

export function isActionId(id: string): id is ActionId {
  return (ALL_ACTION_IDS as string[]).includes(id);
}

export function isCallbackId(id: string): id is CallbackId {
  return (ALL_CALLBACK_IDS as string[]).includes(id);
}
