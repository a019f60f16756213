// What the console adds to the shared handlers: the scheduled jobs on :advance, :scan, :digest,
// :home, and the buttons and forms of the interaction services.
import type { Config } from '../config.js';
import { EVERYONE } from '../domain/team-grammar.js';
import { buildDigest } from '../jobs/digest.js';
import { scan } from '../jobs/scan.js';
import { describeScan } from '../jobs/scan-summary.js';
import { scheduledJobs } from '../jobs/scheduled-jobs.js';
import { deliverAll, runJobsBetween } from '../jobs/scheduler.js';
import { publishHome } from '../services/home.js';
import { dispatchAction, dispatchSubmission, FORM_CALLBACKS, isKnownAction } from '../services/interactions.js';
import { teamOf } from '../services/teams.js';
import { digestMessages } from '../slack/views/digest.js';
import type { ConsoleExtension, ConsoleSession } from './index.js';

export function consoleExtensions(config: Config): ConsoleExtension[] {
  const jobsFor = (session: ConsoleSession) =>
    scheduledJobs(config, { app: session.ctx, messenger: session.messenger, log: (line) => session.note(line) });
  return [
    {
      async advance(session, from, to) {
        await runJobsBetween(jobsFor(session), from, to, (at) => session.clock.set(at));
      },
      directives: {
        async digest(session) {
          const team = teamOf(session.ctx.store.db, session.actor.teamId, session.actor.userId) ?? null;
          const options = { at: session.clock.now(), defaultZone: session.ctx.defaultZone };
          const salesTeam = team && team.name !== EVERYONE ? team : null;
          const data = buildDigest(session.ctx.store, session.actor.teamId, salesTeam, options);
          const { main, thread } = digestMessages(data);
          const channel = team?.digestChannel ?? '#digest';
          session.show(channel, 'channel', main);
          for (const reply of thread) session.show(`${channel} (thread)`, 'channel', reply);
        },
        async home(session) {
          await publishHome(session.ctx, session.messenger, session.actor);
        },
        async scan(session) {
          const at = session.clock.now();
          const result = scan(session.ctx.store, at, { defaultZone: session.ctx.defaultZone });
          session.note(describeScan(result, session.ctx.defaultZone));
          await deliverAll({ app: session.ctx, messenger: session.messenger }, at);
        },
      },
      async click(session, button) {
        if (!isKnownAction(button.actionId)) return false;
        const { actor, ctx, messenger } = session;
        const result = await dispatchAction(ctx, messenger, actor, button.actionId, button.value);
        if (result.message) session.show(actor.userId, 'ephemeral', result.message);
        if (result.modal) await messenger.openModal(actor.teamId, 'console', result.modal);
        return true;
      },
      async submit(session, view, values) {
        if (!(FORM_CALLBACKS as readonly string[]).includes(view.callback_id ?? '')) return false;
        const { actor, ctx, messenger } = session;
        const metadata = view.private_metadata ?? '';
        const outcome = await dispatchSubmission(ctx, messenger, actor, view.callback_id!, metadata, values);
        if (!outcome.ok) {
          const errors = Object.entries(outcome.errors).map(([k, v]) => `  ${k}: ${v}`).join('\n');
          session.note(`The form has errors (nothing saved):\n${errors}`);
          return true;
        }
        session.openModal = null;
        if (outcome.message) await messenger.dm(actor.teamId, actor.userId, outcome.message);
        if (outcome.after) await outcome.after(messenger);
        return true;
      },
      help: [
        '  :scan                     run the silence scan and deliver its messages now',
        '  :digest                   build and show your team\'s digest now',
        '  :home                     show your App Home board',
      ],
    },
  ];
}
