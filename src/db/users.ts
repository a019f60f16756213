import { and, eq } from 'drizzle-orm';
import type { Queryable } from './index.js';
import { users, type UserRow } from './schema.js';

export function findUser(db: Queryable, teamId: string, slackId: string): UserRow | undefined {
  return db
    .select()
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.slackId, slackId)))
    .get();
}

export interface UserProfile {
  name?: string | null;
  email?: string | null;
  timezone?: string | null;
  timezoneSource?: 'slack' | 'default' | 'set';
  role?: 'rep' | 'manager';
  isAdmin?: boolean;
}

/** Creates the user on first sight; updates only the fields given. */
export function upsertUser(db: Queryable, teamId: string, slackId: string, profile: UserProfile, now: Date): UserRow {
  const existing = findUser(db, teamId, slackId);
  const changes = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined));
  if (existing) {
    if (Object.keys(changes).length > 0) {
      db.update(users)
        .set(changes)
        .where(and(eq(users.teamId, teamId), eq(users.slackId, slackId)))
        .run();
    }
    return { ...existing, ...changes } as UserRow;
  }
  return db
    .insert(users)
    .values({ teamId, slackId, createdAt: now, ...changes })
    .returning()
    .get();
}
