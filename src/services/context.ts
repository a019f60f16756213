import type { Store } from '../db/index.js';
import { findUser, upsertUser, type UserProfile } from '../db/users.js';
import type { Clock } from '../domain/clock.js';
import type { Drafter } from '../coach/types.js';

/** What every service needs: the database, the clock, and the fallback time zone. */
export interface AppContext {
  store: Store;
  clock: Clock;
  /** DEALCOACH_TIMEZONE: used when a user's own zone is unknown. */
  defaultZone: string;
  drafter?: Drafter;
  /** DEALCOACH_COMPANY_NAME: the reps' own company, for sign-offs and voicemails; unset when unknown. */
  repCompany?: string | null;
  /** What Slack says about a channel (conversations.info); unset where there is no Slack (the console). */
  channels?: ChannelDirectory;
}

/** A channel as the bot sees it. */
export interface ChannelInfo {
  name: string | null;
  isMember: boolean;
  isPrivate: boolean;
  isArchived: boolean;
}

/** Where channel facts come from: Slack's conversations.info in the bot. */
export interface ChannelDirectory {
  /** The channel; null when Slack answers channel_not_found (private and the bot not in it, or gone). */
  info(teamId: string, channelId: string): Promise<ChannelInfo | null>;
}

/** Who is acting, in which workspace, and in which time zone their dates are read. */
export interface Actor {
  teamId: string;
  userId: string;
  zone: string;
  role: 'rep' | 'manager';
}

export interface UserInfo {
  timezone: string | null;
  name: string | null;
  email: string | null;
  /** Slack's is_admin or is_owner; undefined when the directory cannot say. */
  isAdmin?: boolean;
}

/** Where a user's profile comes from: Slack's users.info in the bot, nothing in the console. */
export interface UserDirectory {
  lookup(teamId: string, userId: string): Promise<UserInfo | null>;
}

/** The user row if known with a zone; null when the directory must be asked first. */
export function knownActor(ctx: AppContext, teamId: string, userId: string): Actor | null {
  const user = findUser(ctx.store.db, teamId, userId);
  if (!user?.timezone) return null;
  return { teamId, userId, zone: user.timezone, role: user.role };
}

/**
 * The acting user, creating their row on first sight. The time zone is read from the directory
 * once and cached; when the directory cannot say, the workspace default is used and cached too.
 */
export async function resolveActor(
  ctx: AppContext,
  teamId: string,
  userId: string,
  directory: UserDirectory | null,
): Promise<Actor> {
  const known = knownActor(ctx, teamId, userId);
  // Whether Slack counts them an admin is asked once (isAdmin null until then) and cached.
  if (known && (!directory || findUser(ctx.store.db, teamId, userId)?.isAdmin != null)) return known;
  const existing = findUser(ctx.store.db, teamId, userId);
  let info: UserInfo | null = null;
  try {
    info = directory ? await directory.lookup(teamId, userId) : null;
  } catch {
    info = null;
  }
  const profile: UserProfile = {
    // A known zone is never overwritten by the fallback when the directory cannot answer.
    ...(info?.timezone || !existing?.timezone
      ? { timezone: info?.timezone ?? ctx.defaultZone, timezoneSource: info?.timezone ? 'slack' : 'default' }
      : {}),
    ...(typeof info?.isAdmin === 'boolean' ? { isAdmin: info.isAdmin } : {}),
    ...(info?.name ? { name: info.name } : {}),
    ...(info?.email ? { email: info.email } : {}),
  };
  const user = await ctx.store.write((tx) => upsertUser(tx, teamId, userId, profile, ctx.clock.now()));
  return { teamId, userId, zone: user.timezone ?? ctx.defaultZone, role: user.role };
}
