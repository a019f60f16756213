// Thin listeners: validate, call a service, render. Every request is acked within Slack's 3 s whatever
// holds the database or however slow Slack's API is: work that fits the bot's budget (budget.ts) is
// answered in the ack; the rest is acked with "working on it" and answered through response_url or a DM.
// Nothing waits on users.info before an ack: a known rep is served from their row, a new one after at
// most FIRST_LOOKUP_WAIT_MS (services/context.ts).
import type { AckFn, App, BlockAction, ButtonAction, RespondArguments, RespondFn, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { findUser } from '../db/users.js';
import { recordingWrites } from '../db/write.js';
import { actorFor, refreshProfile, type Actor, type AppContext } from '../services/context.js';
import { runDealCommand, type CommandOutcome } from '../services/deal-commands.js';
import { dispatchAction, dispatchSubmission, type SubmissionResult } from '../services/interactions.js';
import { esc, fromSlack, message, section, type BotMessage, type ModalView } from './blocks.js';
import { ACK_BUDGET_MS, failureMessage, formTooLate, settleWithin, STILL_WORKING, TRIGGER_LIFE_MS } from './budget.js';
import { slackDirectory } from './directory.js';
import { registerFallbacks } from './fallbacks.js';
import { homeRefresher } from './home-refresh.js';
import { ACTION_IDS, ALL_ACTION_IDS, ALL_CALLBACK_IDS } from './ids.js';
import type { Messenger } from './messenger.js';
import { modalValues } from './modal-values.js';
import { webMessenger } from './web-messenger.js';

export interface ListenerOptions {
  /** How long an App Home refresh waits to group a rep's changes (HOME_REFRESH_DELAY_MS; tests: 0). */
  homeRefreshDelayMs?: number;
  /** The bot's share of Slack's 3 s before it acks with "working on it" (ACK_BUDGET_MS; tests shorten it). */
  ackBudgetMs?: number;
}

type Log = (line: string) => void;

const ephemeral = (message: BotMessage) => ({
  response_type: 'ephemeral' as const,
  text: message.text,
  blocks: message.blocks,
});

/** Team commands that decide by Slack's admin flag wait for Slack to answer for the user first (after the ack). */
const TEAM_COMMAND = /^\s*team\b/i;

export function registerListeners(app: App, ctx: AppContext, options: ListenerOptions = {}): void {
  const home = homeRefresher(options.homeRefreshDelayMs);
  const budgetMs = options.ackBudgetMs ?? ACK_BUDGET_MS;
  const refreshHome = (messenger: Messenger, actor: Actor, log: Log) => home.refresh(ctx, messenger, actor, log);

  registerFallbacks(app);

  app.command('/deal', async ({ command, ack, respond, client, logger }) => {
    const received = performance.now();
    const { team_id: teamId, user_id: userId, trigger_id: trigger } = command;
    const text = fromSlack(command.text ?? '');
    const directory = slackDirectory(client);
    let commits = 0;
    const work = recordingWrites(async (record) => {
      try {
        const user = findUser(ctx.store.db, teamId, userId);
        // Whether Slack counts the user an admin decides team commands: ask Slack first when it never answered.
        const actor =
          TEAM_COMMAND.test(text) && user?.timezone && user.isAdmin == null
            ? await refreshProfile(ctx, teamId, userId, directory)
            : await actorFor(ctx, teamId, userId, directory);
        return { actor, outcome: await runDealCommand(ctx, actor, text) };
      } finally {
        commits = record.commits;
      }
    });
    const early = await settleWithin(work, budgetMs);
    if (early.done && early.ok) {
      const { actor, outcome } = early.value;
      await answerCommand(outcome, actor, { ack, respond, client, received, trigger, logger, acked: false });
      return;
    }
    if (early.done) {
      logger.error(`/deal failed for ${teamId}/${userId}: ${(early.error as Error).message}`);
      await ack(ephemeral(failureMessage(early.error, commits))).catch(() => undefined);
      return;
    }
    await ack(ephemeral(STILL_WORKING));
    try {
      const { actor, outcome } = await work;
      await answerCommand(outcome, actor, { ack, respond, client, received, trigger, logger, acked: true });
    } catch (error) {
      logger.error(`/deal failed for ${teamId}/${userId}: ${(error as Error).message}`);
      await respond(ephemeral(failureMessage(error, commits))).catch(() => undefined);
    }
  });

  interface Answering {
    ack: AckFn<string | RespondArguments>;
    respond: RespondFn;
    client: WebClient;
    received: number;
    trigger: string;
    logger: { warn(line: string): void; error(line: string): void };
    acked: boolean;
  }

  /** Shows a command's outcome (in the ack when still possible), opens its form, then runs its slower part. */
  const answerCommand = async (outcome: CommandOutcome, actor: Actor, a: Answering) => {
    const say = (message: BotMessage) => (a.acked ? a.respond(ephemeral(message)) : a.ack(ephemeral(message)));
    if (outcome.type === 'modal') {
      if (!a.acked) await a.ack();
      await openForm(
        a,
        outcome.view,
        (why) => `Slack did not open the form (${why}). Type \`/deal\` again to open it.`,
      );
      return;
    }
    await say(outcome.message);
    if (outcome.modal) {
      // The change above is saved: say so, and what did not happen, never "nothing was changed".
      await openForm(
        a,
        outcome.modal,
        (why) =>
          `Saved as shown above. Slack did not open the follow-up form (${why}); nothing else was lost: run ` +
          '`/deal` on the deal again to fill it in.',
      );
    }
    const messenger = webMessenger(a.client);
    try {
      if (outcome.after) await outcome.after(messenger);
    } catch (error) {
      // The change above is saved: say what did not happen, never "nothing was changed".
      a.logger.error(`/deal follow-up for ${actor.teamId}/${actor.userId} failed: ${(error as Error).message}`);
      const why = (error as Error).message;
      const line = `Saved as shown above, but the follow-up did not arrive (${why}). Try it again.`;
      await a.respond({ response_type: 'ephemeral', text: esc(line) }).catch(() => undefined);
    }
    if (outcome.changed) await refreshHome(messenger, actor, (line) => a.logger.warn(line));
  };

  /** Opens a form while its trigger lives; says so when it cannot (what was saved stays saved). */
  const openForm = async (a: Answering, view: ModalView, failed: (why: string) => string) => {
    const why =
      performance.now() - a.received > TRIGGER_LIFE_MS
        ? 'Slack opens one only within 3 seconds of the command, and this took longer'
        : await a.client.views.open({ trigger_id: a.trigger, view }).then(
            () => null,
            (error: Error) => error.message,
          );
    if (why === null) return;
    a.logger.warn(`a /deal form did not open: ${why}`);
    await a.respond({ response_type: 'ephemeral', text: esc(failed(why)) }).catch(() => undefined);
  };

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
      const received = performance.now();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const say = (message: BotMessage) =>
        respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
      await recordingWrites(async (record) => {
        try {
          const actor = await actorFor(ctx, teamId, body.user.id, slackDirectory(client));
          const messenger = webMessenger(client);
          const result = await dispatchAction(ctx, messenger, actor, actionId, action.value);
          if (result.modal) {
            if (performance.now() - received > TRIGGER_LIFE_MS) await say(formTooLate('Press the button again.'));
            else await client.views.open({ trigger_id: body.trigger_id, view: result.modal });
          }
          if (result.message) await say(result.message);
          if (actionId !== ACTION_IDS.draftMailto) await refreshHome(messenger, actor, (line) => logger.warn(line));
        } catch (error) {
          logger.error(`button ${actionId} failed for ${teamId}/${body.user.id}: ${(error as Error).message}`);
          await say(failureMessage(error, record.commits)).catch(() => undefined);
        }
      });
    });
  }

  for (const callbackId of ALL_CALLBACK_IDS) {
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, view, client, logger }) => {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const userId = body.user.id;
      const messenger = webMessenger(client);
      const dm = (message: BotMessage) => messenger.dm(teamId, userId, message);
      let commits = 0;
      let actor: Actor | null = null;
      const work = recordingWrites(async (record): Promise<SubmissionResult> => {
        try {
          actor = await actorFor(ctx, teamId, userId, slackDirectory(client));
          const values = modalValues(view.state.values);
          return await dispatchSubmission(ctx, messenger, actor, callbackId, view.private_metadata, values);
        } finally {
          commits = record.commits;
        }
      });
      const early = await settleWithin(work, budgetMs);
      if (early.done && early.ok && !early.value.ok) {
        await ack({ response_action: 'errors', errors: early.value.errors });
        return;
      }
      // Valid, failed, or still running: the form closes now; what happened comes as a DM.
      await ack();
      let outcome: SubmissionResult;
      try {
        if (!early.done) outcome = await work;
        else if (early.ok) outcome = early.value;
        else throw early.error;
      } catch (error) {
        logger.error(`form ${callbackId} failed for ${teamId}/${userId}: ${(error as Error).message}`);
        await dm(failureMessage(error, commits)).catch(() => undefined);
        return;
      }
      try {
        if (!outcome.ok) {
          // Only when the check ran past the budget (the form had to close first): the problems, in a DM.
          await dm(notSavedForm(outcome.errors));
          return;
        }
        if (outcome.message) await dm(outcome.message);
        if (outcome.after) await outcome.after(messenger);
        if (actor) await refreshHome(messenger, actor, (line) => logger.warn(line));
      } catch (error) {
        logger.error(`form ${callbackId} follow-up failed for ${userId}: ${(error as Error).message}`);
      }
    });
  }

  app.event('app_home_opened', async ({ event, body, client, logger }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const actor = await actorFor(ctx, teamId, event.user, slackDirectory(client));
    await refreshHome(webMessenger(client), actor, (line) => logger.warn(line));
  });
}

/** A form that turned out invalid after it had to close: what was wrong, and that nothing was saved. */
function notSavedForm(errors: Record<string, string>): BotMessage {
  const problems = Object.values(errors).map((problem) => `• ${esc(problem)}`);
  const intro = 'Not saved: the form had a problem. Nothing was changed; open it again with `/deal`.';
  return message(`${intro.replace(/`/g, '')} ${Object.values(errors).join(' ')}`, [
    section([`:warning: ${intro}`, ...problems].join('\n')),
  ]);
}
