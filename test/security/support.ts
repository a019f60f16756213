// Helpers for the adversarial suite: a slash command's answer (ack body or response_url), a signed
// button click, and a signed Events API post.
import { ackBody, eventually, SIGNING_SECRET, type TestApp } from '../support/app-harness.js';
import { slackSignature } from '../support/signed.js';

/** Runs `/deal <text>` as `user` and returns the text of the answer, wherever it arrived. */
export async function say(t: TestApp, user: string, text: string): Promise<string> {
  const before = t.fake.responses.length;
  const response = await t.slash(text, { user });
  const body = await ackBody(response);
  if (body?.text) return JSON.stringify(body.blocks ?? []) + body.text;
  const late = await eventually(() => t.fake.responses[before], `the answer to /deal ${text.slice(0, 40)}`);
  return JSON.stringify(late.blocks ?? []) + late.text;
}

let clicks = 0;
/** A signed block_actions payload for one button, as Slack sends it. */
export function click(t: TestApp, user: string, actionId: string, value: string): Promise<Response> {
  clicks++;
  return t.interact({
    type: 'block_actions',
    token: 'legacy',
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    container: { type: 'message', message_ts: '1700000001.000001', channel_id: 'D1', is_ephemeral: false },
    trigger_id: `${2000 + clicks}.333.trigger`,
    channel: { id: 'D1', name: 'directmessage' },
    message: { type: 'message', text: 'invite', blocks: [], ts: '1700000001.000001', user: 'UBOT', bot_id: 'BBOT' },
    response_url: t.fake.responseUrl(`click${clicks}`),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'b1',
        value,
        text: { type: 'plain_text', text: 'Go' },
        action_ts: '1700000002.000100',
      },
    ],
  });
}

let events = 0;
export function postEvent(t: TestApp, event: Record<string, unknown>): Promise<Response> {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvS${++events}`,
    event_time: 1_700_000_000,
    event,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(t.eventsUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    },
    body,
  });
}

export const fileShare = (fileId: string, user: string, text = '') => ({
  type: 'message',
  subtype: 'file_share',
  channel: `D${user.slice(1)}`,
  channel_type: 'im',
  user,
  text,
  ts: `1700000${events}.000100`,
  files: [{ id: fileId, name: 'ignored.csv' }],
});
