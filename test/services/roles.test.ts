// Who stands in as admin, decided from the database and Slack's answer (services/roles.ts), on a real
// migrated SQLite database with directories whose answers the test controls; the review DM's limits;
// the console, whose directory names no admin, so its first user stands in as before.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/index.js';
import { salesTeams, users, workspaceRoles } from '../../src/db/schema.js';
import { upsertUser } from '../../src/db/users.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { AppContext, UserDirectory, WorkspaceAdmins } from '../../src/services/context.js';
import {
  ADMIN_CHECK_TTL_MS,
  adminStanding,
  checkWorkspaceAdmins,
  prepareStanding,
  standingProblem,
} from '../../src/services/roles.js';
import { runConsoleScript } from '../support/cli.js';
import { checkMessage } from '../support/block-kit-limits.js';
import { standInReviewMessages, type StandInGrantLine } from '../../src/slack/views/roles.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A directory whose users.list answers are handed out by the test, one per call. */
function controlledDirectory() {
  const pending: Array<(answer: WorkspaceAdmins | Error) => void> = [];
  let calls = 0;
  const directory: UserDirectory = {
    lookup: async () => null,
    workspaceAdmins: () => {
      calls++;
      return new Promise<WorkspaceAdmins>((resolve, reject) =>
        pending.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer))),
      );
    },
  };
  return {
    directory,
    calls: () => calls,
    /** Answers the next users.list call, once the code under test has made it. */
    async answer(answer: WorkspaceAdmins | Error) {
      for (let i = 0; i < 100 && !pending.length; i++) await new Promise((resolve) => setImmediate(resolve));
      pending.shift()!(answer);
    },
  };
}

function setup(directory?: UserDirectory) {
  const store = openStore(':memory:');
  stores.push(store);
  const clock = new ManualClock('2026-11-23T14:00:00Z');
  const ctx: AppContext = { store, clock, defaultZone: 'Europe/Paris', directory };
  const person = (id: string, isAdmin: boolean | null) =>
    upsertUser(store.db, 'T1', id, { timezone: 'Europe/Paris', ...(isAdmin === null ? {} : { isAdmin }) }, clock.now());
  const standing = (id: string) => adminStanding(ctx, store.db, 'T1', id);
  return { store, clock, ctx, person, standing };
}

describe('the stand-in admin', () => {
  it('is decided only once Slack answers: meanwhile the answer says Slack is being asked', async () => {
    const slack = controlledDirectory();
    const { ctx, clock, person, standing } = setup(slack.directory);
    person('U0JOAO', false);
    clock.set('2026-11-23T14:05:00Z');
    person('U0INES', false);
    await prepareStanding(ctx, 'T1', 'U0JOAO', { waitMs: 0 });
    expect(standing('U0JOAO')).toEqual({ admin: false, why: 'checking' });
    expect(standingProblem(standing('U0JOAO'))).toContain('still asking Slack');
    // A second decision meanwhile does not ask twice.
    await prepareStanding(ctx, 'T1', 'U0JOAO', { waitMs: 0 });
    expect(slack.calls()).toBe(1);
    const done = checkWorkspaceAdmins(ctx, 'T1');
    await slack.answer({ admins: [] });
    await done;
    expect(standing('U0JOAO')).toEqual({ admin: true, standIn: true });
    // Only the first user stands in.
    expect(standing('U0INES')).toEqual({ admin: false, why: 'not_admin' });
  });

  it('is asked again after a while, and once Slack names an owner nobody stands in again', async () => {
    const slack = controlledDirectory();
    const { ctx, clock, store, person, standing } = setup(slack.directory);
    person('U0JOAO', false);
    const first = prepareStanding(ctx, 'T1', 'U0JOAO');
    await slack.answer({ admins: [] });
    await first;
    expect(standing('U0JOAO')).toMatchObject({ admin: true, standIn: true });
    clock.set(new Date(clock.now().getTime() + ADMIN_CHECK_TTL_MS - 1));
    await prepareStanding(ctx, 'T1', 'U0JOAO');
    expect(slack.calls()).toBe(1);
    clock.set(new Date(clock.now().getTime() + 1));
    const again = prepareStanding(ctx, 'T1', 'U0JOAO');
    await slack.answer({ admins: [{ userId: 'U0OWNER', owner: true }] });
    await again;
    expect(standing('U0JOAO')).toEqual({ admin: false, why: 'not_admin' });
    // Named by users.list and not yet asked about themselves: Slack's word is enough for them.
    expect(standing('U0OWNER')).toEqual({ admin: true, standIn: false });
    // A later empty answer does not bring a stand-in back.
    clock.set(new Date(clock.now().getTime() + 10 * ADMIN_CHECK_TTL_MS));
    const late = checkWorkspaceAdmins(ctx, 'T1');
    await slack.answer({ admins: [] });
    await late;
    expect(store.db.select().from(workspaceRoles).get()).toMatchObject({ slackHasAdmin: true });
    expect(standing('U0JOAO')).toEqual({ admin: false, why: 'not_admin' });
  });

  it('is nobody when Slack cannot be asked, when there is no directory, or when their own flag is unknown', async () => {
    const slack = controlledDirectory();
    const { ctx, person, standing } = setup(slack.directory);
    person('U0JOAO', false);
    const failed = prepareStanding(ctx, 'T1', 'U0JOAO');
    await slack.answer(
      Object.assign(new Error('x'), { code: 'slack_webapi_platform_error', data: { error: 'missing_scope' } }),
    );
    await failed;
    expect(standing('U0JOAO')).toEqual({ admin: false, why: 'unreachable', detail: 'Slack answered missing_scope' });

    const bare = setup();
    bare.person('U0JOAO', false);
    await prepareStanding(bare.ctx, 'T1', 'U0JOAO');
    expect(standingProblem(bare.standing('U0JOAO'))).toContain('this dealcoach has no way to ask Slack');

    const unknown = setup(controlledDirectory().directory);
    unknown.person('U0JOAO', null);
    await prepareStanding(unknown.ctx, 'T1', 'U0JOAO', { waitMs: 0 });
    expect(unknown.standing('U0JOAO')).toEqual({ admin: false, why: 'unconfirmed' });
    expect(standingProblem(unknown.standing('U0JOAO'))).toContain('Slack did not confirm');
  });

  it('keeps workspaces apart: an admin in one does not end or block the stand-in of another', async () => {
    const { ctx, store, clock, person, standing } = setup({
      lookup: async () => null,
      workspaceAdmins: async (teamId) => ({ admins: teamId === 'T2' ? [{ userId: 'W0OWNER', owner: true }] : [] }),
    });
    person('U0JOAO', false);
    upsertUser(store.db, 'T2', 'W0OWNER', { isAdmin: true }, clock.now());
    await prepareStanding(ctx, 'T1', 'U0JOAO');
    expect(standing('U0JOAO')).toEqual({ admin: true, standIn: true });
    expect(
      store.db
        .select()
        .from(users)
        .all()
        .map((u) => [u.teamId, u.slackId]),
    ).toHaveLength(2);
  });
});

describe('the review DM', () => {
  it('splits many grants into messages within Block Kit limits and escapes team names', () => {
    const grants: StandInGrantLine[] = Array.from({ length: 45 }, (_, i) => ({
      id: i + 1,
      kind: i % 2 ? 'team_add' : 'manager',
      userId: `U0REP${i}`,
      grantedBy: 'U0MALLORY',
      teamName: i % 2 ? `<!channel> Ventas & Co ${'ñ'.repeat(150)}` : null,
      role: i % 4 === 1 ? 'manager' : 'rep',
      grantedAt: new Date('2026-11-20T10:00:00Z'),
    }));
    const messages = standInReviewMessages({
      standInId: 'U0MALLORY',
      namedAdmin: 'U0ADELIA',
      how: 'admin_recorded',
      grants,
      otherChanges: Array.from({ length: 14 }, (_, i) => ({
        at: new Date('2026-11-21T10:00:00Z'),
        action: i % 2 ? 'team.channel' : 'team.threshold',
        subject: '<@U0EVIL> Everyone',
        details: { channelId: 'C0PUBLIC' },
      })),
      now: new Date('2026-11-23T14:00:00Z'),
      zone: 'Europe/Lisbon',
    });
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(checkMessage(m)).toEqual([]);
    const all = JSON.stringify(messages);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U0EVIL>');
    expect(all).toContain('&lt;!channel&gt; Ventas &amp; Co');
    expect(all).toContain('…and 4 more in the audit log.');
    const buttons = JSON.stringify(messages).match(/"action_id":"stand_in_(keep|revoke)"/g);
    expect(buttons).toHaveLength(90);
  });
});

describe('the console', () => {
  it('has no Slack: its first user stands in as before, the next one is a rep', async () => {
    const store = openStore(':memory:');
    stores.push(store);
    const { out } = await runConsoleScript({
      store,
      start: '2026-11-23T14:00:00Z',
      teamId: 'TLOCAL',
      userId: 'U0LOCAL',
      lines: ['/deal team create Équipe Lyon', ':as U0OTHER', '/deal team manager @U0OTHER'],
    });
    expect(
      store.db
        .select()
        .from(salesTeams)
        .all()
        .map((t) => t.name),
    ).toEqual(['Équipe Lyon']);
    expect(out).toContain('Only a workspace admin');
  });
});
