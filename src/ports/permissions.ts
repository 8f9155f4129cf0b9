/**
 * Who may do what. An approving review or a comment is not authorisation by itself: the bot
 * asks GitHub for the person's role and team membership.
 */

/** GitHub's repository roles, highest first; custom roles are reported as their base role. */
export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Permissions {
  /** The person's effective role on the repository (repo, team, org and enterprise grants). */
  permissionOf(username: string): Promise<PermissionLevel>;
  /** Active (not pending) membership of `org/teamSlug`. */
  isTeamMember(org: string, teamSlug: string, username: string): Promise<boolean>;
}
