// Which Slack workspace a command is about when --workspace is not given.
import type { Store } from '../db/index.js';

/** The console's own workspace (and user): a local database that never saw Slack uses them. */
export const LOCAL_WORKSPACE = 'TLOCAL';
export const LOCAL_USER = 'ULOCALREP';

/** Every workspace the database knows (from its users and deals), sorted. */
export function workspacesIn(store: Store): string[] {
  const rows = store.sqlite.prepare('SELECT team_id FROM users UNION SELECT team_id FROM deals ORDER BY 1').all();
  return (rows as Array<{ team_id: string }>).map((r) => r.team_id);
}

/** The workspace given (one the database knows), or the only one; else says why not (on stderr) and returns null. */
export function pickWorkspace(store: Store, given: string | undefined): string | null {
  const all = workspacesIn(store);
  if (given !== undefined) {
    if (all.includes(given.trim())) return given.trim();
    const known = all.length ? `Its workspaces: ${all.join(', ')}.` : 'It has none yet.';
    process.stderr.write(`No workspace "${given}" in the database. ${known}\n`);
    return null;
  }
  if (all.length === 1) return all[0]!;
  process.stderr.write(
    all.length === 0
      ? 'The database has no workspace yet: add deals first (dealcoach import, or npm run console).\n'
      : `Several workspaces are in the database; pick one with --workspace: ${all.join(', ')}\n`,
  );
  return null;
}
