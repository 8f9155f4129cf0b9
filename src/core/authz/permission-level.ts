/**
 * GitHub's repository roles, highest first (the same union as ports/permissions.ts, which core
 * may not import). Custom roles arrive as their base role.
 */
export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** The roles a repository may require for commands (`commands.permission`). */
export type MinimumRole = "write" | "maintain" | "admin";

const RANK: Readonly<Record<PermissionLevel, number>> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function hasAtLeast(permission: PermissionLevel, minimum: MinimumRole): boolean {
  return RANK[permission] >= RANK[minimum];
}

/** "read access", "no access", as a reply says it. */
export function describeAccess(permission: PermissionLevel): string {
  return permission === "none" ? "no access" : `${permission} access`;
}
