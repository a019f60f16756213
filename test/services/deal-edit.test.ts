// "Your goodbye will say: ..." comes with an Edit button: the deal's form, filled in with what the deal
// holds, so saving it unchanged changes nothing and changing one field changes only that one.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { deals, type DealRow } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import { formatMoney, readAmount } from '../../src/domain/money.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { runDealCommand, submitDealModal } from '../../src/services/deal-commands.js';
import { ACTION_HANDLERS } from '../../src/services/interactions.js';
import type { ModalView } from '../../src/slack/blocks.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import type { Messenger } from '../../src/slack/messenger.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const rep = (userId: string): Actor => ({ teamId: 'T1', userId, zone: 'Europe/Madrid', role: 'rep' });

function setup() {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = new ManualClock('2026-12-30T10:00:00Z');
  const ctx: AppContext = { store, clock, defaultZone: 'UTC' };
  for (const id of ['U1', 'U2']) {
    upsertUser(store.db, 'T1', id, { timezone: 'Europe/Madrid', timezoneSource: 'slack' }, clock.now());
  }
  const deal = (company: string): DealRow =>
    store.db
      .select()
      .from(deals)
      .all()
      .find((d) => d.company === company)!;
  return { store, clock, ctx, deal };
}

/** What Slack sends back for a form nobody touched: every field's initial value, by block id. */
function untouched(view: ModalView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const block of view.blocks as Array<{ type: string; block_id?: string; element?: Record<string, unknown> }>) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const initial = block.element.initial_value ?? (block.element.initial_option as { value?: string })?.value;
    if (typeof initial === 'string') values[block.block_id] = initial;
  }
  return values;
}

const press = (ctx: AppContext, actor: Actor, value: string | undefined) =>
  ACTION_HANDLERS[ACTION_IDS.dealEdit](ctx, {} as Messenger, actor, value);

describe('the Edit button under a goal preview', () => {
  it('opens the form filled in; saved untouched it changes nothing, and one edit changes only that field', async () => {
    const t = setup();
    const me = rep('U1');
    await runDealCommand(
      t.ctx,
      me,
      'new "Construcciones García S.L." value 1.234.567,89 EUR stage proposal contact "Sr. Javier García"',
    );
    const outcome = await runDealCommand(t.ctx, me, 'goal Construcciones "reducir los retrasos de obra"');
    expect(outcome.type).toBe('message');
    const blocks = JSON.stringify(outcome.type === 'message' ? outcome.message.blocks : []);
    const before = t.deal('Construcciones García S.L.');
    expect(blocks).toContain(`"action_id":"${ACTION_IDS.dealEdit}"`);
    expect(blocks).toContain(`"value":"${before.id}"`);

    const opened = await press(t.ctx, me, String(before.id));
    expect(opened.message).toBeUndefined();
    const form = untouched(opened.modal!);
    expect(form).toMatchObject({
      company: 'Construcciones García S.L.',
      contact: 'Sr. Javier García',
      stage: 'proposal',
      goal: 'reducir los retrasos de obra',
    });

    t.clock.set('2026-12-30T10:05:00Z');
    expect((await submitDealModal(t.ctx, me, form)).ok).toBe(true);
    const after = t.deal('Construcciones García S.L.');
    const { updatedAt: _a, lastActivityAt: _b, nextCheckAt: _c, ...kept } = after;
    const { updatedAt: _d, lastActivityAt: _e, nextCheckAt: _f, ...was } = before;
    expect(kept).toEqual(was);
    expect(t.store.db.select().from(deals).all()).toHaveLength(1);

    expect((await submitDealModal(t.ctx, me, { ...form, goal: 'reducir los retrasos de obra en Valencia' })).ok).toBe(
      true,
    );
    expect(t.deal('Construcciones García S.L.')).toMatchObject({
      prospectGoal: 'reducir los retrasos de obra en Valencia',
      valueMinor: 123_456_789,
      currency: 'EUR',
      stage: 'proposal',
    });
  });

  it("another rep's deal, a damaged value or a deal that is gone opens nothing", async () => {
    const t = setup();
    await runDealCommand(t.ctx, rep('U1'), 'new "Nordlicht Logistik GmbH" goal "fewer picking errors"');
    const id = t.deal('Nordlicht Logistik GmbH').id;
    for (const [actor, value] of [
      [rep('U2'), String(id)],
      [rep('U1'), 'abc'],
      [rep('U1'), undefined],
      [rep('U1'), String(id + 100)],
      [{ ...rep('U1'), teamId: 'T2' }, String(id)],
    ] as const) {
      const result = await press(t.ctx, actor, value);
      expect(result.modal).toBeUndefined();
      expect(JSON.stringify(result.message)).toContain('not one of yours');
    }
  });

  it('the amount it fills in reads back as the same amount and currency', () => {
    const amounts: Array<[number, string]> = [
      [123_456_789, 'EUR'],
      [1_250_050, 'USD'],
      [500_000_000, 'JPY'],
      [99, 'GBP'],
      [4_200_000, 'CHF'],
      [1_000_000, 'SEK'],
      [7_550, 'INR'],
    ];
    for (const [minor, currency] of amounts) {
      const shown = formatMoney(minor, currency)!;
      expect(readAmount(shown, 'USD'), `${shown}`).toMatchObject({ ok: true, money: { minor, currency } });
    }
  });
});
