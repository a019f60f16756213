// The fake Slack refuses what Slack refuses, so tests of long digests and lists meet Slack's limits.
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocksTextLength, L } from './block-kit-limits.js';
import { FakeSlack } from './fake-slack.js';

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

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
/** What Slack answered: the response, or the platform error's data. */
async function answer(call: () => Promise<unknown>): Promise<Record<string, any>> {
  try {
    return (await call()) as Record<string, any>;
  } catch (error) {
    return (error as { data: Record<string, any> }).data;
  }
}

describe('the fake Slack enforces Block Kit', () => {
  it('reads its limits from the fixture', () => {
    expect(L).toMatchObject({
      messageBlocks: 50,
      viewBlocks: 100,
      text: 3000,
      field: 2000,
      buttonText: 75,
      viewTitle: 24,
    });
  });

  it('answers invalid_blocks for a section over 3,000 characters, and records why', async () => {
    const body = await answer(() =>
      client.chat.postMessage({ channel: 'U1', text: 'Zürich', blocks: [section('ü'.repeat(3001))] }),
    );
    expect(body).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(fake.rejected).toEqual([
      {
        method: 'chat.postMessage',
        error: 'invalid_blocks',
        problems: ['blocks[0] (section).text: 3001 characters > 3000'],
      },
    ]);
  });

  it('answers invalid_blocks for 51 blocks, a 76-character button, a repeated block_id; in chat.update too', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`Łódź Sp. z o.o. ${i}`));
    expect(
      await answer(() => client.chat.update({ channel: 'D1', ts: '1.2', text: 'x', blocks: tooMany })),
    ).toMatchObject({ error: 'invalid_blocks' });
    const longButton = {
      type: 'actions',
      elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'é'.repeat(76) } }],
    };
    expect(
      await answer(() => client.chat.postMessage({ channel: 'U1', text: 'x', blocks: [longButton] })),
    ).toMatchObject({ error: 'invalid_blocks' });
    const twice = [
      { ...section('Acme'), block_id: 'b1' },
      { ...section('株式会社'), block_id: 'b1' },
    ];
    expect(await answer(() => client.chat.postMessage({ channel: 'U1', text: 'x', blocks: twice }))).toMatchObject({
      error: 'invalid_blocks',
    });
    expect(fake.rejected.map((r) => r.method)).toEqual(['chat.update', 'chat.postMessage', 'chat.postMessage']);
  });

  it('answers msg_blocks_too_long above 11,300 characters of text in all (fields, context, buttons)', async () => {
    // Every block is within its own limits; together they carry 11,301 characters.
    const blocks = [
      section('a'.repeat(2900)),
      section('b'.repeat(2900)),
      section('c'.repeat(2900)),
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: 'd'.repeat(1200) },
          { type: 'plain_text', text: 'e'.repeat(1000) },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'f'.repeat(326) }] },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'g'.repeat(75) } }],
      },
    ];
    expect(blocksTextLength(blocks)).toBe(11_301);
    const refused = await answer(() => client.chat.postMessage({ channel: 'U1', text: 'Weekly pipeline', blocks }));
    expect(refused).toMatchObject({ ok: false, error: 'msg_blocks_too_long' });
    // One character fewer and Slack takes it.
    blocks[4] = { type: 'context', elements: [{ type: 'mrkdwn', text: 'f'.repeat(325) }] };
    expect(
      await answer(() => client.chat.postMessage({ channel: 'U1', text: 'Weekly pipeline', blocks })),
    ).toMatchObject({ ok: true });
    expect(fake.rejected.map((r) => r.error)).toEqual(['msg_blocks_too_long']);
  });

  it('answers invalid_arguments for a view over its limits, and takes a valid one', async () => {
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Nouvelle opportunité commerciale' },
      blocks: [section('ok')],
    };
    expect(await answer(() => client.views.open({ trigger_id: '1.2.3', view: modal }))).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    const fine = { ...modal, title: { type: 'plain_text' as const, text: 'Neue Chance' } };
    expect(await answer(() => client.views.open({ trigger_id: '1.2.3', view: fine }))).toMatchObject({ ok: true });
    expect(fake.rejected).toMatchObject([{ method: 'views.open', error: 'invalid_arguments' }]);
  });
});

describe('the fake Slack knows which channels the bot is in', () => {
  it('answers conversations.info and refuses posts as Slack does for a bot token without chat:write.public', async () => {
    fake.channels.set('C0NORD', { name: 'sales-nordics', is_member: false });
    fake.channels.set('G0LEAD', { name: 'leadership', is_private: true, is_member: false });
    fake.channels.set('C0OLD', { name: 'sales-2024', is_archived: true });
    fake.channels.set('C0GONE', { name: 'q3-push', deleted: true });
    const info = (channel: string) => answer(() => client.conversations.info({ channel }));
    const post = (channel: string) => answer(() => client.chat.postMessage({ channel, text: 'Stuck deals: Nordics' }));

    expect(await info('C0NORD')).toMatchObject({
      ok: true,
      channel: { id: 'C0NORD', name: 'sales-nordics', is_member: false, is_private: false, is_archived: false },
    });
    expect(await post('C0NORD')).toMatchObject({ ok: false, error: 'not_in_channel' });
    // A private channel the bot is not in does not exist, as far as the bot can tell.
    expect(await info('G0LEAD')).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(await post('G0LEAD')).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(await info('C0OLD')).toMatchObject({ ok: true, channel: { is_member: true, is_archived: true } });
    expect(await post('C0OLD')).toMatchObject({ ok: false, error: 'is_archived' });
    expect(await post('C0GONE')).toMatchObject({ ok: false, error: 'channel_not_found' });
    // A channel the test did not set up is a public one the bot is in; DMs are not channels.
    expect(await info('C0SALES')).toMatchObject({ ok: true, channel: { is_member: true } });
    expect(await post('C0SALES')).toMatchObject({ ok: true });
    expect(await post('U0MARTA')).toMatchObject({ ok: true, channel: 'D0MARTA' });
    expect(fake.postedTo('C0NORD')).toEqual([]);
  });
});
