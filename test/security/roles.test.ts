// Adversarial: nobody acts beyond their role. A rep cannot make themselves a manager, a manager
// cannot pull people in without their Accept, cannot move or demote another manager, and imports
// and App Home totals reach only their own team.
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, deals, users } from '../../src/db/schema.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { homeData } from '../../src/services/home.js';
import { eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { click, fileShare, postEvent, say } from './support.js';

const ADMIN = 'U0ADMINA';
const MARTA = 'U0MARTA';
const MALLORY = 'U0MALLORY';
const VERA = 'U0VERA';
const OTTO = 'U0OTTO';

const user = (t: TestApp, id: string) =>
  t.store.db
    .select()
    .from(users)
    .where(and(eq(users.teamId, 'T1'), eq(users.slackId, id)))
    .get();
const dmsTo = (t: TestApp, id: string) => t.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === id);

describe('roles with consent', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    t.fake.users.set(ADMIN, { tz: 'Europe/Lisbon', real_name: 'Adélia Admin', is_admin: true });
    t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    t.fake.users.set(VERA, { tz: 'Europe/Madrid', real_name: 'Vera Núñez' });
    t.fake.users.set(OTTO, { tz: 'Asia/Tokyo', real_name: 'Otto 大橋' });
    // The first to use dealcoach is a plain rep: Slack's admin flag, not arrival order, decides.
    await say(t, MALLORY, 'list');
    await say(t, ADMIN, 'list');
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a rep cannot make themselves a manager: create, Everyone settings and the manager command are refused', async () => {
    expect(await say(t, MALLORY, 'team create Équipe Ventes Île-de-France')).toContain(
      'Only a manager named by a workspace admin',
    );
    expect(await say(t, MALLORY, 'team threshold proposal 2')).toContain(
      'Only a manager named by a workspace admin sets up Everyone',
    );
    expect(await say(t, MALLORY, `team manager <@${MALLORY}>`)).toContain('Only a workspace admin');
    expect(user(t, MALLORY)).toMatchObject({ role: 'rep', salesTeamId: null, isAdmin: false });
    expect(t.store.db.select().from(auditEvents).where(eq(auditEvents.action, 'team.manager')).all()).toHaveLength(0);
  });

  it('an admin names a manager (audited, shown in /deal team); a rep joins only by pressing Accept', async () => {
    expect(await say(t, ADMIN, `team manager <@${MARTA}>`)).toContain('is a manager now');
    expect(user(t, MARTA)?.role).toBe('manager');
    // User text is escaped in mrkdwn: Slack shows &amp; as &.
    expect(await say(t, MARTA, 'team create Vertrieb DACH & Nordics')).toContain(
      'Vertrieb DACH &amp; Nordics is set up',
    );
    const invited = await say(t, MARTA, `team add <@${VERA}>`);
    expect(invited).toContain('they join when they accept');
    expect(user(t, VERA)?.salesTeamId).toBeNull();
    const invite = await eventually(() => dmsTo(t, VERA)[0], 'the invitation DM');
    const accept = invite.body.blocks.at(-1).elements.find((e: any) => e.action_id === ACTION_IDS.teamInviteAccept);
    // Someone else pressing the invitee's button changes nothing.
    await click(t, MALLORY, ACTION_IDS.teamInviteAccept, accept.value);
    await eventually(() => t.fake.responses.find((r) => /no longer open/.test(r.text ?? '')), 'the refusal');
    expect(user(t, MALLORY)?.salesTeamId).toBeNull();
    await click(t, VERA, ACTION_IDS.teamInviteAccept, accept.value);
    await eventually(() => user(t, VERA)?.salesTeamId, 'Vera joining');
    const shown = await say(t, MARTA, 'team');
    expect(shown).toContain('named manager');
    expect(shown).toContain(`<@${VERA}>`);
    // Role changes are dated as people read dates ("Tue, Dec 1 14:05"), not as ISO timestamps.
    expect(shown).toMatch(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}( \d{4})? \d\d:\d\d <@/);
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(
      t.store.db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(expect.arrayContaining(['team.manager', 'team.invite', 'team.join']));
  });

  it('a decline leaves the rep where they were; an admin may add directly', async () => {
    await say(t, ADMIN, `team manager <@${MARTA}>`);
    await say(t, MARTA, 'team create Ventas Iberia');
    await say(t, MARTA, `team add <@${VERA}>`);
    const invite = await eventually(() => dmsTo(t, VERA)[0], 'the invitation DM');
    const value = invite.body.blocks.at(-1).elements[0].value;
    await click(t, VERA, ACTION_IDS.teamInviteDecline, value);
    await eventually(() => user(t, VERA)?.invitedTeamId === null, 'the invite cleared');
    expect(user(t, VERA)?.salesTeamId).toBeNull();
    // A second press of the old Accept does nothing.
    await click(t, VERA, ACTION_IDS.teamInviteAccept, value);
    await eventually(() => t.fake.responses.find((r) => /no longer open/.test(r.text ?? '')), 'the refusal');
    expect(user(t, VERA)?.salesTeamId).toBeNull();
  });

  it('an existing manager is never moved or demoted by someone else, and Everyone keeps its manager', async () => {
    await say(t, ADMIN, `team manager <@${MARTA}>`);
    await say(t, ADMIN, `team manager <@${MALLORY}>`);
    await say(t, MARTA, 'team threshold demo 4'); // Marta sets up Everyone
    expect(await say(t, MALLORY, 'team create Red Team')).toContain('Red Team');
    const grab = await say(t, MALLORY, `team add <@${MARTA}>`);
    expect(grab).toContain('never moved or demoted');
    expect(await say(t, MALLORY, `team add <@${VERA}> as manager`)).toContain('Only a workspace admin names managers');
    expect(user(t, MARTA)).toMatchObject({ role: 'manager', salesTeamId: null, invitedTeamId: null });
    expect(await say(t, MARTA, 'team threshold demo 6')).toContain('updated');
    expect(dmsTo(t, MARTA)).toHaveLength(0);
  });

  it('removal takes the role away, and only an admin takes the manager role', async () => {
    await say(t, ADMIN, `team manager <@${MARTA}>`);
    await say(t, MARTA, 'team create Nordics');
    await say(t, MARTA, `team add <@${VERA}>`);
    const invite = await eventually(() => dmsTo(t, VERA)[0], 'the invitation DM');
    await click(t, VERA, ACTION_IDS.teamInviteAccept, invite.body.blocks.at(-1).elements[0].value);
    await eventually(() => user(t, VERA)?.salesTeamId, 'Vera joining');
    t.store.db.update(users).set({ role: 'manager' }).where(eq(users.slackId, VERA)).run();
    await say(t, MARTA, `team remove <@${VERA}>`);
    expect(user(t, VERA)).toMatchObject({ salesTeamId: null, role: 'rep' });
    expect(await say(t, MALLORY, `team manager <@${MARTA}> off`)).toContain('Only a workspace admin');
    expect(await say(t, ADMIN, `team manager <@${MARTA}> off`)).toContain('name another manager in it first');
    expect(user(t, MARTA)?.role).toBe('manager');
  });

  it("a manager's CSV touches only their team's deals and never hands a deal to someone outside it", async () => {
    await say(t, OTTO, 'new Société Générale Immobilier SA value 500000 stage proposal');
    await say(t, VERA, 'new Fundación Ñandú value 12.500 EUR');
    await say(t, ADMIN, `team manager <@${MARTA}>`);
    await say(t, MARTA, 'team create Équipe Sud');
    await say(t, MARTA, `team add <@${VERA}>`);
    const invite = await eventually(() => dmsTo(t, VERA)[0], 'the invitation DM');
    await click(t, VERA, ACTION_IDS.teamInviteAccept, invite.body.blocks.at(-1).elements[0].value);
    await eventually(() => user(t, VERA)?.salesTeamId, 'Vera joining');
    const ottos = t.store.db.select().from(deals).where(eq(deals.ownerId, OTTO)).get()!;
    expect(ottos.valueMinor).toBe(50_000_000);
    const csv = [
      'Company,Owner,Amount,Stage',
      `Société Générale Immobilier SA,${OTTO},1,closed lost`,
      `Fundación Ñandú,${OTTO},1,proposal`,
      `Fundación Ñandú,${VERA},13.000,proposal`,
    ].join('\n');
    t.fake.addFile({ id: 'FSEC1', name: 'takeover.csv', content: csv });
    await postEvent(t, { ...fileShare('FSEC1', MARTA, 'skip invalid') });
    const report = await eventually(
      () => dmsTo(t, `D${MARTA.slice(1)}`).find((c) => /takeover/.test(c.body.text)),
      'the report',
    );
    expect(JSON.stringify(report.body.blocks)).toContain('not in your team');
    expect(t.store.db.select().from(deals).where(eq(deals.id, ottos.id)).get()).toMatchObject({
      ownerId: OTTO,
      valueMinor: 50_000_000,
      state: ottos.state,
    });
    const veras = t.store.db.select().from(deals).where(eq(deals.companyKey, 'fundación ñandú')).all();
    expect(veras.map((d) => d.ownerId)).toEqual([VERA]);
  });

  it("App Home totals: a manager sees their team's, a rep none, an admin the workspace", async () => {
    await say(t, OTTO, 'new Zürcher Kantonalbank value 80000');
    await say(t, VERA, 'new Café Lumière SARL value 20000');
    t.store.db.update(deals).set({ state: 'silent' }).run();
    await say(t, ADMIN, `team manager <@${MARTA}>`);
    await say(t, MARTA, 'team create Sud');
    await say(t, MARTA, `team add <@${VERA}>`);
    const invite = await eventually(() => dmsTo(t, VERA)[0], 'the invitation DM');
    await click(t, VERA, ACTION_IDS.teamInviteAccept, invite.body.blocks.at(-1).elements[0].value);
    await eventually(() => user(t, VERA)?.salesTeamId, 'Vera joining');
    const actor = (id: string) => ({ teamId: 'T1', userId: id, zone: 'UTC', role: user(t, id)!.role });
    expect(homeData(t.ctx, actor(MARTA)).team).toMatchObject({ name: 'Sud', silentDeals: 1, silentValue: '$20,000' });
    expect(homeData(t.ctx, actor(MALLORY)).team).toBeNull();
    expect(homeData(t.ctx, actor(ADMIN)).team).toMatchObject({ name: 'whole workspace', silentDeals: 2 });
  });
});
