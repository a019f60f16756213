// users.list read as Slack pages it (src/slack/directory.ts), against the fake Slack, which enforces
// what Slack enforces: the limit (at most 1,000, required for a large workspace), opaque cursors, short
// pages before the end, and members of the asked workspace only.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listWorkspaceAdmins, slackAdminOf } from '../../src/slack/directory.js';
import { FakeSlack } from '../support/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  client = new WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});
afterEach(() => fake.stop());

const members = (count: number, team = 'T1') => {
  for (let i = 0; i < count; i++)
    fake.users.set(`U0P${String(i).padStart(4, '0')}`, { team, real_name: `Éva Kovács ${i}` });
};

async function slackError(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

describe('who Slack says are the admins', () => {
  it('follows the cursor through short pages and stops at the page that names an admin', async () => {
    members(8);
    fake.users.set('U0ADMIN', { real_name: 'Ngozi Okonkwo-Adébáyọ̀', is_admin: true });
    members(4, 'T1');
    fake.usersPageCap = 3; // Slack may send fewer than asked before the end
    expect(await listWorkspaceAdmins(client, 'T1')).toEqual({ admins: [{ userId: 'U0ADMIN', owner: false }] });
    expect(fake.callsTo('users.list')).toHaveLength(3);
  });

  it('counts no deleted member, bot, app user or Slackbot; lists owners first', async () => {
    fake.users.set('U0GONE', { is_primary_owner: true, deleted: true });
    fake.users.set('U0BOT', { is_admin: true, is_bot: true });
    fake.users.set('USLACKBOT', { is_admin: true });
    expect(await listWorkspaceAdmins(client, 'T1')).toEqual({ admins: [] });
    fake.users.set('U0ADMIN', { is_admin: true });
    fake.users.set('U0OWNER', { is_owner: true });
    expect((await listWorkspaceAdmins(client, 'T1')).admins).toEqual([
      { userId: 'U0OWNER', owner: true },
      { userId: 'U0ADMIN', owner: false },
    ]);
    expect(slackAdminOf({ id: 'U0APP', is_admin: true, is_app_user: true })).toBeNull();
  });

  it('asks for the workspace it is about (Enterprise Grid: W ids, team_id)', async () => {
    fake.users.set('W0OWNER2', { team: 'T2', is_owner: true });
    fake.users.set('W0REP1', { team: 'T1' });
    expect((await listWorkspaceAdmins(client, 'T1')).admins).toEqual([]);
    expect((await listWorkspaceAdmins(client, 'T2')).admins).toEqual([{ userId: 'W0OWNER2', owner: true }]);
  });
});

describe('the fake users.list', () => {
  it('requires a limit in a large workspace, takes at most 1,000 a page, and refuses a made-up cursor', async () => {
    members(1200);
    expect(await slackError(() => client.users.list({}))).toBe('limit_required');
    const page = await client.users.list({ limit: 5000 });
    expect(page.members).toHaveLength(1000);
    expect(page.response_metadata?.next_cursor).toBeTruthy();
    const rest = await client.users.list({ limit: 5000, cursor: page.response_metadata!.next_cursor! });
    expect(rest.members).toHaveLength(200);
    expect(rest.response_metadata?.next_cursor).toBe('');
    expect(await slackError(() => client.users.list({ limit: 10, cursor: 'dXNlcjpVMDYxTkZUVDI=' }))).toBe(
      'invalid_cursor',
    );
  });
});
