// Invisible characters through the real app over signed HTTP: NUL and other controls, zero-width spaces and
// bidi overrides typed (or pasted) into a command or a form are not stored and never shown; the joiners that
// emoji and Persian need are kept, so a name reads and renders as the rep typed it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deals } from '../../src/db/schema.js';
import { CALLBACK_IDS } from '../../src/slack/ids.js';
import { ackBody, eventually, startTestApp, type TestApp } from '../support/app-harness.js';

/** Every character that would make a name read or render otherwise than it is stored. */
const INVISIBLE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u200B\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ start: '2026-11-02T14:00:00Z' });
  t.fake.users.set('U1', { tz: 'Asia/Tehran', real_name: 'Shirin Rahimi' });
});
afterEach(() => t.stop());

const company = (id: number) =>
  t.store.db
    .select()
    .from(deals)
    .all()
    .find((d) => d.id === id)?.company;
const everythingSent = () => JSON.stringify([...t.fake.calls.map((c) => c.body), ...t.fake.responses]);

describe('invisible characters from Slack', () => {
  it('a /deal line: controls, zero-width spaces and bidi overrides are dropped; emoji and Persian joiners stay', async () => {
    // "Invoice\u202Efdp.exe" renders as "Invoiceexe.pdf"; the NUL, ESC and zero-width characters are pasted junk.
    const first = await t.slash(
      'new "Tavan\u0000 Invoice\u202Efdp.exe\u202C Ltd\u200B\u2066" value 12,500 EUR contact "Ali\u001B[0m\uFEFF Karimi"',
    );
    expect(first.status).toBe(200);
    await eventually(() => t.store.db.select().from(deals).get(), 'the first deal');
    await t.slash('new 👩\u200D💻 می\u200Cخواهم Studio value 4,000,000 IRR');
    await eventually(() => t.store.db.select().from(deals).all().length === 2, 'the second deal');
    const [tavan, studio] = t.store.db.select().from(deals).all();
    expect(tavan!.company).toBe('Tavan Invoicefdp.exe Ltd');
    expect(tavan!.contactName).toBe('Ali[0m Karimi');
    expect(studio!.company).toBe('👩\u200D💻 می\u200Cخواهم Studio');

    // The deal is found by what the rep reads, and nothing shown carries an invisible character.
    const status = await ackBody(await t.slash('status Tavan Invoicefdp'));
    expect(JSON.stringify(status)).toContain('Tavan Invoicefdp.exe Ltd');
    await ackBody(await t.slash('list'));
    expect(everythingSent()).not.toMatch(INVISIBLE);
    expect(JSON.stringify(status)).not.toMatch(INVISIBLE);
  });

  it('a form: the same characters are dropped from every field before anything is saved', async () => {
    await ackBody(await t.slash('list')); // U1's first command: their row and zone
    const response = await t.submit(
      { callback_id: CALLBACK_IDS.dealForm },
      {
        company: '\u202EHooli\u202C Vertrieb\u0000 GmbH\u2069',
        contact: 'Jürgen\u200B Müller\u0085',
        email: 'juergen@hooli.de\uFEFF',
        greet: 'Herr\u00A0Müller\u2060',
        value: '45.000\u200B EUR',
        goal: 'Leerfahrten\u202D um ein Fünftel senken\u0007',
      },
      { stage: 'proposal', forecast: 'commit' },
    );
    expect(response.status).toBe(200);
    expect(await ackBody(response)).toBeNull(); // accepted: no field errors
    const saved = await eventually(() => t.store.db.select().from(deals).get(), 'the deal from the form');
    expect(saved).toMatchObject({
      company: 'Hooli Vertrieb GmbH',
      contactName: 'Jürgen Müller',
      contactEmail: 'juergen@hooli.de',
      greetAs: 'Herr Müller', // a one-line field: the no-break space is a space
      valueMinor: 4_500_000,
      currency: 'EUR',
      prospectGoal: 'Leerfahrten um ein Fünftel senken',
    });
    expect(company(saved.id)).not.toMatch(INVISIBLE);
    // The confirmation DM and the App Home went out after the ack.
    await eventually(
      () => t.fake.callsTo('chat.postMessage').length >= 1 && t.fake.callsTo('views.publish').length >= 1,
      'the DM and App Home after the form',
    );
    expect(everythingSent()).not.toMatch(INVISIBLE);
  });
});
