// The console's simulated clock is kept with the database, and commands typed at the same simulated
// time keep their order (the scan reads reply/touch/promise order from the times they were recorded at).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { consoleExtensions } from '../../src/console/extensions.js';
import { openStore } from '../../src/db/index.js';
import { activities, deals } from '../../src/db/schema.js';
import { runBinSync, runConsoleScript } from '../support/cli.js';
import { testTempDir } from '../support/temp-db.js';

/** A monday afternoon; a second run's "now" is a week before, as when the simulated clock ran ahead. */
const MONDAY = '2026-11-23T14:00:00Z';
const WALL_CLOCK_BEHIND = '2026-11-16T08:00:00Z';

async function run(dbPath: string, lines: string[], options: { start?: string; at?: string } = {}) {
  const store = openStore(`file:${dbPath}`);
  try {
    const { out, err } = await runConsoleScript({
      store,
      lines,
      start: options.start ?? MONDAY,
      teamId: 'TLOCAL',
      userId: 'ULOCALREP',
      extra: {
        at: options.at ? new Date(options.at) : undefined,
        drafter: createOfflineDrafter(),
        extensions: consoleExtensions(loadConfig({})),
      },
    });
    const rows = store.db.select().from(deals).all();
    const events = store.db.select().from(activities).all();
    return { out: out + err, deals: rows, activities: events };
  } finally {
    store.close();
  }
}

const freshDb = () => join(testTempDir('dealcoach-console-clock-'), 'console.db');
const digestsIn = (out: string) => out.match(/== Stuck deals: /g)?.length ?? 0;

describe('the console clock across runs', () => {
  it('continues where the last run stopped: no negative day counts, no digest posted again', async () => {
    const db = freshDb();
    const first = await run(db, [
      ':as ULOCALREP manager',
      '/deal team channel #ventes-europe',
      '/deal team schedule daily 09:00',
      '/deal new Société Générale Assurances value 12.500,00 EUR stage proposal',
      '/deal reply Société they want a pilot in Lyon',
      ':advance 3d',
      ':quit',
    ]);
    // Mon 14:15 (the new schedule's first slot), Tue, Wed and Thu at 09:00.
    expect(digestsIn(first.out)).toBe(4);

    const second = await run(db, ['/deal status Société', ':now', ':advance 1d'], { start: WALL_CLOCK_BEHIND });
    expect(second.out).toContain('Clock continues at Thu, Nov 26 14:00, where the last run stopped.');
    expect(second.out).toContain('3 days since they last replied');
    expect(second.out).not.toMatch(/-\d+ days?/);
    expect(second.out).toContain('It is Thu, Nov 26 14:00');
    // Only Friday's digest: Monday to Thursday's were posted by the first run.
    expect(digestsIn(second.out)).toBe(1);
    expect(second.out).toContain('Stuck deals: Everyone, Fri 27 Nov 2026');
    expect(second.out).toContain('Clock moved to Fri, Nov 27 14:00.');

    const third = await run(db, [':now'], { start: WALL_CLOCK_BEHIND });
    expect(third.out).toContain('Clock continues at Fri, Nov 27 14:00');
  });

  it('says nothing about the clock on a database that has none stored', async () => {
    const { out } = await run(freshDb(), [':now']);
    expect(out).not.toContain('Clock ');
    expect(out).toContain('It is Mon, Nov 23 14:00');
  });

  it('--at sets the clock whatever is stored, and says so; earlier than the stored clock it warns', async () => {
    const db = freshDb();
    await run(db, ['/deal new Ørsted Offshore A/S', ':advance 2d']);
    const later = await run(db, [':now'], { at: '2026-12-01T10:30:00Z' });
    expect(later.out).toContain('Clock set to Tue, Dec 1 10:30 (--at).');
    const earlier = await run(db, ['/deal status Ørsted'], { at: '2026-11-20T09:00:00Z' });
    expect(earlier.out).toContain(
      'Clock set to Fri, Nov 20 09:00 (--at), earlier than where the last run stopped (Tue, Dec 1 10:30): ' +
        'moving it forward runs the jobs in between again.',
    );
    const next = await run(db, [':now']);
    expect(next.out).toContain('Clock continues at Fri, Nov 20 09:00');
  });

  it('keeps the clock per workspace, and the CLI says where it continues', () => {
    const dir = testTempDir('dealcoach-console-cli-');
    const env = { DATABASE_URL: `file:${join(dir, 'x.db')}` };
    const first = runBinSync(['console', '--at', '2026-11-23T09:00:00Z'], { input: ':advance 2d\n', env, cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Clock set to Mon, Nov 23 09:00 (--at).');
    const second = runBinSync(['console'], { input: ':now\n', env, cwd: dir });
    expect(second.stdout).toContain('Clock continues at Wed, Nov 25 09:00, where the last run stopped.');
    const otherWorkspace = runBinSync(['console', '--workspace', 'T0OTHER'], { input: ':now\n', env, cwd: dir });
    expect(otherWorkspace.stdout).not.toContain('Clock continues');
  });
});

describe('commands typed at the same simulated time keep their order', () => {
  const afterAWeek = [':advance 1w'];
  const nudged = (out: string) => /silent deals? needs? you today/.test(out);

  it('a call logged right after a reply is after it: the deal has an unanswered touch and goes silent', async () => {
    const { out, activities: rows } = await run(freshDb(), [
      '/deal new Nordlicht Logistik GmbH stage proposal contact "Ingrid Sæther"',
      '/deal reply Nordlicht asked for the pilot terms',
      '/deal call Nordlicht left message about the pilot terms',
      ...afterAWeek,
    ]);
    expect(nudged(out)).toBe(true);
    const reply = rows.find((r) => r.direction === 'in')!;
    const call = rows.find((r) => r.direction === 'out')!;
    expect(call.at.getTime()).toBeGreaterThan(reply.at.getTime());
    // What the rep sees is the time they set: both at 14:00.
    expect(out).toMatch(/Mon, Nov 23 14:00 · 📥 they replied|Clock moved/);
  });

  it('a reply logged right after a call answers it: no silence', async () => {
    const { out } = await run(freshDb(), [
      '/deal new Nordlicht Logistik GmbH stage proposal',
      '/deal call Nordlicht left message about the pilot terms',
      '/deal reply Nordlicht called back, all good',
      ...afterAWeek,
    ]);
    expect(nudged(out)).toBe(false);
  });

  it('an email after a meeting after a reply, all at one instant, still counts as unanswered outreach', async () => {
    const { out } = await run(freshDb(), [
      '/deal new Banco Nacional de Crédito S.A. stage proposal',
      '/deal meeting Banco discovery call with the CFO',
      '/deal reply Banco the CFO wants numbers',
      '/deal email Banco sent the ROI sheet',
      ...afterAWeek,
    ]);
    expect(nudged(out)).toBe(true);
  });

  it('a promise recorded right after a reply is still open; a reply right after a promise answers it', async () => {
    const promiseAfterReply = await run(freshDb(), [
      '/deal new Kaffeerösterei Müller & Söhne KG stage negotiation',
      '/deal reply Kaffeerösterei liked the offer',
      '/deal commit Kaffeerösterei "send the signed order form" by Nov 25',
      ':advance 1w',
    ]);
    expect(promiseAfterReply.out).toMatch(/They promised: “send the signed order form”/);

    const replyAfterPromise = await run(freshDb(), [
      '/deal new Kaffeerösterei Müller & Söhne KG stage negotiation',
      '/deal commit Kaffeerösterei "send the signed order form" by Nov 25',
      '/deal reply Kaffeerösterei the order form is on its way',
      ':advance 1w',
    ]);
    expect(replyAfterPromise.out).not.toMatch(/They promised: “send the signed order form”/);
  });

  it('a button pressed and a form submitted at one instant follow the command before them', async () => {
    const { activities: rows } = await run(freshDb(), [
      '/deal new 東京商事株式会社 stage demo',
      '/deal call 東京商事 no answer',
      '/deal reply 東京商事 they came back',
      ':submit reason=back_on_track said="Ready for the demo next week"',
    ]);
    const times = rows.map((r) => r.at.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBeGreaterThan(2);
  });
});
