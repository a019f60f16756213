// Every request is acked within Slack's 3 s, whatever holds the database or however slow Slack's own
// API is, and no rep is told something false: the real Bolt app over signed HTTP, a file database, and
// another process holding SQLite's write lock, or users.info failing then hanging.
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { ACK_BUDGET_MS } from '../../src/slack/budget.js';
import { activities, commitments, deals, users } from '../../src/db/schema.js';
import { ackBody, eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { holdWriteLock } from '../support/lock-holder.js';
import { buttonsIn } from '../support/slack-interactions.js';
import { tempDatabase } from '../support/temp-db.js';

/** The bot's own budget, as `dealcoach start` runs it. */
const BOT_BUDGET = { ackBudgetMs: ACK_BUDGET_MS };

/** A request, and how long its ack took. */
async function timed(request: Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = performance.now();
  const response = await request;
  return { response, ms: performance.now() - started };
}

const allText = (t: TestApp) => [
  ...t.fake.responses.map((r) => JSON.stringify(r)),
  ...t.fake.callsTo('chat.postMessage').map((c) => JSON.stringify(c.body)),
];

describe('acks while another process holds the write lock', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('a write, a read, a button and a form are all acked within the budget, then finished honestly', async () => {
    const database = tempDatabase('dealcoach-lock-');
    const app = await startTestApp({ store: openStore(database.url), build: BOT_BUDGET });
    t = app;
    app.fake.users.set('U1', { tz: 'Europe/Berlin', real_name: 'Ingrid Sæther' });
    app.fake.users.set('U2', { tz: 'America/Sao_Paulo', real_name: 'João Conceição' });
    await app.slash('new Nordlicht Logistik GmbH contact "Dr. Karl-Heinz Müller" value 45.000 EUR stage proposal');
    await app.slash('commit Nordlicht "present the pilot plan to the board" by next tuesday');
    const status = await ackBody(await app.slash('status Nordlicht'));
    const kept = buttonsIn(status.blocks).find((b) => b.action_id === 'promise_kept')!;
    expect(kept).toBeDefined();
    await ackBody(await app.slash('list', { user: 'U2' }));

    const lock = await holdWriteLock(database.path);
    try {
      const health = await timed(fetch(`${app.baseUrl}/healthz`));
      expect(await health.response.json()).toMatchObject({ ok: true, database: 'busy' });
      expect(health.ms).toBeLessThan(500);

      const call = await timed(app.slash('call Nordlicht left message asked about the pilot'));
      expect(call.response.status).toBe(200);
      expect(call.ms).toBeLessThan(3000);
      const working = await ackBody(call.response);
      expect(working.text).toContain('Working on it');
      expect(working.text).not.toMatch(/nothing was changed|Logged/i);

      // A read needs no lock: answered in the ack, in full.
      const list = await timed(app.slash('list'));
      expect(list.ms).toBeLessThan(1500);
      expect((await ackBody(list.response)).text).toContain('Nordlicht Logistik GmbH');

      const press = await timed(app.press(kept).then((p) => p.response));
      expect(press.response.status).toBe(200);
      expect(press.ms).toBeLessThan(1500);

      const form = await timed(
        app.submit(
          { callback_id: 'deal_modal' },
          { company: 'Øresund Logistik ApS', value: '12.500,00 DKK', contact: 'Søren Kierkegaard', email: null },
          { stage: 'demo' },
        ),
      );
      expect(form.response.status).toBe(200);
      expect(form.ms).toBeLessThan(3000);

      // Nothing of it could be written while the other process holds the lock.
      expect(app.store.db.select().from(activities).where(eq(activities.direction, 'out')).all()).toHaveLength(0);
    } finally {
      await lock.release();
    }

    const logged = await eventually(
      () => app.fake.responses.find((r) => /Logged call, left a message/.test(r.text ?? '')),
      'the call, confirmed once the lock was free',
      400,
    );
    expect(logged.response_type).toBe('ephemeral');
    await eventually(() => app.fake.responses.find((r) => /Promise kept/.test(r.text ?? '')), 'the press', 400);
    const dm = await eventually(
      () => app.fake.callsTo('chat.postMessage').find((c) => /Øresund Logistik ApS/.test(c.body.text ?? '')),
      'the form confirmation',
      400,
    );
    expect(dm.body.channel).toBe('U1');

    // Each change exactly once; nobody was told it failed.
    const calls = app.store.db.select().from(activities).where(eq(activities.direction, 'out')).all();
    expect(calls).toHaveLength(1);
    expect(app.store.db.select().from(commitments).get()!.status).toBe('kept');
    expect(app.store.db.select().from(deals).where(eq(deals.company, 'Øresund Logistik ApS')).all()).toHaveLength(1);
    for (const said of allText(app)) expect(said).not.toMatch(/Something went wrong|Not saved/);
  });

  it('a write that cannot get the lock in time says it was not saved, and nothing was', async () => {
    const database = tempDatabase('dealcoach-lock-');
    const app = await startTestApp({ store: openStore(database.url, { writeWaitMs: 1200 }), build: BOT_BUDGET });
    t = app;
    app.fake.users.set('U1', { tz: 'Asia/Tokyo', real_name: '山田 花子' });
    await app.slash('new 株式会社ヤマト運輸 value ¥4,500,000');
    const lock = await holdWriteLock(database.path);
    try {
      const call = await timed(app.slash('call 株式会社ヤマト運輸 no message'));
      expect(call.ms).toBeLessThan(3000);
      expect((await ackBody(call.response)).text).toContain('Working on it');
      const answer = await eventually(
        () => app.fake.responses.find((r) => /Not saved/.test(r.text ?? '')),
        'the honest answer',
        400,
      );
      expect(answer.text).toContain('the database stayed locked by another dealcoach process');
      expect(answer.text).toContain('try again');
    } finally {
      await lock.release();
    }
    expect(app.store.db.select().from(activities).where(eq(activities.direction, 'out')).all()).toHaveLength(0);
  });
});

describe('acks while Slack is slow to say who a user is', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it("a new rep's first /deal opens the form at once though users.info fails, then hangs", async () => {
    const app = await startTestApp({ defaultZone: 'Europe/Madrid', build: BOT_BUDGET });
    t = app;
    app.fake.users.set('U0NEW', { tz: 'America/Mexico_City', real_name: 'María José Fernández' });
    app.fake.fail('users.info', { status: 500, body: { ok: false, error: 'internal_error' } });
    app.fake.fail('users.info', { hang: true }, 20);
    const bare = await timed(app.slash('', { user: 'U0NEW', triggerId: '4242.1.form' }));
    expect(bare.response.status).toBe(200);
    expect(bare.ms).toBeLessThan(1500);
    const open = await eventually(() => app.fake.callsTo('views.open')[0], 'the form');
    expect(open.body.trigger_id).toBe('4242.1.form');

    // The submission is acked at once (no users.info before it) and confirmed in a DM.
    const submitted = await timed(
      app.interact({
        ...formPayload('U0NEW', { company: 'Cervecería Cuauhtémoc Moctezuma, S.A. de C.V.', value: 'MXN 250,000' }),
      }),
    );
    expect(submitted.response.status).toBe(200);
    expect(submitted.ms).toBeLessThan(1500);
    const dm = await eventually(
      () => app.fake.callsTo('chat.postMessage').find((c) => /Cuauhtémoc/.test(c.body.text ?? '')),
      'the confirmation DM',
    );
    expect(dm.body.channel).toBe('U0NEW');
    // Slack was asked twice at most: after the failure, requests go on without asking again.
    expect(app.fake.callsTo('users.info').length).toBeLessThanOrEqual(2);
    const user = app.store.db
      .select()
      .from(users)
      .where(and(eq(users.teamId, 'T1'), eq(users.slackId, 'U0NEW')))
      .get()!;
    expect(user).toMatchObject({ timezone: 'Europe/Madrid', timezoneSource: 'default', isAdmin: null });
  });

  it('a first command while users.info hangs is answered within the budget, in the workspace zone', async () => {
    const app = await startTestApp({ defaultZone: 'Europe/Lisbon', build: BOT_BUDGET });
    t = app;
    app.fake.fail('users.info', { hang: true }, 5);
    const first = await timed(app.slash('new Sonae Indústria, SGPS, S.A. value 80.000 EUR', { user: 'U0SLOW' }));
    expect(first.ms).toBeLessThan(3000);
    const body = await ackBody(first.response);
    expect(body.text).toContain('Sonae Indústria, SGPS, S.A.');
    expect(app.store.db.select().from(deals).all()).toHaveLength(1);
  });
});

describe('retired or unknown ids', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('a button, a form, a shortcut and an options request from nowhere are acked at once, politely', async () => {
    const app = await startTestApp();
    t = app;
    app.fake.users.set('U1', { tz: 'Europe/Warsaw', real_name: 'Zofia Wójcik' });
    await app.slash('new Kraków Żegluga S.A. value 90k');
    const before = app.store.db.select().from(activities).all().length;

    const button = await timed(
      app.press({ action_id: 'nudge_call_done_v1', value: '1', block_id: 'old' }).then((p) => p.response),
    );
    expect(button.response.status).toBe(200);
    expect(button.ms).toBeLessThan(1000);
    const said = await eventually(() => app.fake.responses.find((r) => /older version/.test(r.text ?? '')), 'answer');
    expect(said.response_type).toBe('ephemeral');
    expect(said.replace_original).toBe(false);

    const form = await timed(app.submit({ callback_id: 'deal_modal_v0' }, { company: 'Gdańsk Porty' }));
    expect(form.response.status).toBe(200);
    expect(form.ms).toBeLessThan(1000);
    await eventually(
      () => app.fake.callsTo('chat.postMessage').find((c) => /That form is from an older version/.test(c.body.text)),
      'the DM about the form',
    );

    const shortcut = await timed(
      app.interact({
        type: 'shortcut',
        callback_id: 'log_a_call',
        trigger_id: '9.9.9',
        team: { id: 'T1' },
        user: { id: 'U1', team_id: 'T1' },
      }),
    );
    expect(shortcut.response.status).toBe(200);
    expect(shortcut.ms).toBeLessThan(1000);

    const suggestion = await timed(
      app.interact({
        type: 'block_suggestion',
        action_id: 'company_picker',
        block_id: 'b',
        value: 'Kra',
        team: { id: 'T1' },
        user: { id: 'U1', team_id: 'T1' },
      }),
    );
    expect(suggestion.response.status).toBe(200);
    expect(await ackBody(suggestion.response)).toEqual({ options: [] });
    expect(app.store.db.select().from(activities).all()).toHaveLength(before);
    expect(app.store.db.select().from(deals).all()).toHaveLength(1);
  });
});

/** A deal form submission by `user` with plain-text values. */
function formPayload(user: string, values: Record<string, string>) {
  const state = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, { input: { type: 'plain_text_input', value: v } }]),
  );
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: '12345.98765.abcd2358fdea',
    view: {
      id: 'VNEW',
      type: 'modal',
      callback_id: 'deal_modal',
      private_metadata: '',
      state: { values: state },
      hash: '156772938.1827394',
    },
  };
}
