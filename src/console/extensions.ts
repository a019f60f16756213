// What the console adds to the shared handlers: the scheduled jobs on :advance, :scan, :digest,
// :home. Buttons and forms go through the interaction table in the console core.
import type { Config } from '../config.js';
import { EVERYONE } from '../domain/team-grammar.js';
import { buildDigest } from '../jobs/digest.js';
import { scan } from '../jobs/scan.js';
import { describeScan } from '../jobs/scan-summary.js';
import { scheduledJobs } from '../jobs/scheduled-jobs.js';
import { deliverAll, runJobsBetween } from '../jobs/scheduler.js';
import { publishHome } from '../services/home.js';
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
          const result = await scan(session.ctx.store, at, { defaultZone: session.ctx.defaultZone });
          session.note(describeScan(result, session.ctx.defaultZone));
          await deliverAll({ app: session.ctx, messenger: session.messenger }, at);
        },
      },
      help: [
        '  :scan                     run the silence scan and deliver its messages now',
        "  :digest                   build and show your team's digest now",
        '  :home                     show your App Home board',
      ],
    },
  ];
}
