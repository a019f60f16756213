// What the rep sees when a goal or promise is captured: how the draft will read, and likely typos as a hint.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capturePreview, commitmentPreview, goalPreview } from '../../src/coach/preview.js';
import { likelyTypos, warmSpeller } from '../../src/coach/spelling-client.js';
import { loadSpeller, typoHint } from '../../src/coach/spelling.js';
import { openStore, type Store } from '../../src/db/index.js';
import { deals } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Actor, AppContext } from '../../src/services/context.js';
import { runDealCommand } from '../../src/services/deal-commands.js';

const words = (typos: Array<{ word: string; suggestion: string }>) => typos.map((t) => `${t.word}>${t.suggestion}`);

// The spelling worker builds its dictionary once; a cold build may take longer than the hint's budget.
beforeAll(() => warmSpeller(), 20_000);

describe('likelyTypos (nspell + dictionary-en, in the spelling worker)', () => {
  it('loads the English dictionary from the npm packages, in ESM', async () => {
    const spell = await loadSpeller();
    expect(spell?.correct('quarterly')).toBe(true);
    expect(spell?.correct('quaterly')).toBe(false);
  });

  it('flags misspelt words with the nearest guess, the commonest slips first', async () => {
    expect(words(await likelyTypos('send the quaterly reportt to thier CFO'))).toEqual([
      'quaterly>quarterly',
      'reportt>report',
      'thier>their',
    ]);
    expect(words(await likelyTypos('teh buget for nxt year'))).toEqual(['teh>the', 'buget>budget', 'nxt>next']);
    // At most three, each once.
    expect(await likelyTypos('recieve recieve the contarct, teh buget and the anual plan')).toHaveLength(3);
  });

  it('leaves names, products, codes, shorthand, business words and other languages alone', async () => {
    const clean = [
      "I'll get u the budget numbers by friday!!",
      'Improve onboarding for Zendesk users in Q3',
      'integrate with SAP S/4HANA and Salesforce CPQ',
      'get the MSA redlined by legal before the QBR',
      'roll out v2 to 1.200 Nutzer 🚀',
      'Intégrer le CRM avant la fin du trimestre',
      'Einführung des neuen Systems bis März',
      'mejorar la retención de clientes',
      "don't want to lose momentum on the pilot",
    ];
    for (const text of clean) expect(await likelyTypos(text), text).toEqual([]);
    // The deal's own names, typed in lower case, are not typos either.
    expect(await likelyTypos('roll out kuehne logistik to every depot', ['Kuehne Logistik GmbH'])).toEqual([]);
  });

  it('says it as a hint, never as a change', () => {
    expect(typoHint([])).toBeNull();
    expect(typoHint([{ word: 'quaterly', suggestion: 'quarterly' }])).toBe(
      'Possible typo: “quaterly” (quarterly?). It is kept as you typed it.',
    );
  });
});

describe('previews', () => {
  const deal = { company: 'Acme Logistics, Inc.', contactName: 'Dana Whitfield' };

  it("shows the goodbye's sentence with the goal in the form its slot needs and the short company name", () => {
    expect(goalPreview(deal, 'Reduce hiring costs!!')).toBe(
      'Your goodbye will say: “Reducing hiring costs is still within reach for Acme Logistics, but the next step is ' +
        'yours.”',
    );
    expect(goalPreview({ company: 'Café Lumière SARL', contactName: null }, 'Remplir la terrasse le soir')).toBe(
      'Your goodbye will say: “I still believe we can help with what you described: "Remplir la terrasse le soir".”',
    );
    expect(goalPreview(deal, '!!')).toBeNull();
  });

  it('shows the promise said back to them, with the due date when it does not say when', () => {
    expect(commitmentPreview(deal, "I'll get u the budget numbers by friday!!", 'Friday, November 20')).toBe(
      "If the date passes, your accountability email will say: “You said you'd get me the budget numbers by Friday.”",
    );
    expect(commitmentPreview(deal, 'they will take it to their board', 'Tuesday, December 1')).toBe(
      "If the date passes, your accountability email will say: “You said you'd take it to your board by Tuesday, " +
        'December 1.”',
    );
  });

  it('adds the typo hint under the preview', async () => {
    expect(await capturePreview(deal, { commitment: 'send the quaterly reportt', dueText: 'Friday' })).toEqual([
      "If the date passes, your accountability email will say: “You said you'd send the quaterly reportt by Friday.”",
      'Possible typos: “quaterly” (quarterly?), “reportt” (report?). It is kept as you typed it.',
    ]);
  });
});

describe('/deal goal and /deal commit', () => {
  const stores: Store[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.close()));

  it('answer with the preview and the hint, and save the text as typed', async () => {
    const store = openStore(':memory:');
    stores.push(store);
    const clock = new ManualClock('2026-11-16T14:00:00Z');
    const ctx: AppContext = { store, clock, defaultZone: 'UTC' };
    upsertUser(store.db, 'T1', 'U1', { timezone: 'Europe/Madrid', timezoneSource: 'slack' }, clock.now());
    const actor: Actor = { teamId: 'T1', userId: 'U1', zone: 'Europe/Madrid', role: 'rep' };
    const run = async (text: string) => {
      const outcome = await runDealCommand(ctx, actor, text);
      if (outcome.type !== 'message') throw new Error('expected a message');
      return JSON.stringify(outcome.message.blocks);
    };
    const created = await run('new "Construcciones García S.L." goal "cut the anual audit costs"');
    expect(created).toContain('Cutting the anual audit costs is still within reach for Construcciones García');
    expect(created).toContain('Possible typo: “anual” (annual?)');
    const goal = await run('goal Construcciones Reduce hiring costs');
    expect(goal).toContain('Your goodbye will say: “Reducing hiring costs is still within reach');
    expect(goal).not.toContain('Possible typo');
    const commit = await run('commit Construcciones "I\'ll get u the quaterly numbers" by friday');
    expect(commit).toContain("You said you'd get me the quaterly numbers by Fri, Nov 20.");
    expect(commit).toContain('“quaterly” (quarterly?)');
    const [row] = store.db.select().from(deals).all();
    expect(row!.prospectGoal).toBe('Reduce hiring costs');
  });
});
