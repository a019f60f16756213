// Adversarial (issue 21, item 7): roles follow Slack. The first dealcoach user stands in as admin only
// while Slack's users.list names no admin or owner (not deleted, not a bot), never when Slack cannot be
// asked or has not said who they are; when Slack names one, stand-in powers end, Slack's admins get one
// DM listing what was granted under them with Keep / Revoke, and the audit log records every step. Over
// the real Bolt app and signed HTTP, with the fake Slack paging users.list as Slack does.
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, deals, outbox, salesTeams, standInGrants, users, workspaceRoles } from '../../src/db/schema.js';
import { standInJob } from '../../src/jobs/stand-in.js';
import { ADMIN_CHECK_TTL_MS, STAND_IN_RECHECK_MS } from '../../src/services/roles.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { ackBody, eventually, startTestApp, type TestApp } from '../support/app-harness.js';
import { runJobsAt, slackClient } from '../support/scheduler.js';
import { blockActionsPayload } from '../support/slack-interactions.js';
import { fileShare, postEvent } from './support.js';

const MALLORY = 'U0MALLORY';
const ADELIA = 'U0ADELIA'; // the workspace's owner, who has not used dealcoach yet
const MARTA = 'U0MARTA';
const VERA = 'U0VERA';
const OTTO = 'U0OTTO';

const FIRST = ['Zoë', 'Łukasz', 'Søren', 'Ana María', 'Nguyễn Thị', 'Аня', 'Jürgen', 'Chloé', 'Dvořák', 'Siobhán'];
const LAST = [
  'Ødegård',
  'Kowalczyk',
  'Müller-Lüdenscheidt',
  'García Márquez',
  'Trần',
  'Смирнова',
  'Ōtani',
  'Ní Bhriain',
];

/** Members ahead of the owner in users.list: with 200 a page, more than 400 put the owner on page 3. */
function fillWorkspace(t: TestApp, count: number, team = 'T1', prefix = 'U0') {
  for (let i = 0; i < count; i++) {
    const id = `${prefix}M${String(i).padStart(4, '0')}`;
    t.fake.users.set(id, { team, real_name: `${FIRST[i % FIRST.length]} ${LAST[i % LAST.length]}`, tz: 'Europe/Oslo' });
  }
}

/** `/deal <text>` as `user` in `team`: the text of the answer, from the ack or the response_url. */
async function say(t: TestApp, user: string, text: string, team = 'T1'): Promise<string> {
  const before = t.fake.responses.length;
  const body = await ackBody(await t.slash(text, { user, team }));
  if (body?.text) return JSON.stringify(body.blocks ?? []) + body.text;
  const late = await eventually(() => t.fake.responses[before], `the answer to /deal ${text.slice(0, 40)}`);
  return JSON.stringify(late.blocks ?? []) + late.text;
}

/** Presses a button of a posted message as `user` of `team`; the answer (ephemeral) as text. */
async function press(
  t: TestApp,
  user: string,
  post: { body: Record<string, any> },
  button: { action_id: string; value: string; block_id?: string },
  team = 'T1',
): Promise<string> {
  const before = t.fake.responses.length;
  const responseUrl = t.fake.responseUrl(`review-${before}`);
  const payload = blockActionsPayload({ block_id: 'review', ...button }, { user, post, responseUrl });
  await t.interact({
    ...payload,
    team: { id: team, domain: 'fake' },
    user: { ...payload.user, team_id: team },
  });
  const answer = await eventually(() => t.fake.responses[before], `the answer to ${button.action_id}`);
  return JSON.stringify(answer.blocks ?? []) + answer.text;
}

const row = (t: TestApp, id: string, team = 'T1') =>
  t.store.db
    .select()
    .from(users)
    .where(and(eq(users.teamId, team), eq(users.slackId, id)))
    .get();
const grants = (t: TestApp, team = 'T1') =>
  t.store.db.select().from(standInGrants).where(eq(standInGrants.teamId, team)).all();
const audit = (t: TestApp, team = 'T1') =>
  t.store.db.select().from(auditEvents).where(eq(auditEvents.teamId, team)).all();
const reviewDms = (t: TestApp, to: string) =>
  t.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === to && /Stand-in admin/.test(c.body.text));
const usersListCalls = (t: TestApp) => t.fake.callsTo('users.list');

/** The Keep / Revoke buttons of the grant whose line mentions `who` (and `what`, when given). */
function buttonsFor(post: { body: Record<string, any> }, who: string, what = '') {
  const blocks = post.body.blocks as any[];
  const index = blocks.findIndex(
    (b) => b.type === 'section' && b.text.text.includes(`<@${who}>`) && b.text.text.includes(what),
  );
  expect(index, `a grant line for ${who} ${what}`).toBeGreaterThan(0);
  const [keep, revoke] = blocks[index + 1].elements;
  return { keep, revoke };
}

/** A CSV that closes Otto's $900,000 deal as lost for $1, sent by `user` in a DM. */
async function closeOttosDealByCsv(t: TestApp, user: string, fileId: string) {
  const csv = ['Company,Owner,Amount,Stage', `Société Générale Immobilier SA,${OTTO},1,closed lost`].join('\n');
  t.fake.addFile({ id: fileId, name: 'cleanup.csv', content: csv });
  await postEvent(t, fileShare(fileId, user, 'skip invalid'));
  await eventually(
    () =>
      t.fake
        .callsTo('chat.postMessage')
        .find((c) => c.body.channel === `D${user.slice(1)}` && /cleanup/.test(c.body.text)),
    'the import report',
  );
}

describe('roles follow Slack', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.stop();
  });

  it('the first user is never admin while Slack names an owner (on page 3 of users.list); $900,000 stays', async () => {
    t = await startTestApp();
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    fillWorkspace(t, 430);
    t.fake.users.set(ADELIA, { tz: 'Europe/Lisbon', real_name: 'Adélia Figueiredo', is_owner: true });
    t.fake.users.set(OTTO, { tz: 'Asia/Tokyo', real_name: 'Otto 大橋' });
    await say(t, MALLORY, 'list');
    await say(t, OTTO, 'new Société Générale Immobilier SA value 900000 stage negotiation');
    const ottos = t.store.db.select().from(deals).where(eq(deals.ownerId, OTTO)).get()!;
    expect(ottos.valueMinor).toBe(90_000_000);

    const named = await say(t, MALLORY, `team manager <@${MALLORY}>`);
    expect(named).toContain('Only a workspace admin (a Slack admin or owner) names managers');
    // users.list read page by page, 200 at a time, scoped to the workspace, until the owner on page 3.
    const calls = usersListCalls(t);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => [c.body.limit, Boolean(c.body.cursor), c.body.team_id])).toEqual([
      ['200', false, 'T1'],
      ['200', true, 'T1'],
      ['200', true, 'T1'],
    ]);
    expect(t.store.db.select().from(workspaceRoles).get()).toMatchObject({
      slackHasAdmin: true,
      slackAdminIds: [ADELIA],
      standInId: null,
    });
    expect(await say(t, MALLORY, 'team create Équipe Rive Gauche')).toContain('Only a manager named by a workspace');
    expect(await say(t, MALLORY, 'team threshold proposal 2')).toContain('sets up Everyone');
    expect(await say(t, MALLORY, `team add <@${OTTO}> as manager`)).toContain('Create your team first');
    // Slack's answer stands: nobody asks again, even after a while, and nobody stands in.
    t.clock.set(new Date(t.clock.now().getTime() + 2 * ADMIN_CHECK_TTL_MS));
    expect(await say(t, MALLORY, `team manager <@${OTTO}>`)).toContain('Only a workspace admin');
    expect(usersListCalls(t)).toHaveLength(3);
    expect(row(t, MALLORY)).toMatchObject({ role: 'rep', isAdmin: false, salesTeamId: null });
    expect(row(t, OTTO)?.role).toBe('rep');
    expect(t.store.db.select().from(salesTeams).all()).toEqual([]);
    expect(grants(t)).toEqual([]);
    expect(audit(t).filter((a) => a.action.startsWith('team.'))).toEqual([]);

    // The reviewer's route to the $900,000 deal is closed: a rep's CSV touches only their own deals.
    await closeOttosDealByCsv(t, MALLORY, 'FCLOSE1');
    expect(t.store.db.select().from(deals).where(eq(deals.id, ottos.id)).get()).toMatchObject({
      ownerId: OTTO,
      valueMinor: 90_000_000,
      state: ottos.state,
      closedAt: null,
    });
  });

  it('with no admin in Slack the first user stands in; when an owner appears the powers end and are reviewed', async () => {
    t = await startTestApp();
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
    t.fake.users.set(VERA, { tz: 'Europe/Madrid', real_name: 'Vera Núñez' });
    t.fake.users.set(OTTO, { tz: 'Asia/Tokyo', real_name: 'Otto 大橋' });
    // Accounts that do not count: a deactivated owner, an admin bot.
    t.fake.users.set('U0GONE', { real_name: 'Former Owner', is_owner: true, is_primary_owner: true, deleted: true });
    t.fake.users.set('U0BOTADM', { real_name: 'Deploy Bot', is_admin: true, is_bot: true });
    await say(t, MALLORY, 'list');
    await say(t, OTTO, 'new Société Générale Immobilier SA value 900000 stage negotiation');
    const ottos = t.store.db.select().from(deals).where(eq(deals.ownerId, OTTO)).get()!;

    // Mallory stands in: names herself and Marta managers, builds a team, adds Vera without her Accept,
    // and points the digest at a public channel.
    expect(await say(t, MALLORY, `team manager <@${MALLORY}>`)).toContain('is a manager now');
    expect(await say(t, MALLORY, `team manager <@${MARTA}>`)).toContain('is a manager now');
    expect(await say(t, MALLORY, 'team create Équipe Île-de-France & Nord')).toContain('Équipe Île-de-France');
    expect(await say(t, MALLORY, `team add <@${VERA}>`)).toContain(`Added <@${VERA}>`);
    expect(row(t, VERA)?.salesTeamId).not.toBeNull();
    expect(await say(t, MALLORY, 'team channel <#C0PUBLIC|annonces>')).toContain('updated');
    expect(usersListCalls(t)).toHaveLength(1); // asked once, trusted for a while
    expect(grants(t).map((g) => [g.kind, g.userId, g.status])).toEqual([
      ['manager', MALLORY, 'pending'],
      ['manager', MARTA, 'pending'],
      ['team_add', VERA, 'pending'],
    ]);
    const marked = audit(t).filter((a) => a.details?.standIn === true);
    expect(marked.map((a) => a.action)).toEqual([
      'team.manager',
      'team.manager',
      'team.create',
      'team.add',
      'team.channel',
    ]);
    expect(await say(t, MALLORY, 'team')).toContain('as stand-in admin');

    // The owner appears: Slack reports her as an owner when she first uses dealcoach.
    t.fake.users.set(ADELIA, { tz: 'Europe/Lisbon', real_name: 'Adélia Figueiredo', is_owner: true });
    await say(t, ADELIA, 'list');
    expect(row(t, ADELIA)?.isAdmin).toBe(true);
    // From then on Mallory is no admin; her next admin command ends the powers for the record.
    expect(await say(t, MALLORY, `team manager <@${OTTO}>`)).toContain('Only a workspace admin');
    expect(row(t, OTTO)?.role).toBe('rep');
    const ended = t.store.db.select().from(workspaceRoles).get()!;
    expect(ended).toMatchObject({ standInId: MALLORY, standInEndReason: 'admin_recorded' });
    expect(ended.standInEndedAt).toBeInstanceOf(Date);

    // Slack's admins are told once, with the list and Keep / Revoke on each grant.
    await runJobsAt(t, t.clock.now());
    await runJobsAt(t, new Date(t.clock.now().getTime() + 60_000));
    const dms = reviewDms(t, ADELIA);
    expect(dms).toHaveLength(1);
    expect(t.store.db.select().from(outbox).where(eq(outbox.kind, 'stand_in_review')).all()).toHaveLength(1);
    const dm = dms[0]!;
    expect(checkMessage(dm.body)).toEqual([]);
    const shown = JSON.stringify(dm.body.blocks);
    expect(shown).toContain(`<@${MALLORY}> named themselves a manager`);
    expect(shown).toContain(`<@${MALLORY}> named <@${MARTA}> a manager`);
    expect(shown).toContain(`added <@${VERA}> to *Équipe Île-de-France &amp; Nord* without their Accept`);
    expect(shown).toContain('pointed the digest of *Équipe Île-de-France &amp; Nord* at <#C0PUBLIC>');
    expect(dm.body.blocks.flatMap((b: any) => b.elements ?? []).filter((e: any) => e.action_id)).toHaveLength(6);

    // Only a real admin decides: Marta (a manager, not an admin) changes nothing.
    const martas = buttonsFor(dm, MARTA);
    expect(await press(t, MARTA, dm, martas.revoke)).toContain('Only a Slack admin or owner');
    expect(grants(t).find((g) => g.userId === MARTA)?.status).toBe('pending');
    // Adélia keeps Marta's role, and a second press says it was already decided.
    expect(await press(t, ADELIA, dm, martas.keep)).toContain('keeps the manager role');
    expect(await press(t, ADELIA, dm, martas.revoke)).toContain('already kept by');
    expect(row(t, MARTA)?.role).toBe('manager');

    // Revoking Mallory's role: her team has no other manager, so nothing changes and Adélia is told why.
    const mallorys = buttonsFor(dm, MALLORY, 'themselves');
    const refused = await press(t, ADELIA, dm, mallorys.revoke);
    expect(refused).toContain('name another manager in it first');
    expect(refused).toContain('Then press Revoke again');
    expect(row(t, MALLORY)?.role).toBe('manager');
    // Adélia keeps Vera in the team and names her its manager; then Mallory's role goes, the team to Vera.
    expect(await press(t, ADELIA, dm, buttonsFor(dm, VERA).keep)).toContain('stays in');
    expect(await say(t, ADELIA, `team manager <@${VERA}>`)).toContain('is a manager now');
    const revoked = await press(t, ADELIA, dm, mallorys.revoke);
    expect(revoked).toContain('is no longer a manager');
    expect(revoked).toContain(`Équipe Île-de-France &amp; Nord is managed by <@${VERA}> now`);
    expect(row(t, MALLORY)?.role).toBe('rep');
    expect(t.store.db.select().from(salesTeams).get()?.managerId).toBe(VERA);
    // A stale card: the same Revoke again changes nothing and says so.
    expect(await press(t, ADELIA, dm, mallorys.revoke)).toContain('already revoked by');

    const log = audit(t).map((a) => [a.action, a.actorId, a.details?.userId ?? a.details?.standInId]);
    expect(log).toEqual(
      expect.arrayContaining([
        ['standin.end', ADELIA, MALLORY],
        ['standin.keep', ADELIA, MARTA],
        ['standin.keep', ADELIA, VERA],
        ['team.manager_off', ADELIA, MALLORY],
        ['standin.revoke', ADELIA, MALLORY],
      ]),
    );
    const history = await say(t, ADELIA, 'team');
    expect(history).toContain(`the stand-in admin powers of <@${MALLORY}> ended: Slack names <@${ADELIA}> an admin`);
    expect(history).toContain('revoked a role the stand-in admin granted to');

    // Mallory is a rep again: her CSV cannot close Otto's deal.
    await closeOttosDealByCsv(t, MALLORY, 'FCLOSE2');
    expect(t.store.db.select().from(deals).where(eq(deals.id, ottos.id)).get()).toMatchObject({
      valueMinor: 90_000_000,
      state: ottos.state,
    });
  });

  it('a users.list re-check that finds an owner ends the powers; revoking Everyone hands it to the admin', async () => {
    t = await startTestApp();
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
    await say(t, MALLORY, 'list');
    // Mallory sets up Everyone (and so manages it) and names Marta.
    expect(await say(t, MALLORY, 'team channel <#C0ALLSALES|all-sales>')).toContain('updated');
    expect(await say(t, MALLORY, `team manager <@${MARTA}>`)).toContain('is a manager now');
    const messenger = webMessenger(slackClient(t.fake.apiUrl));
    const job = standInJob({ app: t.ctx, messenger }, '*/15 * * * *');
    // An owner is added in Slack; within the hour nobody asks (Slack's last answer still stands).
    t.fake.users.set(ADELIA, { tz: 'Europe/Lisbon', real_name: 'Adélia Figueiredo', is_primary_owner: true });
    await job.run(new Date(t.clock.now().getTime() + 15 * 60_000));
    expect(usersListCalls(t)).toHaveLength(1);
    t.clock.set(new Date(t.clock.now().getTime() + STAND_IN_RECHECK_MS));
    await job.run(t.clock.now());
    expect(usersListCalls(t)).toHaveLength(2);
    expect(t.store.db.select().from(workspaceRoles).get()).toMatchObject({ standInEndReason: 'users_list' });
    const dm = reviewDms(t, ADELIA)[0]!;
    expect(JSON.stringify(dm.body.blocks)).toContain('Slack lists');
    // Adélia never used dealcoach before: users.list named her, and users.info confirms it on her press.
    const everyone = buttonsFor(dm, MALLORY, 'Everyone');
    expect(await press(t, ADELIA, dm, everyone.revoke)).toContain(`Everyone is managed by <@${ADELIA}> now`);
    expect(t.store.db.select().from(salesTeams).get()?.managerId).toBe(ADELIA);
    expect(await press(t, ADELIA, dm, buttonsFor(dm, MARTA).revoke)).toContain('is no longer a manager');
    expect(row(t, MARTA)?.role).toBe('rep');
    await job.run(new Date(t.clock.now().getTime() + 2 * STAND_IN_RECHECK_MS));
    expect(reviewDms(t, ADELIA)).toHaveLength(1);
  });

  it('when users.list fails or times out nobody stands in, the answer says so, and a later try works', async () => {
    t = await startTestApp({ build: { webApiTimeoutMs: 150 } });
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
    await say(t, MALLORY, 'list');
    t.fake.fail('users.list', { body: { ok: false, error: 'internal_error' } });
    const failed = await say(t, MALLORY, `team manager <@${MARTA}>`);
    expect(failed).toContain('could not ask Slack');
    expect(failed).toContain('Slack answered internal_error');
    expect(failed).toContain('nobody stands in as admin for now');
    expect(failed).toContain('ask a Slack admin or owner');
    t.fake.fail('users.list', { hang: true });
    const hung = await say(t, MALLORY, 'team create Ventas Cono Sur');
    expect(hung).toContain('Slack did not answer in time');
    expect(row(t, MARTA)).toBeUndefined();
    expect(t.store.db.select().from(salesTeams).all()).toEqual([]);
    expect(grants(t)).toEqual([]);
    expect(t.store.db.select().from(workspaceRoles).get()).toMatchObject({ checkedAt: null, standInId: null });
    // Slack answers again: Mallory stands in.
    expect(await say(t, MALLORY, `team manager <@${MARTA}>`)).toContain('is a manager now');
  });

  it('when users.info does not say whether the first user is an admin, they are not one for now', async () => {
    t = await startTestApp();
    t.fake.users.set(MALLORY, { tz: 'America/Chicago', real_name: 'Mallory Ørsted' });
    t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
    t.fake.fail('users.info', { body: { ok: false, error: 'internal_error' } });
    const answer = await say(t, MALLORY, `team manager <@${MARTA}>`);
    expect(answer).toContain('Slack did not confirm whether you are a workspace admin or owner');
    expect(answer).toContain('Try again in a minute');
    expect(row(t, MALLORY)?.isAdmin).toBeNull();
    expect(row(t, MARTA)).toBeUndefined();
    expect(usersListCalls(t)).toHaveLength(0);
    expect(await say(t, MALLORY, `team manager <@${MARTA}>`)).toContain('is a manager now');
  });

  it('Enterprise Grid ids (W…) and two workspaces: each asks Slack for its own admins and reviews its own', async () => {
    t = await startTestApp();
    const ANA = 'W0ANAPAULA';
    const LEA = 'W0LEACHEN';
    const BRUNO = 'W0BRUNO';
    const OWNER2 = 'W0HIROKO';
    t.fake.users.set(ANA, { tz: 'America/Sao_Paulo', real_name: 'Ana Paula Conceição' });
    t.fake.users.set(LEA, { tz: 'Asia/Shanghai', real_name: '陈乐 Léa Chen' });
    fillWorkspace(t, 5, 'T2', 'W0');
    t.fake.users.set(BRUNO, { team: 'T2', tz: 'Europe/Rome', real_name: 'Bruno Çelik' });
    t.fake.users.set(OWNER2, { team: 'T2', tz: 'Asia/Tokyo', real_name: '佐藤 裕子', is_owner: true });
    await say(t, ANA, 'list');
    await say(t, BRUNO, 'list', 'T2');
    expect(await say(t, ANA, `team manager <@${LEA}>`)).toContain('is a manager now');
    expect(await say(t, BRUNO, `team manager <@${BRUNO}>`, 'T2')).toContain('Only a workspace admin');
    expect(usersListCalls(t).map((c) => c.body.team_id)).toEqual(['T1', 'T2']);
    expect(grants(t).map((g) => g.userId)).toEqual([LEA]);
    expect(grants(t, 'T2')).toEqual([]);
    expect(row(t, LEA)?.role).toBe('manager');

    // T2's owner uses dealcoach: T1's stand-in keeps their powers (another workspace's admin is not T1's).
    await say(t, OWNER2, 'list', 'T2');
    await standInJob({ app: t.ctx, messenger: webMessenger(slackClient(t.fake.apiUrl)) }, '* * * * *').run(
      t.clock.now(),
    );
    expect(t.store.db.select().from(workspaceRoles).where(eq(workspaceRoles.teamId, 'T1')).get()?.standInEndedAt).toBe(
      null,
    );
    // A T2 owner pressing Revoke on T1's grant finds nothing to review in T2.
    const grantId = String(grants(t)[0]!.id);
    const card = { body: { text: 'review', blocks: [] } };
    const answer = await press(t, OWNER2, card, { action_id: ACTION_IDS.standInRevoke, value: grantId }, 'T2');
    expect(answer).toContain('not waiting for review in this workspace');
    expect(row(t, LEA)?.role).toBe('manager');
    expect(await say(t, ANA, `team manager <@${LEA}> off`)).toContain('is no longer a manager');
  });
});
