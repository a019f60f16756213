// Issue 22 as a manager meets it in the console: a team change answers with what changed, in one line;
// holiday codes are checked against the holiday calendar with the nearest codes; an error says "Nothing was
// changed." once; an admin adds people to a team at once, naming it when they are in no team.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/index.js';
import { auditEvents, salesTeams, users } from '../../src/db/schema.js';
import { runConsoleScript } from '../support/cli.js';

const START = '2026-11-23T09:15:00Z';

async function run(lines: string[]) {
  const store = openStore(':memory:');
  // ULEAD is the workspace's first user: the console names no Slack admin, so ULEAD stands in as admin.
  const { out } = await runConsoleScript({ store, lines, start: START, teamId: 'TLOCAL', userId: 'ULEAD' });
  return { out, store };
}

/** The answers, one per command, split on the blank line before each "[ephemeral → …]". */
const answers = (out: string) => out.split(/\n(?=\[ephemeral)/).slice(1);

describe('team changes say what changed, in one line', () => {
  it('answers each setting with its new value (and the old one), never the whole card and its usage', async () => {
    const { out } = await run([
      '/deal team create Ventes Île-de-France & Nord',
      '/deal team channel #ventes-idf',
      '/deal team schedule weekly mon 09:00 zone Europe/Paris',
      '/deal team threshold proposal 7',
      '/deal team escalation 5',
      '/deal team cadence 1:call+msg 2:email 4:call 5:fire',
      '/deal team holidays fr 2026-12-24 2026-12-31',
      '/deal team add @UMARIE @UNGUYEN',
      '/deal team remove @UNGUYEN @UNOBODY',
    ]);
    const said = answers(out);
    expect(said).toHaveLength(9);
    expect(said[0]).toContain('Team Ventes Île-de-France & Nord is set up, and you manage it.');
    expect(said[1]).toContain('its digest goes to #ventes-idf once it has a schedule');
    expect(said[2]).toContain('its digest comes Mondays at 09:00 (Europe/Paris), in #ventes-idf.');
    expect(said[3]).toContain('a proposal deal is silent after 7 business days without a reply (was 5).');
    expect(said[4]).toContain('flags a deal with a cadence step due and no touch for 5 business days or more (was 3)');
    expect(said[5]).toContain('the cadence is 1:call+msg 2:email 4:call 5:fire.');
    expect(said[6]).toContain('public holidays of FR (France), and 2 more days off: Thu, Dec 24; Thu, Dec 31.');
    expect(said[7]).toContain('Added @UMARIE @UNGUYEN to Ventes Île-de-France & Nord.');
    expect(said[8]).toContain('Removed @UNGUYEN from Ventes Île-de-France & Nord. @UNOBODY is not in');
    for (const answer of said) {
      expect(answer).not.toContain('/deal team threshold <');
      expect(answer.trim().split('\n').length).toBeLessThanOrEqual(3);
    }
    // `/deal team` shows the card; `/deal help team` has the forms.
    const card = answers((await run(['/deal team create Nord', '/deal team'])).out)[1]!;
    expect(card).toContain('== Team: Nord ==');
    expect(card).toContain('`/deal help team` lists the forms');
    expect(card).not.toContain('/deal team escalation <business days>');
    const help = answers((await run(['/deal help team'])).out)[0]!;
    expect(help).toContain('/deal team escalation <business days>');
    expect(help).toContain('[to <team>]');
  });

  it('says "Nothing was changed." once in an error', async () => {
    const { out } = await run([
      '/deal team create Nord',
      '/deal team remove @ULEAD',
      ':as UREPONE',
      '/deal team create Süd',
    ]);
    for (const answer of answers(out)) expect(answer.match(/nothing was changed/gi)?.length ?? 0).toBeLessThan(2);
    expect(out).toContain('A team keeps its manager.\nNothing was changed.');
  });
});

describe('/deal team holidays checks the place against the holiday calendar', () => {
  it('refuses an unknown country or region with the nearest codes, and changes nothing', async () => {
    const { out, store } = await run([
      '/deal team create Nord',
      '/deal team holidays XX',
      '/deal team holidays DE-ZZ',
      '/deal team holidays Germany',
      '/deal team holidays JP-13',
      '/deal team holidays DE-BY 2026-02-30',
    ]);
    const said = answers(out).slice(1);
    expect(said[0]).toContain('`XX` is not a country the holiday calendar knows');
    expect(said[0]).toContain('Codes starting with X: XK Kosovo');
    expect(said[1]).toContain('DE-ZZ is not a region of DE (Germany). Its regions: DE-BB Brandenburg');
    expect(said[1]).toContain('DE-BY Bayern');
    expect(said[2]).toContain('Germany is DE');
    expect(said[3]).toContain('JP (Japan) has no regions in the holiday calendar: give `JP` alone');
    expect(said[4]).toContain('`2026-02-30` is not a real date');
    for (const answer of said) expect(answer).toContain('Nothing was changed.');
    expect(store.db.select().from(salesTeams).get()?.holidays ?? null).toBeNull();
    expect(
      store.db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(['team.create']);
  });

  it('takes a known place in any case and names it', async () => {
    const { out, store } = await run(['/deal team create Nord', '/deal team holidays de-by']);
    expect(out).toContain('public holidays of DE-BY (Germany, Bayern).');
    expect(store.db.select().from(salesTeams).get()?.holidays).toEqual({ country: 'DE', region: 'BY', dates: [] });
  });
});

describe('an admin adds people to a team at once', () => {
  it('to their own team, or to any team they name; in no team they are asked to name one', async () => {
    const { out, store } = await run([
      '/deal team manager @UMARTA',
      ':as UMARTA',
      '/deal team create Ventas Iberia',
      ':as ULEAD',
      '/deal team add @UVERA',
      '/deal team add @UVERA to ventas iberia',
      '/deal team add @UOTTO to Nowhere',
      ':as UMARTA',
      '/deal team add @UOTTO to Nordics',
    ]);
    const said = answers(out);
    expect(said[2]).toContain(
      'You are in no team, so name the team: `/deal team add @person to <team>`. Teams: Ventas',
    );
    expect(said[3]).toContain('Added @UVERA to Ventas Iberia.');
    expect(said[4]).toContain('There is no team called Nowhere. Teams: Ventas Iberia.');
    expect(said[5]).toContain('There is no team called Nordics.');
    const vera = store.db
      .select()
      .from(users)
      .all()
      .find((u) => u.slackId === 'UVERA');
    expect(vera?.salesTeamId).toBe(store.db.select().from(salesTeams).get()?.id);
  });
});

describe(':at never affects roles', () => {
  it('a script that starts by setting the clock back keeps its first user as the stand-in admin', async () => {
    const store = openStore(':memory:');
    const { out } = await runConsoleScript({
      store,
      start: '2027-03-01T10:00:00Z',
      teamId: 'TLOCAL',
      userId: 'ULOCALREP',
      lines: [
        ':at 2026-11-23T09:15:00Z',
        ':as UMGR',
        '/deal team create Iberia',
        ':as ULOCALREP',
        '/deal team create Nord',
      ],
    });
    const said = answers(out);
    expect(said[0]).toContain('Only a manager named by a workspace admin creates a team');
    expect(said[1]).toContain('Team Nord is set up');
  });
});
