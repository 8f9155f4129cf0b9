import { HttpError, forbidden, notFound } from "../http/http-error.js";
import type { PermissionLevel, RepoRecord, RepoRole } from "../state/records.js";
import { roleAtLeast, type World } from "../state/world.js";
import type { Actor } from "./actor.js";

/** What an endpoint needs: an app permission for installations, a repository role for users. */
export interface RepoAccess {
  /** Any one of these app permissions is enough (comments accept issues or pull_requests). */
  readonly permissions: readonly { readonly name: string; readonly level: "read" | "write" }[];
  readonly userRole: RepoRole;
  /** A write for rate-limit and protection purposes, even if users need only read (comments). */
  readonly write: boolean;
}

const LEVELS: readonly PermissionLevel[] = ["read", "write", "admin"];

export function hasPermission(
  granted: Readonly<Record<string, PermissionLevel>>,
  name: string,
  level: "read" | "write",
): boolean {
  if (name === "metadata" && level === "read") return true;
  const have = granted[name];
  return have !== undefined && LEVELS.indexOf(have) >= LEVELS.indexOf(level);
}

/** `X-Accepted-GitHub-Permissions` value for an endpoint. */
export function acceptedPermissionsHeader(access: RepoAccess): string {
  return access.permissions.map((p) => `${p.name}=${p.level}`).join("; ");
}

/**
 * Applies GitHub's visibility and permission rules for a repository endpoint: a repository the
 * caller cannot see is a 404; one it can see but not change is a 403 with GitHub's message.
 */
export function authorizeRepo(world: World, actor: Actor, repo: RepoRecord, access: RepoAccess): void {
  switch (actor.kind) {
    case "anonymous":
      if (repo.private) throw notFound();
      if (access.write) throw new HttpError(401, "Requires authentication");
      return;
    case "app":
      throw forbidden("Resource not accessible by integration");
    case "installation": {
      const covered = world.installationCovers(actor.installation, repo);
      const narrowedOut = actor.repositoryIds !== undefined && !actor.repositoryIds.has(repo.id);
      if (!covered || narrowedOut) throw notFound();
      if (!access.permissions.some((p) => hasPermission(actor.permissions, p.name, p.level))) {
        throw new HttpError(403, "Resource not accessible by integration", {
          headers: { "x-accepted-github-permissions": acceptedPermissionsHeader(access) },
        });
      }
      return;
    }
    case "user": {
      const role = world.roleOf(repo, actor.user.login);
      if (role === undefined && repo.private) throw notFound();
      if (!roleAtLeast(role ?? "read", access.userRole)) {
        throw forbidden(access.userRole === "admin" ? "Must have admin rights to Repository." : "Must have push access to repository");
      }
      return;
    }
  }
}
