// Every id a view emits has exactly one handler, and every handler has a view that emits it.
import { describe, expect, it } from 'vitest';
import { ACTION_HANDLERS, SUBMISSION_HANDLERS } from '../../src/services/interactions.js';
import { ALL_ACTION_IDS, ALL_CALLBACK_IDS } from '../../src/slack/ids.js';
import { dealEditModal, dealModal, editDealButton } from '../../src/slack/views/deal.js';
import { dealRow } from '../support/rows.js';
import { inviteMessage } from '../../src/services/teams.js';
import {
  approvedCardMessage,
  closedCardMessage,
  discardDraftModal,
  draftCardMessage,
  editDraftModal,
  type DraftCardData,
} from '../../src/slack/views/draft-card.js';
import { callScriptMessage, nudgeDigestMessage, type NudgeItem } from '../../src/slack/views/nudges.js';
import { firedTouchWarning, revivalModal } from '../../src/slack/views/revival.js';
import { keptQuestion, promiseButtons } from '../../src/slack/views/promises.js';
import type { CommitmentRow } from '../../src/db/schema.js';
import { standInReviewMessages } from '../../src/slack/views/roles.js';

const promise = (id: number, status: CommitmentRow['status']): CommitmentRow => ({
  id,
  teamId: 'T1',
  dealId: 4,
  text: 'send the signed bon de commande',
  dueOn: '2026-12-18',
  status,
  madeAt: new Date('2026-12-07T15:00:00Z'),
  resolvedAt: null,
});
const VIEW = { now: new Date('2026-12-07T15:00:00Z'), zone: 'Europe/Paris' };

const card: DraftCardData = {
  draft: {
    id: 7,
    kind: 'accountability',
    subject: 'Your board review',
    body: 'Hi Aiko, you told me you would take this to the board by Friday. What happened?',
    voicemail: 'Hi Aiko, this is Rita from Nordlicht.',
    source: 'offline',
    promptVersion: 'accountability@3',
    status: 'pending',
    toneProblems: [],
  },
  company: 'Kobayashi Seisakusho K.K.',
  dealLine: '¥12,000,000 · proposal',
  why: 'they promised a board review by Friday',
  contactEmail: 'aiko@kobayashi.example',
};

const nudge = (step: number, stepKind: NudgeItem['stepKind']): NudgeItem => ({
  dealId: step + 1,
  episodeId: 3,
  company: 'Café Lumière SARL',
  contactName: 'Élodie Martin',
  valueText: '€40,000',
  stage: 'negotiation',
  daysSilent: 4,
  step,
  totalSteps: 5,
  stepKind,
  ...(stepKind === 'touch' ? { channel: 'call' as const } : {}),
  label: 'call, leave a message',
  offer: 1,
  why: 'no reply for 4 business days',
  commitment: null,
});

/** Every view that carries buttons or is a form, rendered with realistic data. */
function everyInteractiveView(): unknown[] {
  return [
    { blocks: [editDealButton(12)] },
    dealEditModal(dealRow({ id: 12, company: 'Nordlicht Logistik GmbH', prospectGoal: 'cut picking errors' })),
    draftCardMessage(card),
    approvedCardMessage(card, 'Logged as sent.'),
    closedCardMessage(card, 'Discarded.'),
    editDraftModal(card.draft),
    discardDraftModal(7),
    nudgeDigestMessage([nudge(1, 'touch'), nudge(3, 'message'), nudge(5, 'fire'), nudge(0, 'follow_up')]),
    callScriptMessage('Café Lumière SARL', 'Step 1: Call and leave a message', {
      kind: 'checkin',
      ifTheyAnswer: "Hi Élodie, it's Théo.",
      aim: 'Listen.',
      voicemail: 'Hi Élodie, this is Théo.',
    }),
    firedTouchWarning('Café Lumière SARL', 4, 17),
    revivalModal(4, 'Café Lumière SARL'),
    dealModal(),
    inviteMessage({ userId: 'U0LUIS', teamId: 3, teamName: 'Iberia & DACH', invitedBy: 'U0ANA' }),
    { blocks: promiseButtons(4, [promise(1, 'open'), promise(2, 'broken'), promise(3, 'kept')]) },
    { blocks: keptQuestion(4, promise(1, 'open'), VIEW) },
    ...standInReviewMessages({
      standInId: 'U0MALLORY',
      namedAdmin: 'U0ADELIA',
      how: 'users_list',
      grants: [
        {
          id: 1,
          kind: 'manager',
          userId: 'U0MALLORY',
          grantedBy: 'U0MALLORY',
          teamName: null,
          role: null,
          grantedAt: VIEW.now,
        },
      ],
      otherChanges: [],
      ...VIEW,
    }),
  ];
}

/** The action ids of buttons and the callback ids of forms (input elements carry no interaction). */
function emittedIds(view: unknown): { actions: string[]; callbacks: string[] } {
  const actions: string[] = [];
  const callbacks: string[] = [];
  const walk = (node: unknown, inInput: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inInput));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.callback_id === 'string') callbacks.push(record.callback_id);
    if (typeof record.action_id === 'string' && !inInput) actions.push(record.action_id);
    for (const [key, value] of Object.entries(record))
      walk(value, inInput || (key === 'element' && record.type === 'input'));
  };
  walk(view, false);
  return { actions, callbacks };
}

describe('the interaction table', () => {
  it('has exactly one handler per id and nothing else', () => {
    expect(Object.keys(ACTION_HANDLERS).sort()).toEqual([...ALL_ACTION_IDS].sort());
    expect(Object.keys(SUBMISSION_HANDLERS).sort()).toEqual([...ALL_CALLBACK_IDS].sort());
    expect(new Set(ALL_ACTION_IDS).size).toBe(ALL_ACTION_IDS.length);
  });

  it('every id a view emits has its handler, and every handler is reachable from a view', () => {
    const actions = new Set<string>();
    const callbacks = new Set<string>();
    for (const view of everyInteractiveView()) {
      const ids = emittedIds(view);
      ids.actions.forEach((id) => actions.add(id));
      ids.callbacks.forEach((id) => callbacks.add(id));
    }
    for (const id of actions) expect(ACTION_HANDLERS, `button ${id}`).toHaveProperty(id);
    for (const id of callbacks) expect(SUBMISSION_HANDLERS, `form ${id}`).toHaveProperty(id);
    expect([...actions].sort()).toEqual([...ALL_ACTION_IDS].sort());
    expect([...callbacks].sort()).toEqual([...ALL_CALLBACK_IDS].sort());
  });
});
