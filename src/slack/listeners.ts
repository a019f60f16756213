// Thin listeners: ack fast, call a service, render. Slow work (users.info, drafting) runs after the ack.
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { findUser } from '../db/users.js';
import { knownActor, resolveActor, type Actor, type AppContext } from '../services/context.js';
import { slackDirectory } from './directory.js';
import { runDealCommand } from '../services/deal-commands.js';
import { dispatchAction, dispatchSubmission } from '../services/interactions.js';
import { esc, fromSlack } from './blocks.js';
import { homeRefresher } from './home-refresh.js';
import { ACTION_IDS, ALL_ACTION_IDS, ALL_CALLBACK_IDS } from './ids.js';
import type { Messenger } from './messenger.js';
import { modalValues } from './modal-values.js';
import { errorMessage } from './views/deal.js';
import { webMessenger } from './web-messenger.js';

const SOMETHING_WENT_WRONG = errorMessage(
  'Something went wrong on our side and nothing was changed. Please try again in a moment.',
);

export interface ListenerOptions {
  /** How long an App Home refresh waits to group a rep's changes (HOME_REFRESH_DELAY_MS; tests: 0). */
  homeRefreshDelayMs?: number;
}

export function registerListeners(app: App, ctx: AppContext, options: ListenerOptions = {}): void {
  const home = homeRefresher(options.homeRefreshDelayMs);
  const refreshHome = (messenger: Messenger, actor: Actor, log: (line: string) => void) =>
    home.refresh(ctx, messenger, actor, log);
  app.command('/deal', async ({ command, ack, respond, client, logger }) => {
    const teamId = command.team_id;
    const userId = command.user_id;
    let acked = false;
    const ackOnce = async (body?: Parameters<typeof ack>[0]) => {
      acked = true;
      await ack(body);
    };
    try {
      // Team commands need to know whether Slack counts the user an admin: ask once, before answering.
      const needsAdminCheck =
        /^\s*team\b/i.test(command.text ?? '') && findUser(ctx.store.db, teamId, userId)?.isAdmin == null;
      const fast = needsAdminCheck ? null : knownActor(ctx, teamId, userId);
      if (!fast) await ackOnce(); // First sight of this rep: ack now, read their zone, answer via response_url.
      const actor = fast ?? (await resolveActor(ctx, teamId, userId, slackDirectory(client)));
      const outcome = await runDealCommand(ctx, actor, fromSlack(command.text ?? ''));
      if (outcome.type === 'modal') {
        if (!acked) await ackOnce();
        await client.views.open({ trigger_id: command.trigger_id, view: outcome.view });
        return;
      }
      const body = { response_type: 'ephemeral' as const, text: outcome.message.text, blocks: outcome.message.blocks };
      if (!acked) await ackOnce(body);
      else await respond(body);
      if (outcome.modal) {
        try {
          await client.views.open({ trigger_id: command.trigger_id, view: outcome.modal });
        } catch (error) {
          // The change above is saved: say so, and what did not happen, instead of "nothing was changed".
          logger.warn(`/deal follow-up form for ${teamId}/${userId} did not open: ${(error as Error).message}`);
          const text =
            `Saved as shown above. Slack did not open the follow-up form (${(error as Error).message}` +
            `); nothing else was lost: run \`/deal\` on the deal again to fill it in.`;
          await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
        }
      }
      const messenger = webMessenger(client);
      if (outcome.after) await outcome.after(messenger);
      if (outcome.changed) await refreshHome(messenger, actor, (line) => logger.warn(line));
    } catch (error) {
      logger.error(`/deal failed for ${teamId}/${userId}: ${(error as Error).message}`);
      const body = {
        response_type: 'ephemeral' as const,
        text: SOMETHING_WENT_WRONG.text,
        blocks: SOMETHING_WENT_WRONG.blocks,
      };
      if (!acked) await ackOnce(body).catch(() => undefined);
      else await respond(body).catch(() => undefined);
    }
  });

  // Any other slash command routed here (a mistyped manifest): answer at once, never time out.
  app.command(/^(?!\/deal$).*/, async ({ command, ack }) => {
    await ack({
      response_type: 'ephemeral',
      text: esc(`dealcoach only knows /deal; ${command.command} is not one of its commands.`),
    });
  });

  // One registration per id (slack/ids.ts): no pattern families, so no click is acked twice.
  for (const actionId of ALL_ACTION_IDS) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client, logger }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      try {
        const actor = await resolveActor(ctx, teamId, body.user.id, slackDirectory(client));
        const messenger = webMessenger(client);
        const result = await dispatchAction(ctx, messenger, actor, actionId, action.value);
        if (result.modal) await client.views.open({ trigger_id: body.trigger_id, view: result.modal });
        if (result.message) {
          const { text, blocks } = result.message;
          await respond({ response_type: 'ephemeral', replace_original: false, text, blocks });
        }
        if (actionId !== ACTION_IDS.draftMailto) await refreshHome(messenger, actor, (line) => logger.warn(line));
      } catch (error) {
        logger.error(`button ${actionId} failed for ${teamId}/${body.user.id}: ${(error as Error).message}`);
        const text = SOMETHING_WENT_WRONG.text;
        await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      }
    });
  }

  for (const callbackId of ALL_CALLBACK_IDS) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client, logger }) => {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const actor = await resolveActor(ctx, teamId, body.user.id, slackDirectory(client));
      const messenger = webMessenger(client);
      const values = modalValues(view.state.values);
      const outcome = await dispatchSubmission(ctx, messenger, actor, callbackId, view.private_metadata, values);
      if (!outcome.ok) {
        await ack({ response_action: 'errors', errors: outcome.errors });
        return;
      }
      await ack();
      try {
        if (outcome.message) await messenger.dm(teamId, body.user.id, outcome.message);
        if (outcome.after) await outcome.after(messenger);
        await refreshHome(messenger, actor, (line) => logger.warn(line));
      } catch (error) {
        logger.error(`form ${callbackId} follow-up failed for ${body.user.id}: ${(error as Error).message}`);
      }
    });
  }

  app.event('app_home_opened', async ({ event, body, client, logger }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const actor = await resolveActor(ctx, teamId, event.user, slackDirectory(client));
    await refreshHome(webMessenger(client), actor, (line) => logger.warn(line));
  });
}
