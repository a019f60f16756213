// "Greet as" per contact and the rep's own company: set by /deal contact, the deal form and CSV; shown in
// status; used by every draft's greeting, sign-off and voicemail.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { draftOffline } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/db/index.js';
import { deals } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { exportRows } from '../../src/services/csv-export.js';
import { importCsv } from '../../src/services/csv-import.js';
import { runDealCommand, submitDealModal } from '../../src/services/deal-commands.js';
import { buildDraftFacts } from '../../src/services/draft-facts.js';
import { signingNameOf } from '../../src/slack/directory.js';
import { dealModal } from '../../src/slack/views/deal.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function setup(repCompany: string | null = 'Lumen Analytics, Inc.') {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = new ManualClock('2026-11-20T14:00:00Z');
  const ctx: AppContext = { store, clock, defaultZone: 'UTC', repCompany };
  upsertUser(
    store.db,
    'T1',
    'U1',
    { timezone: 'Europe/Berlin', timezoneSource: 'slack', name: 'Ana Souza' },
    clock.now(),
  );
  const actor: Actor = { teamId: 'T1', userId: 'U1', zone: 'Europe/Berlin', role: 'rep' };
  const run = async (text: string) => {
    const outcome = await runDealCommand(ctx, actor, text);
    if (outcome.type !== 'message') throw new Error('expected a message');
    return { text: outcome.message.text, blocks: JSON.stringify(outcome.message.blocks), changed: outcome.changed };
  };
  const deal = (company: string) =>
    store.db
      .select()
      .from(deals)
      .all()
      .find((d) => d.company === company)!;
  return { store, clock, ctx, actor, run, deal };
}

describe('/deal contact <deal> greet "..."', () => {
  it('sets how drafts greet the contact, shows it in status, and the draft greets with it', async () => {
    const t = setup();
    await t.run('new "Müller & Söhne Maschinenbau GmbH" contact "Herr Klaus Müller" goal "reduce scrap rates"');
    const set = await t.run('contact Müller greet "Dr. Müller"');
    expect(set.changed).toBe(true);
    expect(set.blocks).toContain('Greeting set');
    expect(set.blocks).toContain('Drafts will greet them as “Dr. Müller”');
    const deal = t.deal('Müller & Söhne Maschinenbau GmbH');
    expect(deal).toMatchObject({ greetAs: 'Dr. Müller', contactName: 'Herr Klaus Müller' });
    expect((await t.run('status Müller')).blocks).toContain('Greet as “Dr. Müller”');

    const facts = buildDraftFacts(t.store.db, deal, { now: t.clock.now(), repCompany: t.ctx.repCompany });
    expect(facts).toMatchObject({ greetAs: 'Dr. Müller', repName: 'Ana Souza', repCompany: 'Lumen Analytics, Inc.' });
    const draft = draftOffline({ ...facts, wantsVoicemail: true }, 'fire');
    expect(draft.body).toMatch(/^Hello Dr\. Müller,/);
    expect(draft.body).toMatch(/\nAna Souza\nLumen Analytics$/);
    expect(draft.voicemail).toContain('this is Ana Souza from Lumen Analytics.');
    expect(draft.tone.ok).toBe(true);
  });

  it('sets name, email and greeting in one line, and keeps the name when only the greeting changes', async () => {
    const t = setup();
    await t.run('new "Tanaka Seisakusho K.K."');
    await t.run('contact Tanaka "TANAKA Hiroshi" hiroshi@tanaka.example greet Tanaka-san');
    expect(t.deal('Tanaka Seisakusho K.K.')).toMatchObject({
      contactName: 'TANAKA Hiroshi',
      contactEmail: 'hiroshi@tanaka.example',
      greetAs: 'Tanaka-san',
    });
    await t.run('contact Tanaka greet "Hiroshi"');
    expect(t.deal('Tanaka Seisakusho K.K.')).toMatchObject({ contactName: 'TANAKA Hiroshi', greetAs: 'Hiroshi' });
  });

  it('refuses an empty or too long greeting and changes nothing', async () => {
    const t = setup();
    await t.run('new "Café Lumière SARL" contact "Camille Roux"');
    for (const text of ['contact Café greet', 'contact Café greet ""', 'contact Café greet "  …  "']) {
      const reply = await t.run(text);
      expect(reply.changed, text).toBe(false);
      expect(reply.blocks, text).toContain('Say how drafts should greet them');
    }
    const long = await t.run(`contact Café greet "${'Madame '.repeat(40)}"`);
    expect(long.changed).toBe(false);
    expect(long.blocks).toContain('How to greet them is at most 200 characters; yours has 279.');
    expect(t.deal('Café Lumière SARL').greetAs).toBeNull();
  });
});

describe('the deal form', () => {
  it('has a "Greet them as" field, capped, and saves it on create and update', async () => {
    const t = setup();
    const form = JSON.stringify(dealModal({ greetAs: 'Sr. García' }));
    expect(form).toContain('Greet them as');
    expect(form).toContain('Sr. García');
    expect(
      (await submitDealModal(t.ctx, t.actor, { company: 'Construcciones García S.L.', greet: 'Sr. García' })).ok,
    ).toBe(true);
    expect(t.deal('Construcciones García S.L.').greetAs).toBe('Sr. García');
    expect((await submitDealModal(t.ctx, t.actor, { company: 'Construcciones García S.L.', greet: 'Javier' })).ok).toBe(
      true,
    );
    expect(t.deal('Construcciones García S.L.').greetAs).toBe('Javier');
    const tooLong = await submitDealModal(t.ctx, t.actor, {
      company: 'Construcciones García S.L.',
      greet: 'x'.repeat(201),
    });
    expect(tooLong).toEqual({ ok: false, errors: { greet: expect.stringContaining('at most 200 characters') } });
  });
});

describe('CSV', () => {
  it('imports a greet_as column and exports it under the same header', async () => {
    const t = setup();
    const csv =
      'company,owner_id,contact_name,greet_as\n' +
      'Müller & Söhne GmbH,U1,Herr Klaus Müller,Herr Müller\n' +
      '"Nordlicht Energie AG",U1,Anna Nagy,\n';
    const report = await importCsv(t.store, Readable.from([csv]), {
      teamId: 'T1',
      now: t.clock.now(),
      source: 'x.csv',
    });
    expect(report.imported).toBe(2);
    expect(t.deal('Müller & Söhne GmbH').greetAs).toBe('Herr Müller');
    expect(t.deal('Nordlicht Energie AG').greetAs).toBeNull();
    const exported = [...exportRows(t.store)];
    expect(exported.find((d) => d.company === 'Müller & Söhne GmbH')).toMatchObject({ greet_as: 'Herr Müller' });
    // A later file changes it.
    await importCsv(t.store, Readable.from(['company,owner_id,greet_as\nMüller & Söhne GmbH,U1,Klaus\n']), {
      teamId: 'T1',
      now: t.clock.now(),
    });
    expect(t.deal('Müller & Söhne GmbH').greetAs).toBe('Klaus');
  });
});

describe("the rep's own name and company", () => {
  it('DEALCOACH_COMPANY_NAME is optional, trimmed, and capped with a message that names it', () => {
    expect(loadConfig({}).DEALCOACH_COMPANY_NAME).toBeUndefined();
    expect(loadConfig({ DEALCOACH_COMPANY_NAME: '  ' }).DEALCOACH_COMPANY_NAME).toBeUndefined();
    expect(loadConfig({ DEALCOACH_COMPANY_NAME: ' Lumen Analytics ' }).DEALCOACH_COMPANY_NAME).toBe('Lumen Analytics');
    expect(() => loadConfig({ DEALCOACH_COMPANY_NAME: 'x'.repeat(201) })).toThrow(/DEALCOACH_COMPANY_NAME/);
  });

  it("signs with Slack's real name, else the display name, never the handle", () => {
    // Shaped on users.info's documented example.
    const egon = { name: 'spengler', real_name: 'Egon Spengler', profile: { real_name: 'Egon Spengler' } };
    expect(signingNameOf(egon)).toBe('Egon Spengler');
    expect(signingNameOf({ name: 'ana.s', profile: { real_name: '', display_name: 'Ana Souza' } })).toBe('Ana Souza');
    expect(signingNameOf({ name: 'jb', real_name: ' ', profile: { display_name: '🌴' } })).toBeNull();
  });

  it('without a rep name or company the wording stays natural', async () => {
    const t = setup(null);
    upsertUser(t.store.db, 'T1', 'U2', { timezone: 'UTC', timezoneSource: 'slack' }, t.clock.now());
    await runDealCommand(t.ctx, { teamId: 'T1', userId: 'U2', zone: 'UTC', role: 'rep' }, 'new "Oy Pohjola Ab"');
    const deal = t.deal('Oy Pohjola Ab');
    const facts = buildDraftFacts(t.store.db, deal, { now: t.clock.now(), repCompany: t.ctx.repCompany });
    expect(facts).toMatchObject({ repName: null, repCompany: null });
    const draft = draftOffline({ ...facts, wantsVoicemail: true }, 'checkin');
    expect(draft.body).not.toMatch(/null|undefined| from \.|\n$/);
    expect(draft.voicemail).not.toMatch(/ from |null/);
    expect(draft.tone.ok).toBe(true);
  });
});
