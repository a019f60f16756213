// docs/episode.txt replayed, with what it leaves in the database (transcripts.test.ts compares its output).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { consoleExtensions } from '../../src/console/extensions.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/index.js';
import { deals, drafts, silenceEpisodes } from '../../src/db/schema.js';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { runConsoleScript } from '../support/cli.js';

it('replays docs/episode.txt: silence, the cadence, accountability, the goodbye, and back', async () => {
  const script = readFileSync(new URL('../../docs/episode.txt', import.meta.url), 'utf8');
  const store = openStore(':memory:');
  const { out } = await runConsoleScript({
    store,
    start: '2026-11-22T00:00:00Z',
    teamId: 'TLOCAL',
    userId: 'ULOCALREP',
    lines: script.split('\n'),
    extra: { drafter: createOfflineDrafter(), extensions: consoleExtensions(loadConfig({})) },
  });
  // Each step on its business day, nothing on the weekend of Nov 7-8.
  expect(out).toMatch(/Step 1 of 5: Call and leave a message[\s\S]*scan Thu, Nov 5 09:00/);
  expect(out).toMatch(/Step 2 of 5: Call, no message[\s\S]*scan Fri, Nov 6 09:00/);
  expect(out).not.toMatch(/scan (Sat, Nov 7|Sun, Nov 8) /);
  expect(out).toMatch(/Accountability email for Acme[\s\S]*take the proposal to the VP of Sales[\s\S]*what happened\?/);
  expect(out).toContain('Approved: Accountability email for Acme');
  expect(out).toContain('Approved: Goodbye-for-now message for Acme');
  expect(out).toContain('You said goodbye to Acme');
  expect(out).toContain('Kept fired: nothing was logged');
  expect(out).toContain('ROI email for Acme');
  expect(out).toContain('came back Thu, Nov 26 (Objection: ROI)');
  // One fact, one number: the nudge, the goodbye card's "why now" and the goodbye itself count the same touches.
  expect(out).toContain('You reached out 5 times since their last reply without an answer');
  expect(out).toContain('you reached out 5 times since their last reply without an answer: a polite, firm goodbye');
  expect(out).toContain("I've tried to reach you five times since we last spoke");
  // The timeline shows days as people read them.
  expect(out).toContain('they committed: “take the proposal to the VP of Sales” by Wed, Nov 4');
  expect(out).not.toMatch(/Timeline[\s\S]*\d{4}-\d{2}-\d{2}/);
  const [deal] = store.db.select().from(deals).all();
  expect(deal).toMatchObject({ state: 'active', forecastBeforeFire: 'pipeline' });
  const [episode] = store.db.select().from(silenceEpisodes).all();
  expect(episode).toMatchObject({ outcome: 'fired', revivalReason: 'objection_roi', stepsDone: 4 });
  expect(episode!.accountabilityAt).not.toBeNull();
  expect(
    store.db
      .select()
      .from(drafts)
      .all()
      .map((d) => [d.kind, d.status]),
  ).toEqual([
    ['accountability', 'approved'],
    ['fire', 'approved'],
    ['roi', 'pending'],
  ]);
  store.close();
});
