// The console has no Slack: its directory knows no profiles and says the workspace has no admin or
// owner, so, as in a Slack workspace whose admins Slack does not name, its first user stands in
// (services/roles.ts) and everyone else is a plain rep until named.
import type { UserDirectory } from '../services/context.js';

export function localDirectory(): UserDirectory {
  return {
    async lookup() {
      return { timezone: null, name: null, email: null, isAdmin: false };
    },
    async workspaceAdmins() {
      return { admins: [] };
    },
  };
}
