import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../../src/core/errors.js";
import { OctokitPermissions } from "../../../src/adapters/github/octokit-permissions.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { OWNER, REPO, REPO_PATH, collaboratorPermission, teamMembership } from "../../fixtures/github/responses.js";
import { rejectionOf, testOctokit } from "./test-octokit.js";

function permissions(): OctokitPermissions {
  return new OctokitPermissions(testOctokit(), { owner: OWNER, repo: REPO });
}

const NOT_FOUND = { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" };

describe("OctokitPermissions", () => {
  const github = useGitHubMock();

  it.each([
    ["admin", "admin", "admin"],
    ["write", "maintain", "maintain"],
    ["read", "triage", "triage"],
    ["write", "write", "write"],
    // A custom role is judged by its base role.
    ["write", "deployer", "write"],
    ["none", "none", "none"],
  ] as const)("permission %s with role %s → %s", async (permission, role, expected) => {
    github().expect("GET", `${REPO_PATH}/collaborators/alice/permission`).reply(200, collaboratorPermission("alice", permission, role));
    expect(await permissions().permissionOf("alice")).toBe(expected);
  });

  it("answers none for someone GitHub does not know as a collaborator", async () => {
    github().expect("GET", `${REPO_PATH}/collaborators/mallory/permission`).reply(404, NOT_FOUND);
    expect(await permissions().permissionOf("mallory")).toBe("none");
  });

  it.each([
    [200, teamMembership("active"), true],
    [200, teamMembership("pending"), false],
    [404, NOT_FOUND, false],
  ] as const)("team membership reply %s → %s", async (status, body, expected) => {
    github().expect("GET", "/orgs/acme/teams/platform/memberships/alice").reply(status, body);
    expect(await permissions().isTeamMember("acme", "platform", "alice")).toBe(expected);
  });

  it("says which call failed when the App may not read teams", async () => {
    github()
      .expect("GET", "/orgs/acme/teams/platform/memberships/alice")
      .reply(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/teams/members#get-team-membership-for-a-user", status: "403" });
    const error = await rejectionOf(permissions().isTeamMember("acme", "platform", "alice"));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("GET /orgs/acme/teams/platform/memberships/alice: 403 Resource not accessible by integration");
  });
});
