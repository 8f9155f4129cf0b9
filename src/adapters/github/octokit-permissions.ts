import type { PermissionLevel, Permissions } from "../../ports/permissions.js";
import { fullName, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { gitHubLookup } from "./translate-error.js";

const ROLES: readonly PermissionLevel[] = ["admin", "maintain", "write", "triage", "read", "none"];

function isRole(value: string | undefined): value is PermissionLevel {
  return ROLES.some((role) => role === value);
}

/**
 * Reads `GET /repos/{o}/{r}/collaborators/{u}/permission` (Metadata: read is enough). Its
 * `permission` field is the legacy base role, where maintain counts as write and triage as
 * read; `role_name` is the real one. A custom role is reported as its base role.
 */
export class OctokitPermissions implements Permissions {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates) {
    this.#octokit = octokit;
    this.#at = coordinates;
  }

  async permissionOf(username: string): Promise<PermissionLevel> {
    const answer = await gitHubLookup(`GET /repos/${fullName(this.#at)}/collaborators/${username}/permission`, () =>
      this.#octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.#at, username }),
    );
    if (answer === undefined) return "none";
    const { role_name: roleName, permission } = answer.data;
    if (isRole(roleName)) return roleName;
    return isRole(permission) ? permission : "none";
  }

  /** Needs the organization permission Members: read; without it GitHub answers 403. */
  async isTeamMember(org: string, teamSlug: string, username: string): Promise<boolean> {
    const answer = await gitHubLookup(`GET /orgs/${org}/teams/${teamSlug}/memberships/${username}`, () =>
      this.#octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username }),
    );
    return answer?.data.state === "active";
  }
}
