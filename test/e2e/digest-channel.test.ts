// Where the digest goes, over signed HTTP against the fake Slack (which answers conversations.info and refuses
// posts as Slack does): `/deal team channel #x` is refused, changing nothing, when the bot is not in the channel
// (public: not_in_channel; private: channel_not_found), when it is archived, or when Slack cannot say; a digest
// refused later for its channel is told to the team's manager by DM, once per problem until a digest goes out.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEvents, outbox, salesTeams } from '../../src/db/schema.js';
import { scanAndDeliverJob } from '../../src/jobs/scheduler.js';
import { webMessenger } from '../../src/slack/web-messenger.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { slackClient } from '../support/scheduler.js';
import { say } from '../security/support.js';

const ADMIN = 'U0ADELIA';
const MARTA = 'U0MARTA';
const JONAS = 'U0JONAS';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ start: '2026-11-06T10:00:00Z' });
  t.fake.users.set(ADMIN, { tz: 'Europe/Lisbon', real_name: 'Adélia Admin', is_admin: true });
  t.fake.users.set(MARTA, { tz: 'Europe/Berlin', real_name: 'Marta Müller' });
  t.fake.users.set(JONAS, { tz: 'Europe/Berlin', real_name: 'Jonas Ødegård' });
  t.fake.channels.set('C0SALES', { name: 'vertrieb-dach' });
  t.fake.channels.set('C0PUBLIC', { name: 'sales-nordics', is_member: false });
  t.fake.channels.set('G0LEAD', { name: 'leadership', is_private: true, is_member: false });
  t.fake.channels.set('C0OLD', { name: 'sales-2024', is_archived: true });
});
afterEach(() => t.stop());

const team = () => t.store.db.select().from(salesTeams).all();
const channelAudits = () => t.store.db.select().from(auditEvents).where(eq(auditEvents.action, 'team.channel')).all();

async function martaManagesATeam() {
  await say(t, ADMIN, 'list');
  expect(await say(t, ADMIN, `team manager <@${MARTA}>`)).toContain('is a manager now');
  expect(await say(t, MARTA, 'team create Vertrieb DACH')).toContain('Vertrieb DACH');
}

describe('/deal team channel', () => {
  it('refuses a channel the bot is not in, a private one it cannot see and an archived one, changing nothing', async () => {
    await martaManagesATeam();
    const publicAnswer = await say(t, MARTA, 'team channel <#C0PUBLIC|sales-nordics>');
    expect(publicAnswer).toContain('I am not in <#C0PUBLIC>, and I post only in channels I was invited to.');
    expect(publicAnswer).toContain('Invite me with `/invite @dealcoach` in <#C0PUBLIC>, then run this again.');
    expect(publicAnswer).toContain('Nothing was changed.');
    expect(publicAnswer).toContain('#sales-nordics'); // the fallback text names it

    const privateAnswer = await say(t, MARTA, 'team channel <#G0LEAD|leadership>');
    expect(privateAnswer).toContain('I cannot see <#G0LEAD>: it is a private channel I am not in');
    expect(privateAnswer).toContain('invite me with `/invite @dealcoach` in <#G0LEAD>, then run this again.');

    expect(await say(t, MARTA, 'team channel <#C0OLD|sales-2024>')).toContain('<#C0OLD> is archived');

    t.fake.fail('conversations.info', {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': '3' },
    });
    expect(await say(t, MARTA, 'team channel <#C0SALES|vertrieb-dach>')).toContain(
      'Slack did not say whether I can post in <#C0SALES> (rate limited (Retry-After 3s))',
    );
    t.fake.fail('conversations.info', { body: { ok: false, error: 'missing_scope', needed: 'channels:read' } });
    expect(await say(t, MARTA, 'team channel <#C0SALES|vertrieb-dach>')).toContain(
      'this installation of dealcoach may not read channels (the `channels:read` and `groups:read` scopes)',
    );

    expect(team()[0]!.digestChannel).toBeNull();
    expect(channelAudits()).toEqual([]);
    expect(t.fake.callsTo('conversations.info').map((c) => c.body.channel)).toEqual([
      'C0PUBLIC',
      'G0LEAD',
      'C0OLD',
      'C0SALES',
      'C0SALES',
    ]);

    // A channel the bot was invited to is taken.
    expect(await say(t, MARTA, 'team channel <#C0SALES|vertrieb-dach>')).toContain(
      'Team *Vertrieb DACH* updated: its digest goes to <#C0SALES>',
    );
    expect(team()[0]!.digestChannel).toBe('C0SALES');
    expect(channelAudits()).toHaveLength(1);
  });

  it('a rep is told first that only the manager changes it; Everyone is not set up by a refused channel', async () => {
    await say(t, ADMIN, 'list');
    await say(t, JONAS, 'list');
    expect(await say(t, JONAS, 'team channel <#C0PUBLIC|sales-nordics>')).toContain(
      'Only a manager named by a workspace admin sets up Everyone',
    );
    // The admin may set Everyone up: the refusal leaves no Everyone team behind.
    expect(await say(t, ADMIN, 'team channel <#C0PUBLIC|sales-nordics>')).toContain('I am not in <#C0PUBLIC>');
    expect(team()).toEqual([]);
    expect(t.store.db.select().from(auditEvents).all()).toEqual([]);
    expect(await say(t, ADMIN, 'team channel <#C0SALES|vertrieb-dach>')).toContain(
      'Team *Everyone* updated: its digest goes to <#C0SALES>',
    );
    expect(team()).toMatchObject([{ name: 'Everyone', digestChannel: 'C0SALES', managerId: ADMIN }]);
  });
});

describe('a digest Slack refuses for its channel', () => {
  /** The scheduler's job at `iso`: scan, queue the digests due, deliver. */
  const runAt = async (iso: string) => {
    t.clock.set(iso);
    const messenger = webMessenger(slackClient(t.fake.apiUrl));
    await scanAndDeliverJob({ app: t.ctx, messenger }, '*/15 * * * *').run(new Date(iso));
  };
  const digests = () =>
    t.store.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.kind === 'digest');
  const notices = () =>
    t.store.db
      .select()
      .from(outbox)
      .all()
      .filter((r) => r.kind === 'notice');
  const dmsToMarta = () => t.fake.postedTo(MARTA).filter((m) => /could not be posted/.test(m.text));

  it('tells the manager once per problem, with how to fix it, until a digest goes out again', async () => {
    await martaManagesATeam();
    await say(t, MARTA, 'team channel <#C0SALES|vertrieb-dach>');
    await say(t, MARTA, 'team schedule daily 09:00 zone Europe/Berlin');

    // Monday: someone removed the bot from the channel.
    t.fake.channels.set('C0SALES', { name: 'vertrieb-dach', is_member: false });
    await runAt('2026-11-09T08:00:00Z');
    expect(digests()).toMatchObject([{ status: 'failed', lastError: 'not_in_channel' }]);
    expect(notices()).toMatchObject([{ recipient: MARTA, status: 'pending' }]);
    await runAt('2026-11-09T08:15:00Z');
    expect(dmsToMarta()).toHaveLength(1);
    const dm = t.fake
      .callsTo('chat.postMessage')
      .find((c) => c.body.channel === MARTA && /could not/.test(c.body.text))!;
    expect(dm.body.text).toContain(
      'The digest of Vertrieb DACH could not be posted in #C0SALES (Slack: not_in_channel).',
    );
    expect(JSON.stringify(dm.body.blocks)).toContain('invite me with `/invite @dealcoach` in <#C0SALES>');

    // Tuesday: the same problem; no second DM.
    await runAt('2026-11-10T08:00:00Z');
    await runAt('2026-11-10T08:15:00Z');
    expect(digests().map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(dmsToMarta()).toHaveLength(1);

    // Wednesday: the channel is archived as well: another problem, one more DM.
    t.fake.channels.set('C0SALES', { name: 'vertrieb-dach', is_archived: true });
    await runAt('2026-11-11T08:00:00Z');
    await runAt('2026-11-11T08:15:00Z');
    expect(dmsToMarta()).toHaveLength(2);
    expect(dmsToMarta()[1]!.text).toContain('(Slack: is_archived)');

    // Thursday: fixed, the digest goes out. Friday: removed again, and Marta hears of it again.
    t.fake.channels.set('C0SALES', { name: 'vertrieb-dach' });
    await runAt('2026-11-12T08:00:00Z');
    expect(digests().at(-1)!.status).toBe('sent');
    t.fake.channels.set('C0SALES', { name: 'vertrieb-dach', is_member: false });
    await runAt('2026-11-13T08:00:00Z');
    await runAt('2026-11-13T08:15:00Z');
    expect(dmsToMarta()).toHaveLength(3);
    expect(notices().map((n) => n.key)).toEqual([
      expect.stringMatching(/^digest-problem:\d+:C0SALES:not_in_channel:0$/),
      expect.stringMatching(/^digest-problem:\d+:C0SALES:is_archived:0$/),
      expect.stringMatching(/^digest-problem:\d+:C0SALES:not_in_channel:[1-9]\d*$/),
    ]);
  });

  it('a private channel the bot is not in, or one deleted: channel_not_found, with what to do', async () => {
    await martaManagesATeam();
    await say(t, MARTA, 'team channel <#C0SALES|vertrieb-dach>');
    await say(t, MARTA, 'team schedule daily 09:00 zone Europe/Berlin');
    t.fake.channels.set('C0SALES', { deleted: true });
    await runAt('2026-11-09T08:00:00Z');
    await runAt('2026-11-09T08:15:00Z');
    expect(digests()).toMatchObject([{ status: 'failed', lastError: 'channel_not_found' }]);
    const [dm] = dmsToMarta();
    expect(dm!.text).toContain('(Slack: channel_not_found)');
    expect(dm!.text).toContain('if it is gone, name another one with `/deal team channel #channel`');
  });
});
