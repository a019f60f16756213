import type { Store } from '../db/index.js';
import { findUser, upsertUser, type UserProfile } from '../db/users.js';
import type { Clock } from '../domain/clock.js';
import type { Drafter } from '../coach/types.js';
import { settleStandIn } from './roles.js';

/** What every service needs: the database, the clock, and the fallback time zone. */
export interface AppContext {
  store: Store;
  clock: Clock;
  /** DEALCOACH_TIMEZONE: used when a user's own zone is unknown. */
  defaultZone: string;
  drafter?: Drafter;
  /** DEALCOACH_COMPANY_NAME: the reps' own company, for sign-offs and voicemails; unset when unknown. */
  repCompany?: string | null;
  /** Who Slack says people are: the Web API in the bot, a local one in the console; unset: nobody to ask. */
  directory?: UserDirectory;
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

/** A member Slack reports as a workspace admin, owner or primary owner (active, not a bot). */
export interface SlackAdmin {
  userId: string;
  owner: boolean;
}

/** Slack's answer to "who are this workspace's admins and owners" (users.list, read until one is found). */
export interface WorkspaceAdmins {
  admins: SlackAdmin[];
}

/** Where a user's profile comes from: Slack's users.info in the bot, nothing in the console. */
export interface UserDirectory {
  lookup(teamId: string, userId: string): Promise<UserInfo | null>;
  /** Whether the workspace has any admin or owner (services/roles.ts); throws when Slack cannot be asked. */
  workspaceAdmins?(teamId: string): Promise<WorkspaceAdmins>;
}

/** The user row if known with a zone; null when the directory must be asked first. */
export function knownActor(ctx: AppContext, teamId: string, userId: string): Actor | null {
  const user = findUser(ctx.store.db, teamId, userId);
  if (!user?.timezone) return null;
  return { teamId, userId, zone: user.timezone, role: user.role };
}

/**
 * How long a first-sight user's request waits for the directory (users.info) before it goes on with
 * the workspace's zone: a form must open within Slack's 3 s, whatever Slack's own API is doing.
 */
export const FIRST_LOOKUP_WAIT_MS = 500;

/** After a lookup failed, how long requests go on without asking the directory again. */
export const LOOKUP_RETRY_MS = 5 * 60_000;

interface Lookups {
  inFlight: Map<string, Promise<Actor>>;
  failedAt: Map<string, number>;
}
const lookupsOf = new WeakMap<AppContext, Lookups>();

function lookups(ctx: AppContext): Lookups {
  let state = lookupsOf.get(ctx);
  if (!state) {
    state = { inFlight: new Map(), failedAt: new Map() };
    lookupsOf.set(ctx, state);
  }
  return state;
}

/**
 * Asks the directory about a user once (one lookup at a time per user, however many requests ask) and
 * keeps the answer on their row: zone, name, email, and whether Slack counts them an admin. The row is
 * created with the workspace's zone when the directory cannot say, and a zone Slack gave is never
 * replaced by that fallback. Never throws: a failed lookup leaves what is known.
 */
export function refreshProfile(
  ctx: AppContext,
  teamId: string,
  userId: string,
  directory: UserDirectory | null,
): Promise<Actor> {
  const state = lookups(ctx);
  const key = `${teamId}\u0000${userId}`;
  const running = state.inFlight.get(key);
  if (running) return running;
  const lookup = (async (): Promise<Actor> => {
    let info: UserInfo | null = null;
    try {
      info = directory ? await directory.lookup(teamId, userId) : null;
      if (directory) state.failedAt.delete(key);
    } catch {
      state.failedAt.set(key, ctx.clock.now().getTime());
    }
    const actor = await saveProfile(ctx, teamId, userId, info);
    // A Slack admin seen for the first time ends a stand-in's powers at once (services/roles.ts).
    if (info?.isAdmin) await settleStandIn(ctx, teamId).catch(() => false);
    return actor;
  })().finally(() => state.inFlight.delete(key));
  state.inFlight.set(key, lookup);
  return lookup;
}

async function saveProfile(ctx: AppContext, teamId: string, userId: string, info: UserInfo | null): Promise<Actor> {
  const user = await ctx.store.write((tx) => {
    const existing = findUser(tx, teamId, userId);
    const profile: UserProfile = {
      // A known zone is never overwritten by the fallback when the directory cannot answer.
      ...(info?.timezone || !existing?.timezone
        ? { timezone: info?.timezone ?? ctx.defaultZone, timezoneSource: info?.timezone ? 'slack' : 'default' }
        : {}),
      ...(typeof info?.isAdmin === 'boolean' ? { isAdmin: info.isAdmin } : {}),
      ...(info?.name ? { name: info.name } : {}),
      ...(info?.email ? { email: info.email } : {}),
    };
    return upsertUser(tx, teamId, userId, profile, ctx.clock.now());
  });
  return { teamId, userId, zone: user.timezone ?? ctx.defaultZone, role: user.role };
}

/** Whether the directory should be asked about a known user now (never answered, and not failing lately). */
function wantsLookup(ctx: AppContext, teamId: string, userId: string, isAdmin: boolean | null | undefined): boolean {
  if (isAdmin != null) return false;
  const failed = lookups(ctx).failedAt.get(`${teamId}\u0000${userId}`);
  return failed === undefined || ctx.clock.now().getTime() - failed >= LOOKUP_RETRY_MS;
}

/**
 * The acting user for a request, without waiting on Slack: a known user at once (their profile is
 * refreshed in the background while Slack has not answered for them yet); a first-sight user after at
 * most `waitMs` of the directory's lookup, else with the workspace's zone while the lookup goes on.
 */
export async function actorFor(
  ctx: AppContext,
  teamId: string,
  userId: string,
  directory: UserDirectory | null,
  waitMs = FIRST_LOOKUP_WAIT_MS,
): Promise<Actor> {
  const user = findUser(ctx.store.db, teamId, userId);
  if (user?.timezone) {
    if (directory && wantsLookup(ctx, teamId, userId, user.isAdmin)) {
      void refreshProfile(ctx, teamId, userId, directory);
    }
    return { teamId, userId, zone: user.timezone, role: user.role };
  }
  const lookup = refreshProfile(ctx, teamId, userId, directory);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  const answered = await Promise.race([lookup, late]).finally(() => clearTimeout(timer));
  return answered ?? saveProfile(ctx, teamId, userId, null);
}

/**
 * The acting user, asking the directory first when Slack has not answered for them yet (the admin
 * check of a team command needs it; the console has no directory). Never throws on a failed lookup.
 */
export async function resolveActor(
  ctx: AppContext,
  teamId: string,
  userId: string,
  directory: UserDirectory | null,
): Promise<Actor> {
  const user = findUser(ctx.store.db, teamId, userId);
  if (user?.timezone && (!directory || user.isAdmin != null)) {
    return { teamId, userId, zone: user.timezone, role: user.role };
  }
  return refreshProfile(ctx, teamId, userId, directory);
}
