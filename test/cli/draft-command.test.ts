// `dealcoach draft` and `check-tone` as a user runs them, against a real database file and a local
// fake OpenAI-compatible server configured through the environment only.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { runBin, runConsoleScript } from '../support/cli.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { fileTempDir } from '../support/temp-db.js';

const dir = fileTempDir('dealcoach-draft-');
const dbPath = join(dir, 'draft.db');

const run = (args: string[], env: Record<string, string> = {}, input = '') =>
  runBin(args, { cwd: dir, env: { DATABASE_URL: `file:${dbPath}`, ...env }, input });

let fake: FakeOpenAI;

beforeAll(async () => {
  // Seed the deal by driving the console, as a user would.
  const store = openStore(`file:${dbPath}`);
  await runConsoleScript({
    store,
    start: '2026-11-16T10:00:00Z',
    defaultZone: 'America/New_York',
    lines: [
      '/deal new Acme value 50k stage proposal contact "Bob Lee" goal "improving retention"',
      '/deal commit Acme "present the proposal to the VP of Sales" by Friday',
    ],
  });
  store.close();
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
});

describe('dealcoach draft', () => {
  it('drafts an accountability message offline that names the commitment and asks what happened', async () => {
    const result = await run([
      'draft',
      'Acme',
      '--kind',
      'accountability',
      '--offline',
      '--json',
      '--at',
      '2026-11-24T15:00:00Z',
    ]);
    expect(result.code).toBe(0);
    const draft = JSON.parse(result.stdout);
    expect(Object.keys(draft).sort()).toEqual([
      'body',
      'kind',
      'promptVersion',
      'source',
      'subject',
      'tone',
      'voicemail',
    ]);
    expect(draft).toMatchObject({ kind: 'accountability', source: 'offline', tone: { ok: true, problems: [] } });
    expect(draft.body).toContain('present the proposal to the VP of Sales');
    expect(draft.body).toMatch(/what happened\?/i);
  });

  it('drafts a short, firm, courteous goodbye offline', async () => {
    const draft = JSON.parse((await run(['draft', 'acme', '--kind', 'fire', '--offline', '--json'])).stdout);
    expect(draft.tone.ok).toBe(true);
    expect(draft.body.split(/\s+/).length).toBeLessThan(120);
    expect(draft.body).toMatch(/improving retention/i);
  });

  it('uses the model at OPENAI_BASE_URL, and falls back offline (saying so) when it fails', async () => {
    const env = { OPENAI_API_KEY: 'sk-test-not-real', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model' };
    fake.reply({
      kind: 'draft',
      draft: {
        subject: 'Where do things stand?',
        body: 'Hi Bob,\n\nYou told me you would present the proposal to the VP of Sales by Friday, and since then it has gone quiet. What happened? If something changed on your side, a short reply telling me where things stand is all I need, and we can decide together what makes sense next for Acme.\n\nThanks',
        voicemail: null,
      },
    });
    const fromModel = JSON.parse((await run(['draft', 'Acme', '--kind', 'accountability', '--json'], env)).stdout);
    expect(fromModel.source).toBe('fake-model');
    expect(fromModel.subject).toBe('Where do things stand?');
    expect(fake.requests.at(-1)!.body.model).toBe('fake-model');

    fake.reply(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    );
    const fallback = await run(['draft', 'Acme', '--kind', 'accountability', '--json'], env);
    const draft = JSON.parse(fallback.stdout);
    expect(draft.source).toBe('offline');
    expect(draft.body).toContain('present the proposal to the VP of Sales');
    expect(fallback.stderr).not.toContain('sk-test-not-real');
  });

  it('explains a bad kind or an unknown deal', async () => {
    const badKind = await run(['draft', 'Acme', '--kind', 'poem']);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('accountability | check-in | goodbye | next-step | roi');
    const unknown = await run(['draft', 'Globex', '--kind', 'fire']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No deal "Globex"');
  });
});

describe('dealcoach check-tone', () => {
  it('flags a bad text with exit 1 and passes a good one', async () => {
    const bad = await run(
      ['check-tone', '--kind', 'checkin', '--json'],
      {},
      "As per my last email, I guess you're NOT INTERESTED!!! [Name]",
    );
    expect(bad.code).toBe(1);
    const rules = JSON.parse(bad.stdout).problems.map((p: { rule: string }) => p.rule);
    expect(rules).toEqual(expect.arrayContaining(['antagonism', 'shouting', 'exclamation', 'placeholder']));
    const good = await run(
      ['check-tone', '--kind', 'checkin', '--json'],
      {},
      'Hi Bob,\n\nIt has been a few weeks since we spoke about the proposal. Is this still something you want to pursue this quarter, or should I check back later?\n\nThanks',
    );
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({ ok: true, problems: [] });
  });

  it("with --deal, reads the deal's history and flags amounts, dates and names it does not hold", async () => {
    const text =
      'Hi Bob,\n\nYou told me you would present the proposal to the VP of Sales by Friday. Since then it has ' +
      'gone quiet, so I would like to ask plainly: what happened? A one-line reply is plenty, even a no.\n\nThanks';
    const known = await run(['check-tone', '--kind', 'accountability', '--deal', 'acme', '--json'], {}, text);
    expect(JSON.parse(known.stdout)).toEqual({ ok: true, problems: [] });
    expect(known.code).toBe(0);
    const invented = text.replace('Hi Bob', 'Hi Margarethe').replace('by Friday', 'by Tuesday, March 3, for $95,000');
    const flagged = await run(['check-tone', '--kind', 'accountability', '--deal', 'Acme', '--json'], {}, invented);
    expect(flagged.code).toBe(1);
    const rules = JSON.parse(flagged.stdout).problems.map((p: { rule: string }) => p.rule);
    expect(rules).toEqual(expect.arrayContaining(['unknown-name', 'unknown-date', 'unknown-amount']));
    // Without --deal the same text passes: only the deal's history can tell the facts are invented.
    expect((await run(['check-tone', '--kind', 'accountability'], {}, invented)).code).toBe(0);
    const unknown = await run(['check-tone', '--kind', 'fire', '--deal', 'Globex'], {}, text);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No deal "Globex"');
  });
});
