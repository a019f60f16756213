// The deal a CLI command names ("Acme", "#12"), shared by `draft` and `check-tone`.
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/index.js';
import { deals, type DealRow } from '../db/schema.js';
import { resolveDealRef } from '../domain/grammar.js';

/** The one deal `ref` names among the filters, or null after saying on stderr why not (and what was meant). */
export function findDealOrExplain(
  store: Store,
  ref: string,
  filters: { workspace?: string; owner?: string },
): DealRow | null {
  const conditions = [
    filters.workspace ? eq(deals.teamId, filters.workspace) : undefined,
    filters.owner ? eq(deals.ownerId, filters.owner) : undefined,
  ];
  const candidates = store.db
    .select()
    .from(deals)
    .where(and(...conditions.filter(Boolean)))
    .all();
  const resolved = resolveDealRef({ text: ref }, candidates);
  if (resolved.ok) return resolved.deal;
  const list = resolved.candidates
    .map((d) => `  #${d.id} ${d.company} (owner ${d.ownerId}, workspace ${d.teamId})`)
    .join('\n');
  const why =
    resolved.reason === 'ambiguous'
      ? `"${ref}" matches several deals; give the id or --workspace/--owner:`
      : `No deal "${ref}".${list ? ' Did you mean:' : ''}`;
  process.stderr.write(`${why}\n${list}\n`);
  return null;
}
