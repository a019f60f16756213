// What Slack says about people: users.info and users.list read into the shape the services use
// (services/context.ts). Each call carries the client's timeout (slack/timeouts.ts).
import type { WebClient } from '@slack/web-api';
import { cleanText } from '../domain/text.js';
import type { SlackAdmin, UserDirectory, WorkspaceAdmins } from '../services/context.js';

/** users.list page size: Slack recommends 100-200 and takes at most 1,000. */
export const USERS_LIST_PAGE = 200;
/** Pages read before giving up (40,000 members without an admin): then Slack is treated as not asked. */
export const USERS_LIST_MAX_PAGES = 200;

/** The users.list fields that say who counts as a workspace admin. */
export interface SlackMember {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

/** A member who counts as a workspace admin: admin, owner or primary owner, not deleted, not a bot. */
export function slackAdminOf(member: SlackMember): SlackAdmin | null {
  if (!member.id || member.deleted || member.is_bot || member.is_app_user || member.id === 'USLACKBOT') return null;
  const owner = Boolean(member.is_owner || member.is_primary_owner);
  return owner || member.is_admin ? { userId: member.id, owner } : null;
}

/** The fields of users.info that name a person. */
export interface SlackUserNames {
  name?: string;
  real_name?: string;
  profile?: { real_name?: string; display_name?: string };
}

/**
 * The name a rep signs with: the real name ("Egon Spengler"), else the display name; never the
 * handle (users.info's `name`, "spengler"), which nobody signs an email with.
 */
export function signingNameOf(user: SlackUserNames): string | null {
  // Names are shown and signed: no invisible characters from a profile (cleanText, as for typed text).
  const candidates = [user.profile?.real_name, user.real_name, user.profile?.display_name];
  return candidates.map((name) => name && cleanText(name).trim()).find((name) => name && /\p{L}/u.test(name)) ?? null;
}

export function slackDirectory(client: WebClient): UserDirectory {
  return {
    async lookup(_teamId, userId) {
      const result = await client.users.info({ user: userId });
      const user = result.user;
      if (!user) return null;
      return {
        timezone: user.tz ?? null,
        name: signingNameOf(user),
        email: user.profile?.email ?? null,
        isAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
      };
    },
    async workspaceAdmins(teamId) {
      return listWorkspaceAdmins(client, teamId);
    },
  };
}

/**
 * users.list, a page at a time (Slack may send fewer than asked; only an empty next_cursor ends the list),
 * until a page names an admin or owner: that page's admins and owners (owners first), or none at the end.
 * `team_id` scopes an org-wide (Enterprise Grid) token to the workspace; a workspace token ignores it.
 */
export async function listWorkspaceAdmins(client: WebClient, teamId: string): Promise<WorkspaceAdmins> {
  let cursor: string | undefined;
  for (let page = 0; page < USERS_LIST_MAX_PAGES; page++) {
    const result = await client.users.list({ team_id: teamId, limit: USERS_LIST_PAGE, ...(cursor ? { cursor } : {}) });
    const admins = (result.members ?? []).map(slackAdminOf).filter((a): a is SlackAdmin => a !== null);
    if (admins.length) return { admins: [...admins.filter((a) => a.owner), ...admins.filter((a) => !a.owner)] };
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return { admins: [] };
  }
  throw new Error(`users.list named no admin in ${USERS_LIST_MAX_PAGES} pages`);
}
