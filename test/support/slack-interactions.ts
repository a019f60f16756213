// Interactions shaped like Slack's own payloads (test/fixtures/slack): pressing a button on a
// message the fake Slack recorded, and submitting a modal.
import { slackFixture } from './fixtures.js';
import type { FakeSlack, RecordedCall } from './fake-slack.js';

export interface PostedButton {
  action_id: string;
  value: string;
  block_id: string;
  text: { type: string; text: string };
}

/** A message with buttons as the fake Slack received it, its buttons by action id and by label. */
export interface PostedMessage {
  post: RecordedCall;
  buttons: Map<string, PostedButton>;
  byLabel: Map<string, PostedButton>;
}

type Blocks = Array<Record<string, any>>;

/** The buttons in `blocks`, each with the block_id of its actions block. */
export function buttonsIn(blocks: Blocks): PostedButton[] {
  return blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) =>
      (block.elements as Array<Record<string, any>>).map((el) => ({ ...el, block_id: block.block_id }) as PostedButton),
    );
}

/** The latest chat.postMessage whose blocks carry a button with `actionId`. */
export function postedWith(fake: FakeSlack, actionId: string): PostedMessage {
  const post = [...fake.callsTo('chat.postMessage')]
    .reverse()
    .find((c) => buttonsIn(c.body.blocks ?? []).some((b) => b.action_id === actionId));
  if (!post) throw new Error(`no message with a ${actionId} button was posted`);
  const buttons = buttonsIn(post.body.blocks);
  return {
    post,
    buttons: new Map(buttons.map((b) => [b.action_id, b])),
    byLabel: new Map(buttons.map((b) => [b.text.text, b])),
  };
}

export interface PressOptions {
  user?: string;
  /** The message the button is on: its blocks travel in the payload, as Slack sends them. */
  post?: { body: Record<string, any> };
  channel?: string;
  messageTs?: string;
  triggerId?: string;
  responseUrl: string;
}

/** A block_actions payload for one press (fixture example B, a message container with blocks). */
export function blockActionsPayload(
  button: Pick<PostedButton, 'action_id' | 'value' | 'block_id'> & { text?: PostedButton['text'] },
  options: PressOptions,
) {
  const fixture = slackFixture('block_actions_payloads.json').example_B_message_container_with_blocks;
  const user = options.user ?? 'U1';
  const channel = options.channel ?? 'D1';
  const messageTs = options.messageTs ?? '1700000001.000001';
  const message = options.post
    ? {
        ...fixture.message,
        text: options.post.body.text,
        blocks: options.post.body.blocks,
        ts: messageTs,
        user: 'UBOT',
        bot_id: 'BBOT',
        team: 'T1',
      }
    : fixture.message;
  return {
    ...fixture,
    team: { id: 'T1', domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: options.triggerId ?? '999.888.777',
    channel: { id: channel, name: 'directmessage' },
    message,
    response_url: options.responseUrl,
    actions: [
      {
        action_id: button.action_id,
        block_id: button.block_id,
        text: button.text ?? { type: 'plain_text', text: 'x' },
        value: button.value,
        type: 'button',
        action_ts: '1700000002.000001',
      },
    ],
  };
}

/**
 * The least a block_actions payload has (a press of Approve by `user`), for forging fields of the
 * wrong type through `overrides`: the edge must refuse those before any handler runs.
 */
export function bareBlockActions(user: string, overrides: Record<string, unknown>) {
  return {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    trigger_id: '1.2.3',
    actions: [{ type: 'button', action_id: 'draft_approve', block_id: 'b', value: '1', action_ts: '1' }],
    ...overrides,
  };
}

/** A view_submission payload for `view` with these input values (plain text) and selected options. */
export function viewSubmissionPayload(
  view: { callback_id?: string; private_metadata?: string },
  values: Record<string, string | null>,
  selects: Record<string, string | null> = {},
  user = 'U1',
) {
  const fixture = slackFixture('view_submission_payload.json').payload;
  const selected = (v: string | null) => (v ? { text: { type: 'plain_text', text: v }, value: v } : null);
  return {
    ...fixture,
    team: { ...fixture.team, id: 'T1' },
    user: { ...fixture.user, id: user, team_id: 'T1' },
    view: {
      ...fixture.view,
      // Only what the opened view set: the fixture's own values otherwise.
      ...(view.callback_id !== undefined ? { callback_id: view.callback_id } : {}),
      ...(view.private_metadata !== undefined ? { private_metadata: view.private_metadata } : {}),
      state: {
        values: {
          ...Object.fromEntries(
            Object.entries(values).map(([k, v]) => [k, { input: { type: 'plain_text_input', value: v } }]),
          ),
          ...Object.fromEntries(
            Object.entries(selects).map(([k, v]) => [
              k,
              { input: { type: 'static_select', selected_option: selected(v) } },
            ]),
          ),
        },
      },
    },
  };
}

/** An Events API envelope around one event, as Slack posts it (JSON). */
export function eventCallback(event: Record<string, unknown>, eventId: string) {
  return {
    token: 'verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    event,
  };
}
