import type { PermissionLevel, Permissions } from "../../ports/permissions.js";

/**
 * Permissions for a local run, where the person at the terminal owns the repository: every
 * command they give through the CLI is theirs to give.
 */
export class LocalPermissions implements Permissions {
  permissionOf(): Promise<PermissionLevel> {
    return Promise.resolve("admin");
  }

  isTeamMember(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
