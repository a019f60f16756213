// What Slack says about people: users.info read into the shape the services use (services/context.ts).
import type { WebClient } from '@slack/web-api';
import type { UserDirectory } from '../services/context.js';

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
  const candidates = [user.profile?.real_name, user.real_name, user.profile?.display_name];
  return candidates.map((name) => name?.trim()).find((name) => name && /\p{L}/u.test(name)) ?? null;
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
  };
}
