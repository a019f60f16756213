// Thin listeners: ack fast, call a service, render. Slow work (users.info) happens after the ack.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { knownActor, resolveActor, type AppContext, type UserDirectory } from '../services/context.js';
import { runDealCommand, submitDealModal } from '../services/deal-commands.js';
import { handleNudgeAction } from '../services/nudge-actions.js';
import { DEAL_MODAL_CALLBACK, errorMessage } from './views/deal.js';
import { modalValues } from './modal-values.js';

export function slackDirectory(client: WebClient): UserDirectory {
  return {
    async lookup(_teamId, userId) {
      const result = await client.users.info({ user: userId });
      const user = result.user;
      if (!user) return null;
      return { timezone: user.tz ?? null, name: user.real_name ?? user.name ?? null, email: user.profile?.email ?? null };
    },
  };
}

const SOMETHING_WENT_WRONG = errorMessage('Something went wrong on our side and nothing was changed. Please try again in a moment.');

export function registerListeners(app: App, ctx: AppContext): void {
  app.command('/deal', async ({ command, ack, respond, client, logger }) => {
    const teamId = command.team_id;
    const userId = command.user_id;
    let acked = false;
    const ackOnce = async (body?: Parameters<typeof ack>[0]) => {
      acked = true;
      await ack(body);
    };
    try {
      const fast = knownActor(ctx, teamId, userId);
      if (!fast) await ackOnce(); // First sight of this rep: ack now, read their zone, answer via response_url.
      const actor = fast ?? (await resolveActor(ctx, teamId, userId, slackDirectory(client)));
      const outcome = await runDealCommand(ctx, actor, command.text ?? '');
      if (outcome.type === 'modal') {
        if (!acked) await ackOnce();
        await client.views.open({ trigger_id: command.trigger_id, view: outcome.view });
        return;
      }
      const body = { response_type: 'ephemeral' as const, text: outcome.message.text, blocks: outcome.message.blocks };
      if (!acked) await ackOnce(body);
      else await respond(body);
    } catch (error) {
      logger.error(`/deal failed for ${teamId}/${userId}: ${(error as Error).message}`);
      const body = { response_type: 'ephemeral' as const, text: SOMETHING_WENT_WRONG.text, blocks: SOMETHING_WENT_WRONG.blocks };
      if (!acked) await ackOnce(body).catch(() => undefined);
      else await respond(body).catch(() => undefined);
    }
  });

  // Any other slash command routed here (a mistyped manifest): answer at once, never time out.
  app.command(/^(?!\/deal$).*/, async ({ command, ack }) => {
    await ack({ response_type: 'ephemeral', text: `dealcoach only knows /deal; ${command.command} is not one of its commands.` });
  });

  // Buttons on the "due today" DM.
  app.action(/^nudge_/, async ({ ack, body, action, respond, client, logger }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    try {
      const actor = await resolveActor(ctx, teamId, body.user.id, slackDirectory(client));
      const button = action as { action_id: string; value?: string };
      const reply = await handleNudgeAction(ctx, actor, button.action_id, button.value);
      await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
    } catch (error) {
      logger.error(`nudge button failed for ${teamId}/${body.user.id}: ${(error as Error).message}`);
      await respond({ response_type: 'ephemeral', replace_original: false, text: SOMETHING_WENT_WRONG.text }).catch(() => undefined);
    }
  });

  app.view(DEAL_MODAL_CALLBACK, async ({ ack, body, view, client, logger }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const actor = await resolveActor(ctx, teamId, body.user.id, slackDirectory(client));
    const outcome = submitDealModal(ctx, actor, modalValues(view.state.values));
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    await ack();
    try {
      await client.chat.postMessage({ channel: body.user.id, text: outcome.message.text, blocks: outcome.message.blocks });
    } catch (error) {
      logger.warn(`could not confirm the deal form to ${body.user.id}: ${(error as Error).message}`);
    }
  });
}
