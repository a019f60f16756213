// A digest Slack will not post because of its channel (the bot was removed from it, it is private and the bot
// was never in it, it was deleted or archived) is recorded on its outbox row; the team's manager is also told,
// by a DM through the outbox, what failed and how to fix it: once per problem, channel and team until a digest
// of the team goes out again (the key names the last digest sent), not at every digest.
import { and, desc, eq, like } from 'drizzle-orm';
import type { Store } from '../db/index.js';
import { outbox, salesTeams, type OutboxRow } from '../db/schema.js';
import { everyoneTeam } from '../services/teams.js';
import { digestChannelNotice } from '../slack/views/digest-channel.js';
import { classifyFailure, type Sender } from './delivery.js';

const CHANNEL_PROBLEMS = ['not_in_channel', 'channel_not_found', 'is_archived'] as const;
type ChannelProblem = (typeof CHANNEL_PROBLEMS)[number];
const isChannelProblem = (error: string): error is ChannelProblem =>
  (CHANNEL_PROBLEMS as readonly string[]).includes(error);

/** Queues the manager's DM about a digest refused for its channel; false when there is nobody to tell or it was. */
export async function queueDigestProblem(
  store: Store,
  row: Pick<OutboxRow, 'teamId' | 'key' | 'recipient'>,
  problem: ChannelProblem,
  at: Date,
): Promise<boolean> {
  const team = row.key.match(/^digest:([^:]+):/)?.[1];
  if (!team) return false;
  return store.write((tx) => {
    const found =
      team === 'everyone'
        ? everyoneTeam(tx, row.teamId)
        : tx
            .select()
            .from(salesTeams)
            .where(and(eq(salesTeams.teamId, row.teamId), eq(salesTeams.id, Number(team))))
            .get();
    if (!found?.managerId) return false;
    const lastSent = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.teamId, row.teamId),
          eq(outbox.kind, 'digest'),
          eq(outbox.status, 'sent'),
          like(outbox.key, `digest:${team}:%`),
        ),
      )
      .orderBy(desc(outbox.id))
      .get();
    const inserted = tx
      .insert(outbox)
      .values({
        teamId: row.teamId,
        key: `digest-problem:${team}:${row.recipient}:${problem}:${lastSent?.id ?? 0}`,
        kind: 'notice',
        recipient: found.managerId,
        payload: digestChannelNotice(problem, found.name, row.recipient),
        nextAttemptAt: at,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: outbox.id })
      .all();
    return inserted.length > 0;
  });
}

/**
 * The digest sender, telling the team's manager when Slack refuses the digest for its channel. The digest row
 * is still recorded as failed by delivery (the error goes on); the DM goes out with the next delivery.
 */
export function tellingManagerOfChannelProblems(store: Store, sender: Sender, at: Date): Sender {
  return async (row, via, alreadyPosted) => {
    try {
      return await sender(row, via, alreadyPosted);
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind === 'permanent' && isChannelProblem(failure.message))
        await queueDigestProblem(store, row, failure.message, at);
      throw error;
    }
  };
}
