// `dealcoach digest`: a manager digest for one sales team, printed, and posted with --post.
import { WebClient } from '@slack/web-api';
import { WEB_API_TIMEOUT_MS } from '../slack/timeouts.js';
import { eq } from 'drizzle-orm';
import { configOrExplain, defineCommand, parseAt, printJson } from '../cli.js';
import type { Config } from '../config.js';
import { renderMessage } from '../console/render.js';
import { openStore, type Store } from '../db/index.js';
import { outbox, type SalesTeamRow } from '../db/schema.js';
import { systemClock } from '../domain/clock.js';
import { nameWords } from '../domain/deal-names.js';
import { EVERYONE } from '../domain/team-grammar.js';
import { deliverOutbox } from '../jobs/delivery.js';
import { buildDigest, digestSender, manualDigestKey, queueDigest, type DigestData } from '../jobs/digest.js';
import { everyoneTeam, teamsOfWorkspace } from '../services/teams.js';
import { digestMessages } from '../slack/views/digest.js';
import { webMessenger } from '../slack/web-messenger.js';
import { pickWorkspace } from './workspace.js';

export default defineCommand({
  name: 'digest',
  usage: [
    'Usage: dealcoach digest [--team <name|id>] [--workspace <T…>] [--at <ISO time>] [--json]',
    '                        [--post [--channel <C…>]]',
    '',
    `  --team <name|id>     the sales team (default ${EVERYONE}: the reps in no team)`,
    '  --workspace <T…>     the Slack workspace (default: the only one in the database)',
    '  --at <ISO time>      the digest as of that moment (default now; no offset: in DEALCOACH_TIMEZONE)',
    '  --json               the digest as one JSON document',
    "  --post               also post it to the team's digest channel (needs SLACK_BOT_TOKEN)",
    '  --channel <C…>       post there instead',
  ].join('\n'),
  options: {
    team: { type: 'string' },
    workspace: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean', default: false },
    post: { type: 'boolean', default: false },
    channel: { type: 'string' },
  },
  async run({ values }) {
    const config = configOrExplain();
    if (!config) return 2;
    const at = parseAt(values.at, systemClock.now(), config.DEALCOACH_TIMEZONE);
    if (!at) return 2;
    const store = openStore(config.DATABASE_URL);
    try {
      const workspace = pickWorkspace(store, values.workspace);
      if (!workspace) return 2;
      const team = values.team === undefined ? null : findTeam(store, workspace, values.team);
      if (team === undefined) return 2;
      const data = buildDigest(store, workspace, team, { at, defaultZone: config.DEALCOACH_TIMEZONE });
      const messages = digestMessages(data);
      const texts = [messages.main, ...messages.thread].map((m) => renderMessage(m).text);
      if (values.json) printJson(data);
      else process.stdout.write(`${texts.join('\n\n(thread)\n')}\n`);
      if (!values.post) return 0;
      const teamChannel = team ? team.digestChannel : everyoneTeam(store.db, workspace)?.digestChannel;
      const channel = values.channel ?? teamChannel ?? null;
      if (!channel) {
        process.stderr.write('--post: no channel. Give --channel C0123 or set one with /deal team channel #channel.\n');
        return 2;
      }
      return await postDigest(config, store, { team, channel, data, at });
    } finally {
      store.close();
    }
  },
});

/**
 * The sales team named by name (any case, accents and punctuation ignored) or id (Everyone: null); undefined,
 * after one line on stderr naming it and listing the workspace's teams, when there is none such (exit 2).
 */
function findTeam(store: Store, workspace: string, given: string): SalesTeamRow | null | undefined {
  const wanted = nameWords(given).join(' ');
  if (wanted === nameWords(EVERYONE).join(' ')) return null;
  const teams = teamsOfWorkspace(store.db, workspace).filter((t) => t.name !== EVERYONE);
  const team = wanted
    ? teams.find((t) => String(t.id) === given.trim() || nameWords(t.name).join(' ') === wanted)
    : null;
  if (team) return team;
  const names = [`${EVERYONE} (the reps in no team)`, ...teams.map((t) => `${t.name} (id ${t.id})`)];
  process.stderr.write(`No team "${given}" in workspace ${workspace}. Its teams: ${names.join(', ')}.\n`);
  return undefined;
}

/** Queues the digest in the outbox like the scheduler does, then delivers it now. */
async function postDigest(
  config: Config,
  store: Store,
  digest: { team: SalesTeamRow | null; channel: string; data: DigestData; at: Date },
): Promise<number> {
  if (!config.SLACK_BOT_TOKEN) {
    process.stderr.write('--post needs SLACK_BOT_TOKEN (see .env.example).\n');
    return 2;
  }
  const { team, channel, data, at } = digest;
  const key = manualDigestKey(team, at);
  await store.write((tx) => queueDigest(tx, { key, channel, data, at }));
  const client = new WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: WEB_API_TIMEOUT_MS,
  });
  const messenger = webMessenger(client);
  const result = await deliverOutbox(store, messenger, at, { senders: { digest: digestSender(messenger, store) } });
  const row = store.db.select().from(outbox).where(eq(outbox.key, key)).get();
  const posted = row?.status === 'sent';
  const notYet = `Not posted yet (${row?.lastError ?? 'pending'}); the running bot retries it.`;
  process.stderr.write(`${posted ? `Posted to ${channel}.` : notYet}\n`);
  return row?.status === 'failed' || result.failed ? 1 : 0;
}
