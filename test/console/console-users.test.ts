// Issue 22 in the console: you press only your own buttons and submit only your own form; a menu shows
// labels, as Slack does, and takes them; leaning towards a competitor is not a loss.
import { describe, expect, it } from 'vitest';
import { createOfflineDrafter } from '../../src/coach/offline.js';
import { loadConfig } from '../../src/config.js';
import { consoleExtensions } from '../../src/console/extensions.js';
import { openStore } from '../../src/db/index.js';
import { deals, drafts, silenceEpisodes } from '../../src/db/schema.js';
import { runConsoleScript } from '../support/cli.js';

async function run(lines: string[]) {
  const store = openStore(':memory:');
  const { out, err } = await runConsoleScript({
    store,
    lines,
    start: '2026-11-02T14:00:00Z',
    teamId: 'TLOCAL',
    userId: 'UANA',
    extra: { drafter: createOfflineDrafter(), extensions: consoleExtensions(loadConfig({})) },
  });
  return { out: out + err, store };
}

/** A deal of Ana's that went silent, and her reply that opens "They came back". */
const SILENT_THEN_BACK = [
  '/deal new Ça Va Café value 40k stage proposal contact "Élise Martin"',
  '/deal email café sent the proposal',
  ':advance 3w',
  '/deal reply café they are looking at another roaster',
];

describe(':click and :submit act only for the current user', () => {
  it("never presses another user's buttons, by number or by label", async () => {
    const { out, store } = await run([
      '/deal new Nguyễn Trading Co. contact "Lan Nguyễn"',
      '/deal draft nguyen check-in',
      ':as UBEN',
      ':click 1',
      ':click Approve',
      '/deal new Müller & Söhne KG',
      '/deal draft muller check-in',
      ':as UANA',
      ':click 1',
      ':as UBEN',
      ':click Approve',
    ]);
    expect(out).toContain('No message with buttons yet for UBEN');
    // Ana's number 1 is on her own card, not on Ben's newer one.
    expect(out).toContain('Approved: Check-in email for Nguyễn Trading Co.');
    const byDeal = new Map(
      store.db
        .select()
        .from(deals)
        .all()
        .map((d) => [d.id, d.company]),
    );
    const approved = store.db
      .select()
      .from(drafts)
      .all()
      .filter((d) => d.status === 'approved')
      .map((d) => byDeal.get(d.dealId));
    expect(approved.sort()).toEqual(['Müller & Söhne KG', 'Nguyễn Trading Co.']);
  });

  it('does not submit the form another user has open', async () => {
    const { out } = await run([
      '/deal',
      ':as UBEN',
      ':submit company="Stolen Inc"',
      ':as UANA',
      ':submit company=Acme',
    ]);
    expect(out).toContain('No form is open for UBEN.');
    expect(out).toContain('✅ Deal added');
    expect(out).toContain('Acme');
    expect(out).not.toContain('Stolen Inc ·');
  });
});

describe('the "They came back" form, as Slack shows it', () => {
  it('lists labels, says which reasons close the deal, and takes a label or the start of one', async () => {
    const { out, store } = await run([...SILENT_THEN_BACK, ':submit reason=Objection', ':submit reason=leaning']);
    expect(out).toContain('Signed with a competitor: closes it as lost | Leaning towards a competitor, not signed yet');
    expect(out).not.toContain('back_on_track');
    expect(out).toContain('`Objection` starts more than one choice (Objection: ROI | Objection: price | Objection:');
    expect(out).toContain('✅ Recorded: Leaning towards a competitor, not signed yet');
    // Not a loss: the deal stays open and the next step is a comparison on their criteria.
    expect(store.db.select().from(deals).get()?.state).toBe('active');
    expect(store.db.select().from(silenceEpisodes).get()?.revivalReason).toBe('considering_competitor');
    expect(out).toContain('compare the two side by side');
    expect(out).not.toContain("I'm sorry it didn't work out");
  });

  it('a reason that is a decision closes the deal as lost, and says how to undo a wrong pick', async () => {
    const { out, store } = await run([...SILENT_THEN_BACK, ':submit reason="Signed with a competitor"']);
    expect(out).toContain('✅ Recorded: Signed with a competitor');
    expect(out).toContain('Picked the wrong reason? `/deal reopen Ça Va Café` puts it back in the pipeline.');
    expect(store.db.select().from(deals).get()?.state).toBe('lost');
  });

  it('refuses a choice the menu does not have, saving nothing', async () => {
    const { out, store } = await run([...SILENT_THEN_BACK, ':submit reason=maybe']);
    expect(out).toContain('`maybe` is not one of the choices (nothing saved). Its choices: Back on track |');
    expect(store.db.select().from(silenceEpisodes).get()?.revivalReason).toBeNull();
  });
});

describe('the timeline, as people read it', () => {
  it('shows dates as days and changes from the form by their names, with before and after', async () => {
    const { out } = await run([
      '/deal new Nguyễn Trading Co. value 50k stage demo contact "Lan Nguyễn"',
      '/deal commit nguyen "send the signed LOI" by Nov 20',
      '/deal snooze nguyen until Dec 3 Tết preparations',
      '/deal',
      ':submit company="Nguyễn Trading Co." value=60k greet="Chị Lan" stage=proposal',
      '/deal',
      ':submit company="Nguyễn Trading Co."',
      '/deal status nguyen',
    ]);
    const timeline = out.slice(out.lastIndexOf('Timeline'));
    expect(timeline).toContain('they committed: “send the signed LOI” by Fri, Nov 20');
    expect(timeline).toContain('snoozed until Thu, Dec 3: Tết preparations');
    expect(timeline).toContain(
      'updated from the form: greet as “Chị Lan”; value $50,000 → $60,000; stage demo → proposal',
    );
    expect(timeline).not.toMatch(/\d{4}-\d{2}-\d{2}|greetAs|valueMinor/);
    // A form that changes nothing says so and logs nothing.
    expect(out).toContain('Nothing to update: the form held what the deal has');
    expect(timeline.match(/updated from the form/g)).toHaveLength(1);
  });
});
