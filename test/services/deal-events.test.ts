// The one home of deal transitions: every state x event, with what each retires and refuses.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { activities, commitments, deals, drafts, silenceEpisodes, type DealRow } from '../../src/db/schema.js';
import {
  addNote,
  closeDeal,
  createDeal,
  DealEventRefused,
  editDeal,
  fireDeal,
  nurtureDeal,
  recordCommitment,
  recordReply,
  recordSnooze,
  recordTouch,
  reopenDeal,
} from '../../src/services/deal-events.js';
import { dueUnansweredCommitments } from '../../src/domain/silence.js';
import type { DealState } from '../../src/domain/vocabulary.js';

const T0 = new Date('2026-12-07T15:00:00Z'); // a Monday, inside New York working hours
const LATER = new Date('2026-12-07T16:00:00Z');
const REP = 'U0REPNOOR';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

/** A deal in `state` with an open episode, a pending draft of it, a pending on-demand draft and an open promise. */
function dealIn(state: DealState, company = 'Al Noor Trading LLC'): DealRow {
  const db = store.db;
  const deal = createDeal(
    db,
    REP,
    { teamId: 'T1', ownerId: REP, company, valueMinor: 5_000_000, currency: 'EUR', forecast: 'commit' },
    T0,
  );
  db.update(deals)
    .set({
      state,
      ...(state === 'won' || state === 'lost' ? { closedAt: T0 } : {}),
      ...(state === 'nurture' ? { followUpOn: '2027-03-01' } : {}),
    })
    .where(eq(deals.id, deal.id))
    .run();
  const open = state === 'silent' || state === 'active';
  const episode = db
    .insert(silenceEpisodes)
    .values({
      teamId: 'T1',
      dealId: deal.id,
      reason: 'no_reply',
      startedAt: T0,
      startedOn: '2026-12-07',
      ...(open ? {} : { endedAt: T0, outcome: 'replied' as const }),
    })
    .returning()
    .get();
  const draft = {
    teamId: 'T1',
    dealId: deal.id,
    subject: 'S',
    body: 'B',
    source: 'offline',
    promptVersion: 'p@1',
    toneOk: true,
    createdAt: T0,
  };
  db.insert(drafts)
    .values({ ...draft, episodeId: episode.id, step: 3, kind: 'accountability' })
    .run();
  db.insert(drafts)
    .values({ ...draft, episodeId: null, step: 0, kind: 'checkin' })
    .run();
  if (state !== 'won' && state !== 'lost') {
    db.insert(commitments)
      .values({ teamId: 'T1', dealId: deal.id, text: 'send the signed PO', dueOn: '2026-12-20', madeAt: T0 })
      .run();
  }
  return db.select().from(deals).where(eq(deals.id, deal.id)).get()!;
}

const pendingDrafts = (dealId: number) =>
  store.db
    .select()
    .from(drafts)
    .where(eq(drafts.dealId, dealId))
    .all()
    .filter((d) => d.status === 'pending').length;
const openEpisode = (dealId: number) =>
  store.db
    .select()
    .from(silenceEpisodes)
    .where(eq(silenceEpisodes.dealId, dealId))
    .all()
    .find((e) => !e.endedAt);
const lastEpisode = (dealId: number) =>
  store.db.select().from(silenceEpisodes).where(eq(silenceEpisodes.dealId, dealId)).all().at(-1)!;
const openPromises = (dealId: number) =>
  store.db
    .select()
    .from(commitments)
    .where(eq(commitments.dealId, dealId))
    .all()
    .filter((c) => c.status === 'open').length;
const stored = (id: number) => store.db.select().from(deals).where(eq(deals.id, id)).get()!;

type EventName =
  | 'touch'
  | 'reply'
  | 'snooze'
  | 'commit'
  | 'fire'
  | 'won'
  | 'lost'
  | 'reopen'
  | 'nurture'
  | 'edit'
  | 'note';

function apply(event: EventName, deal: DealRow): DealRow {
  return store.db.transaction((tx) => {
    switch (event) {
      case 'touch':
        return recordTouch(tx, REP, deal, { channel: 'call', leftMessage: true, note: null }, LATER).deal;
      case 'reply':
        return recordReply(tx, REP, deal, { channel: 'email', note: 'they are back' }, LATER).deal;
      case 'snooze':
        return recordSnooze(tx, REP, deal, new Date('2026-12-21T14:00:00Z'), 'board meeting', LATER);
      case 'commit':
        return recordCommitment(tx, REP, deal, { text: 'intro to the CFO', dueOn: '2026-12-18' }, LATER).deal;
      case 'fire':
        return fireDeal(tx, REP, deal, LATER);
      case 'won':
      case 'lost':
        return closeDeal(tx, REP, deal, event, event === 'lost' ? 'no budget' : null, LATER);
      case 'reopen':
        return reopenDeal(tx, REP, deal, LATER);
      case 'nurture':
        return nurtureDeal(tx, REP, deal, '2027-04-01', 'call me in Q2', LATER);
      case 'edit':
        return editDeal(tx, REP, deal, { stage: 'proposal' }, LATER, 'stage: prospecting → proposal');
      case 'note':
        return addNote(tx, REP, deal, 'CFO on holiday until January', LATER);
    }
  });
}

interface Expected {
  /** The state afterwards, or 'refused'. */
  state: DealState | 'refused';
  /** The outcome the open episode ended with (only states that have one open). */
  outcome?: string;
  /** Pending drafts afterwards (the fixture starts with 2 for open states: one of the episode, one on demand). */
  drafts?: number;
  promises?: number;
}

// state -> event -> expectation. Open episodes exist in active/silent; nurture/fired ones ended already.
const TABLE: Record<DealState, Partial<Record<EventName, Expected>>> = {
  silent: {
    touch: { state: 'silent', drafts: 2, promises: 1 },
    reply: { state: 'active', outcome: 'replied', drafts: 1, promises: 1 },
    snooze: { state: 'active', outcome: 'snoozed', drafts: 1, promises: 1 },
    commit: { state: 'silent', drafts: 2, promises: 2 },
    fire: { state: 'fired', outcome: 'fired', drafts: 0, promises: 1 },
    won: { state: 'won', outcome: 'won', drafts: 0, promises: 0 },
    lost: { state: 'lost', outcome: 'lost', drafts: 0, promises: 0 },
    reopen: { state: 'refused' },
    nurture: { state: 'nurture', outcome: 'nurture', drafts: 1, promises: 1 },
    edit: { state: 'silent', drafts: 2, promises: 1 },
    note: { state: 'silent', drafts: 2, promises: 1 },
  },
  active: {
    touch: { state: 'active', drafts: 2 },
    reply: { state: 'active', drafts: 2 },
    fire: { state: 'fired', outcome: 'fired', drafts: 0 },
    won: { state: 'won', outcome: 'won', drafts: 0, promises: 0 },
    reopen: { state: 'refused' },
  },
  fired: {
    touch: { state: 'refused' },
    reply: { state: 'active', drafts: 2 },
    snooze: { state: 'refused' },
    fire: { state: 'refused' },
    reopen: { state: 'active', drafts: 2 },
    won: { state: 'won', drafts: 0, promises: 0 },
    commit: { state: 'fired', promises: 2 },
  },
  nurture: {
    reply: { state: 'active', drafts: 2 },
    reopen: { state: 'active' },
    lost: { state: 'lost', drafts: 0, promises: 0 },
    fire: { state: 'fired', drafts: 0 },
  },
  won: {
    fire: { state: 'refused' },
    won: { state: 'refused' },
    snooze: { state: 'refused' },
    commit: { state: 'refused' },
    nurture: { state: 'refused' },
    lost: { state: 'lost' },
    reopen: { state: 'active' },
    note: { state: 'won' },
    touch: { state: 'won' },
  },
  lost: {
    fire: { state: 'refused' },
    lost: { state: 'refused' },
    reopen: { state: 'active' },
    commit: { state: 'refused' },
  },
};

describe('deal transitions: state x event', () => {
  for (const [state, events] of Object.entries(TABLE) as Array<[DealState, Partial<Record<EventName, Expected>>]>) {
    for (const [event, expected] of Object.entries(events) as Array<[EventName, Expected]>) {
      it(`${state} + ${event} -> ${expected.state}`, () => {
        const deal = dealIn(state);
        const before = store.db.select().from(activities).all().length;
        if (expected.state === 'refused') {
          expect(() => apply(event, deal)).toThrow(DealEventRefused);
          // Refused means nothing written: same row, no history line.
          expect(stored(deal.id)).toEqual(deal);
          expect(store.db.select().from(activities).all().length).toBe(before);
          return;
        }
        const returned = apply(event, deal);
        expect(returned.state).toBe(expected.state);
        // The returned deal is what the database now holds.
        expect(stored(deal.id)).toEqual(returned);
        expect(store.db.select().from(activities).all().length).toBeGreaterThan(before);
        if (expected.outcome) {
          expect(openEpisode(deal.id)).toBeUndefined();
          expect(lastEpisode(deal.id).outcome).toBe(expected.outcome);
        }
        if (expected.drafts !== undefined) expect(pendingDrafts(deal.id)).toBe(expected.drafts);
        if (expected.promises !== undefined) expect(openPromises(deal.id)).toBe(expected.promises);
      });
    }
  }
});

describe('what the transitions say and keep', () => {
  it('a refusal says why and what to do instead', () => {
    const won = dealIn('won', 'Müller & Söhne GmbH');
    expect(() => apply('fire', won)).toThrow(
      /Müller & Söhne GmbH is won: there is nobody to say goodbye to.*\/deal reopen/,
    );
    const fired = dealIn('fired', 'Café Lumière SARL');
    expect(() => apply('touch', fired)).toThrow(/You said goodbye to Café Lumière SARL/);
  });

  it('firing keeps the forecast category it had, and reopening after won clears the close', () => {
    const fired = apply('fire', dealIn('silent'));
    expect(fired).toMatchObject({ forecast: 'omitted', forecastBeforeFire: 'commit' });
    const reopened = apply('reopen', dealIn('won', 'Nordic Fjord AS'));
    expect(reopened).toMatchObject({ state: 'active', closedAt: null, lostReason: null });
  });

  it('only outreach or a reply ends a snooze; edits and notes keep it', () => {
    const snoozed = apply('snooze', dealIn('silent'));
    expect(snoozed.snoozedUntil).not.toBeNull();
    expect(apply('edit', snoozed).snoozedUntil).toEqual(snoozed.snoozedUntil);
    expect(apply('note', stored(snoozed.id)).snoozedUntil).toEqual(snoozed.snoozedUntil);
    expect(apply('touch', stored(snoozed.id)).snoozedUntil).toBeNull();
  });

  it('one deal per company per rep, however it is typed', () => {
    dealIn('active', 'Blue Sky Partners');
    const before = store.db.select().from(activities).all().length;
    expect(() =>
      createDeal(store.db, REP, { teamId: 'T1', ownerId: REP, company: '  blue sky   PARTNERS ' }, T0),
    ).toThrow(/already have a deal with Blue Sky Partners \(#\d+\)/);
    expect(store.db.select().from(activities).all()).toHaveLength(before);
    expect(store.db.select().from(deals).all()).toHaveLength(1);
    // Another rep, and the same rep in another workspace, may each have theirs.
    createDeal(store.db, 'U0OTHER', { teamId: 'T1', ownerId: 'U0OTHER', company: 'Blue Sky Partners' }, T0);
    createDeal(store.db, REP, { teamId: 'T2', ownerId: REP, company: 'Blue Sky Partners' }, T0);
    expect(store.db.select().from(deals).all()).toHaveLength(3);
  });

  it('the same open promise twice is refused', () => {
    const deal = apply('commit', dealIn('silent'));
    expect(() => apply('commit', deal)).toThrow(/already logged/);
  });

  it('a fired deal keeps its forecast out until it is reopened on purpose', () => {
    const fired = dealIn('fired');
    expect(() =>
      store.db.transaction((tx) => editDeal(tx, REP, fired, { forecast: 'commit' }, LATER, 'forecast')),
    ).toThrow(/out of the forecast/);
  });
});

describe('events recorded at one instant keep the order they were recorded in', () => {
  const fresh = (company: string) =>
    createDeal(store.db, REP, { teamId: 'T1', ownerId: REP, company, currency: 'EUR' }, T0);

  it('a touch right after a reply is after it: one unanswered touch', () => {
    const replied = recordReply(
      store.db,
      REP,
      fresh('Société Générale Assurances'),
      { channel: 'email', note: 'ok' },
      T0,
    );
    const touched = recordTouch(
      store.db,
      REP,
      replied.deal,
      { channel: 'call', leftMessage: true, note: 'about the pilot' },
      T0,
    ).deal;
    expect(touched.lastOutboundAt!.getTime()).toBeGreaterThan(touched.lastInboundAt!.getTime());
    expect(touched.lastOutboundAt!.getTime() - T0.getTime()).toBe(1);
    const rows = store.db.select().from(activities).where(eq(activities.dealId, touched.id)).all();
    const reply = rows.find((r) => r.direction === 'in')!;
    expect(rows.filter((r) => r.direction === 'out' && r.at > reply.at)).toHaveLength(1);
  });

  it('a reply right after a touch answers it (nothing to move)', () => {
    const deal = fresh('Nordlicht Logistik GmbH');
    const touched = recordTouch(store.db, REP, deal, { channel: 'email', leftMessage: null, note: null }, T0).deal;
    const replied = recordReply(store.db, REP, touched, { channel: null, note: null }, T0).deal;
    expect(replied.lastInboundAt!.getTime()).toBe(T0.getTime());
    expect(replied.lastOutboundAt!.getTime() > replied.lastInboundAt!.getTime()).toBe(false);
  });

  it('a reply right after a promise answers it; a promise right after a reply is still open', () => {
    const promised = recordCommitment(
      store.db,
      REP,
      fresh('Kaffeerösterei Müller & Söhne KG'),
      { text: 'send the signed order form', dueOn: '2026-12-09' },
      T0,
    );
    const replied = recordReply(store.db, REP, promised.deal, { channel: null, note: 'on its way' }, T0).deal;
    const today = '2026-12-10';
    const madeAt = promised.commitment.madeAt.getTime();
    const answered = dueUnansweredCommitments(
      [{ dueOn: '2026-12-09', madeAt }],
      replied.lastInboundAt!.getTime(),
      today,
    );
    expect(answered).toEqual([]);

    const second = recordReply(
      store.db,
      REP,
      fresh('Banco Nacional de Crédito S.A.'),
      { channel: null, note: null },
      T0,
    );
    const open = recordCommitment(store.db, REP, second.deal, { text: 'sign by Friday', dueOn: '2026-12-09' }, T0);
    const due = dueUnansweredCommitments(
      [{ dueOn: '2026-12-09', madeAt: open.commitment.madeAt.getTime() }],
      open.deal.lastInboundAt!.getTime(),
      today,
    );
    expect(due).toHaveLength(1);
  });

  it('an earlier event well ahead of now (an import, a clock set back) leaves the new one at now', () => {
    const ahead = new Date(T0.getTime() + 86_400_000);
    const replied = recordReply(store.db, REP, fresh('東京商事株式会社'), { channel: null, note: null }, ahead).deal;
    const touched = recordTouch(store.db, REP, replied, { channel: 'call', leftMessage: false, note: null }, T0).deal;
    expect(touched.lastOutboundAt!.getTime()).toBe(T0.getTime());
  });
});
