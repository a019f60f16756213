// The draft card a rep gets in a DM: the deal, why now, the draft, the tone findings, and buttons.
import type { DraftRow } from '../../db/schema.js';
import type { ToneProblem } from '../../coach/types.js';
import { ACTION_IDS, CALLBACK_IDS } from '../ids.js';
import {
  actions,
  clip,
  context,
  divider,
  esc,
  fingerprint,
  header,
  message,
  modal,
  section,
  textInput,
  type Block,
  type BotMessage,
  type ModalView,
} from '../blocks.js';
import { TEXT_LIMITS } from '../../domain/limits.js';

const DRAFT_ACTIONS = {
  approve: ACTION_IDS.draftApprove,
  edit: ACTION_IDS.draftEdit,
  firmer: ACTION_IDS.draftFirmer,
  warmer: ACTION_IDS.draftWarmer,
  shorter: ACTION_IDS.draftShorter,
  discard: ACTION_IDS.draftDiscard,
  snooze: ACTION_IDS.draftSnooze,
} as const;
const DRAFT_EDIT_CALLBACK = CALLBACK_IDS.draftEdit;
const DRAFT_DISCARD_CALLBACK = CALLBACK_IDS.draftDiscard;

const KIND_TITLE: Record<string, string> = {
  accountability: 'Accountability email',
  checkin: 'Check-in email',
  fire: 'Goodbye-for-now message',
  revival: 'Next-step email',
  roi: 'ROI email',
};

export interface DraftCardData {
  draft: Pick<DraftRow, 'id' | 'kind' | 'subject' | 'body' | 'voicemail' | 'source' | 'promptVersion' | 'status'> & {
    toneProblems: ToneProblem[];
  };
  company: string;
  dealLine: string;
  /** Why now: the rule and the facts behind it. */
  why: string;
  contactEmail: string | null;
}

const quote = (text: string) =>
  text
    .split('\n')
    .map((line) => `>${esc(line) || ' '}`)
    .join('\n');

function draftBlocks(data: DraftCardData): Block[] {
  const { draft } = data;
  const blocks: Block[] = [section(`*Subject:* ${esc(draft.subject)}`), section(clip(quote(draft.body), 2900))];
  if (draft.voicemail)
    blocks.push(section(`:telephone_receiver: *Voicemail script* (under 30 seconds)\n${quote(draft.voicemail)}`));
  if (draft.toneProblems.length) {
    blocks.push(section(`:warning: *Tone check*\n${draft.toneProblems.map((p) => `• ${esc(p.message)}`).join('\n')}`));
  }
  return blocks;
}

/** The pending card: everything to decide in one place. */
export function draftCardMessage(data: DraftCardData): BotMessage {
  const { draft } = data;
  const value = String(draft.id);
  const title = `${KIND_TITLE[draft.kind] ?? 'Draft'} for ${data.company}`;
  const blocks: Block[] = [
    header(title),
    section(data.dealLine),
    context(`:bulb: Why now: ${esc(data.why)}`),
    divider(),
    ...draftBlocks(data),
    context(
      `Drafted ${draft.source === 'offline' ? 'offline' : `by ${esc(draft.source)}`} (${esc(draft.promptVersion)}` +
        `). Nothing is sent to the prospect: you send it yourself.`,
    ),
    actions(
      [
        { text: 'Approve', actionId: DRAFT_ACTIONS.approve, value, style: 'primary' },
        { text: 'Edit', actionId: DRAFT_ACTIONS.edit, value },
        { text: 'Firmer', actionId: DRAFT_ACTIONS.firmer, value },
        { text: 'Warmer', actionId: DRAFT_ACTIONS.warmer, value },
        { text: 'Shorter', actionId: DRAFT_ACTIONS.shorter, value },
        { text: 'Discard', actionId: DRAFT_ACTIONS.discard, value, style: 'danger' },
        { text: 'Snooze 1 week', actionId: DRAFT_ACTIONS.snooze, value },
      ],
      // A new block id whenever the card's content changes, so Slack never keeps the old card's state.
      `draft-${draft.id}-` +
        `${fingerprint(
          JSON.stringify([draft.status, draft.subject, draft.body, draft.voicemail, draft.toneProblems]),
        )}`,
    ),
  ];
  return message(`${title}: ${draft.subject}`, blocks);
}

/** A mailto link with the subject and body prefilled, when it fits in a URL Slack accepts. */
export function mailtoUrl(email: string | null, subject: string, body: string): string | null {
  if (!email) return null;
  const url =
    `mailto:${encodeURIComponent(email).replace('%40', '@')}?subject=${encodeURIComponent(subject)}&body=` +
    `${encodeURIComponent(body)}`;
  return url.length <= 3000 ? url : null;
}

/** Text to copy, escaped (Slack reads <!channel> even in code) and clipped inside the fence, so the fence closes. */
const codeBlock = (text: string, max: number) => `\`\`\`${clip(esc(text.replace(/```/g, "'''")), max - 6)}\`\`\``;

/** After approval: compact, with the final text easy to copy. */
export function approvedCardMessage(data: DraftCardData, note: string): BotMessage {
  const { draft } = data;
  const blocks: Block[] = [
    section(`:white_check_mark: *Approved: ${KIND_TITLE[draft.kind] ?? 'draft'} for ${esc(data.company)}*\n${note}`),
    section(`*Subject:* ${esc(draft.subject)}`),
    section(codeBlock(draft.body, 2990)),
  ];
  if (draft.voicemail) blocks.push(section(`*Voicemail script*\n${codeBlock(draft.voicemail, 2960)}`));
  const mailto = mailtoUrl(data.contactEmail, draft.subject, draft.body);
  if (mailto)
    blocks.push(
      actions([{ text: 'Open in your mail app', actionId: ACTION_IDS.draftMailto, url: mailto }], `sent-${draft.id}`),
    );
  return message(`Approved: ${draft.subject}`, blocks);
}

/** A card that no longer takes action: discarded, replaced, or snoozed. */
export function closedCardMessage(data: DraftCardData, what: string): BotMessage {
  return message(`${what}: ${data.draft.subject}`, [
    section(`~${esc(data.draft.subject)}~\n${what}`),
    context(`${KIND_TITLE[data.draft.kind] ?? 'Draft'} for ${esc(data.company)}`),
  ]);
}

export function editDraftModal(draft: Pick<DraftRow, 'id' | 'subject' | 'body' | 'voicemail'>): ModalView {
  const blocks: Block[] = [
    textInput('subject', 'Subject', { initial: draft.subject, optional: false, maxLength: TEXT_LIMITS.subject }),
    textInput('body', 'Email', { initial: draft.body, multiline: true, optional: false }),
  ];
  if (draft.voicemail !== null)
    blocks.push(
      textInput('voicemail', 'Voicemail script', {
        initial: draft.voicemail,
        multiline: true,
        maxLength: TEXT_LIMITS.voicemail,
      }),
    );
  blocks.push(context('Your edit goes through the tone check again; what it finds is shown on the card.'));
  return modal({
    callbackId: DRAFT_EDIT_CALLBACK,
    privateMetadata: String(draft.id),
    title: 'Edit the draft',
    submit: 'Save',
    close: 'Cancel',
    blocks,
  });
}

export function discardDraftModal(draftId: number): ModalView {
  return modal({
    callbackId: DRAFT_DISCARD_CALLBACK,
    privateMetadata: String(draftId),
    title: 'Discard the draft',
    submit: 'Discard',
    close: 'Keep it',
    blocks: [
      textInput('reason', 'Why? (optional: it helps the coach)', {
        placeholder: 'e.g. I spoke to them by phone instead',
        maxLength: TEXT_LIMITS.reason,
      }),
    ],
  });
}
