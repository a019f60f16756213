// Caps everywhere text enters: the forms refuse what /deal refuses (same table, src/domain/limits.ts),
// a CSV row with an over-long cell is rejected saying which, and no fact over its cap reaches the model.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLlmDrafter } from '../../src/coach/llm.js';
import { loadPrompts } from '../../src/coach/prompts.js';
import { deals, drafts } from '../../src/db/schema.js';
import { TEXT_LIMITS } from '../../src/domain/limits.js';
import { CALLBACK_IDS } from '../../src/slack/ids.js';
import { vpDeal } from '../coach/scenarios.js';
import {
  ackBody,
  eventually,
  seedAnsweredDeal,
  startTestApp,
  type PressButton,
  type TestApp,
} from '../support/app-harness.js';
import { runBin } from '../support/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { dailyJobs } from '../support/scheduler.js';
import { postedWith } from '../support/slack-interactions.js';
import { tempDatabase, testTempDir } from '../support/temp-db.js';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const over = (field: keyof typeof TEXT_LIMITS, word = 'Größenordnung ') =>
  word.repeat(Math.ceil((TEXT_LIMITS[field] + 2) / word.length)).trim();

describe('the forms take the same caps as /deal', () => {
  it('the deal form refuses an over-long company, contact, email and goal, naming both numbers, and stores nothing', async () => {
    t = await startTestApp();
    const view = { callback_id: CALLBACK_IDS.dealForm, private_metadata: '' };
    const company = over('company', 'Compañía Minera del Perú S.A.A. ');
    const goal = over('goal');
    const answer = await ackBody(
      await t.submit(view, {
        company,
        contact: over('contact'),
        email: `${'a'.repeat(250)}@b.de`,
        goal,
        value: '12.500 €',
      }),
    );
    expect(answer.response_action).toBe('errors');
    expect(answer.errors.company).toBe(`The company name is at most 200 characters; yours has ${company.length}.`);
    expect(answer.errors.goal).toBe(`The goal is at most 500 characters; yours has ${goal.length}.`);
    expect(Object.keys(answer.errors).sort()).toEqual(['company', 'contact', 'email', 'goal']);
    expect(t.store.db.select().from(deals).all()).toHaveLength(0);
    // At the cap it is taken.
    const fits = await t.submit(view, {
      company: 'Compañía Minera del Perú S.A.A.',
      goal: 'é'.repeat(TEXT_LIMITS.goal),
      value: '12.500 €',
    });
    expect(await ackBody(fits)).toBeNull();
    expect(t.store.db.select().from(deals).get()!.prospectGoal).toHaveLength(TEXT_LIMITS.goal);
  });

  it('the draft edit form refuses a subject over 200 and a body over 5,000; the discard form a reason over 500', async () => {
    t = await startTestApp({ start: '2026-11-02T15:00:00Z' });
    const tick = dailyJobs(t, '2026-11-02T15:00:00Z', { defaultZone: 'UTC' });
    await seedAnsweredDeal(
      t,
      {
        create: 'new "Kraków Software Sp. z o.o." value 30.000 EUR stage negotiation',
        reply: 'reply Kraków Software Sp. z o.o.',
        touch: 'email Kraków Software Sp. z o.o. sent the offer',
      },
      '2026-11-02T16:00:00Z',
    );
    await tick('2026-11-09T15:00:00Z');
    const draftId = t.store.db.select().from(drafts).get()!.id;
    const subject = over('subject');
    const body = over('body', 'Dzień dobry, ');
    const edit = await ackBody(
      await t.submit({ callback_id: CALLBACK_IDS.draftEdit, private_metadata: String(draftId) }, { subject, body }),
    );
    expect(edit.errors).toEqual({
      subject: `The subject is at most 200 characters; yours has ${subject.length}.`,
      body: `The email is at most 5,000 characters; yours has ${body.length.toLocaleString('en-US')}.`,
    });
    const reason = over('reason');
    const discard = await ackBody(
      await t.submit({ callback_id: CALLBACK_IDS.draftDiscard, private_metadata: String(draftId) }, { reason }),
    );
    expect(discard.errors).toEqual({ reason: `The reason is at most 500 characters; yours has ${reason.length}.` });
    expect(t.store.db.select().from(drafts).get()!).toMatchObject({
      status: 'pending',
      subject: expect.not.stringContaining('Größenordnung'),
    });
    // The forms tell Slack the same caps, so a rep meets them while typing.
    const { byLabel } = postedWith(t.fake, 'draft_approve');
    await t.press(
      { ...(byLabel.get('Edit')! as PressButton), text: { type: 'plain_text', text: 'Edit' } },
      { user: 'U1' },
    );
    const open = await eventually(() => t!.fake.callsTo('views.open')[0], 'the edit form');
    expect(JSON.stringify(open.body.view)).toContain(`"max_length":${TEXT_LIMITS.subject}`);
  });
});

describe('CSV cells take the same caps', () => {
  it('a row with an over-long goal or contact is rejected, saying which column and both numbers', async () => {
    const database = tempDatabase('dealcoach-caps-');
    const dir = testTempDir('dealcoach-csv-');
    const file = join(dir, 'pipeline.csv');
    const goal = over('goal');
    const contact = over('contact', 'María José ');
    writeFileSync(
      file,
      [
        'Company,Amount,Goal,Contact',
        `Nordisk Ståltråd AB,40000,"${goal}",Ingrid`,
        `Ferreira & Filhos Lda,9900,faster onboarding,"${contact}"`,
        'Çelik Yapı A.Ş.,25000,fewer site delays,Ayşe',
      ].join('\n'),
    );
    const result = await runBin(
      ['import', file, '--owner', 'U0MARTA', '--workspace', 'T1', '--skip-invalid', '--json'],
      {
        env: { DATABASE_URL: database.url },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain(`Goal: ${goal.length} characters, at most 500`);
    expect(output).toContain(`Contact: ${contact.length} characters, at most 200`);
    database.store.close();
    const { openStore } = await import('../../src/db/index.js');
    const reopened = openStore(database.url);
    expect(
      reopened.db
        .select()
        .from(deals)
        .all()
        .map((d) => d.company),
    ).toEqual(['Çelik Yapı A.Ş.']);
    reopened.close();
  });
});

describe('the model prompt', () => {
  let openai: FakeOpenAI;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
  });
  afterAll(() => openai.close());

  it('a 1 MB note (stored before the caps, or written straight to the database) never reaches the model', async () => {
    const megabyte = 'Die Einkaufsabteilung prüft noch. '.repeat(31_000);
    expect(megabyte.length).toBeGreaterThan(1_000_000);
    const facts = vpDeal({ notes: [megabyte], prospectGoal: megabyte, company: `Zürcher Kantonalbank ${megabyte}` });
    const drafter = createLlmDrafter(
      { apiKey: 'sk-test', baseURL: openai.baseURL, model: 'gpt-test', timeoutMs: 2_000, maxRetries: 0 },
      { prompts: loadPrompts(), logger: { info() {}, warn() {}, error() {} } },
    );
    await drafter.draft(facts, 'checkin').catch(() => undefined);
    expect(openai.requests.length).toBeGreaterThan(0);
    for (const request of openai.requests) {
      const sent = JSON.stringify(request.body);
      expect(sent.length).toBeLessThan(40_000);
      expect(sent).not.toContain('Die Einkaufsabteilung prüft noch. '.repeat(100));
    }
  });
});
