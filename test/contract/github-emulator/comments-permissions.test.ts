import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, checkedOctokit, errorMessage, FULL, OWNER, REPO, requestError, startStandardEmulator, userClient, type CheckedOctokit } from "./emulator-harness.js";

let gh: GitHubEmulator;
let app: CheckedOctokit;
let pr: number;
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  gh = await startStandardEmulator();
  app = appClient(gh);
  await gh.as("alice").push(FULL, { branch: "feature", files: { "x.txt": "x\n" } });
  pr = await gh.as("alice").openPullRequest(FULL, { head: "feature", title: "X" });
});

afterAll(async () => {
  await gh.close();
});

describe("issue comments on a pull request", () => {
  it("creates, lists, edits and deletes comments", async () => {
    const created = await app.octokit.issues.createComment({ ...repo, issue_number: pr, body: "<!-- canary-bot:rollout=1 -->\nStarted" });
    expect(created.status).toBe(201);
    expect([created.data.user?.login, created.data.performed_via_github_app?.slug]).toEqual([gh.app.botLogin, gh.app.slug]);
    await gh.as("olga").comment(FULL, pr, "/canary promote");
    const listed = await app.octokit.issues.listComments({ ...repo, issue_number: pr });
    expect(listed.data.map((c) => [c.user?.login, c.body, c.author_association])).toEqual([
      [gh.app.botLogin, "<!-- canary-bot:rollout=1 -->\nStarted", "NONE"],
      ["olga", "/canary promote", "MEMBER"],
    ]);
    const edited = await app.octokit.issues.updateComment({ ...repo, comment_id: created.data.id, body: "<!-- canary-bot:rollout=1 -->\nStep 2" });
    expect(edited.data.body).toBe("<!-- canary-bot:rollout=1 -->\nStep 2");
    expect((await app.octokit.issues.getComment({ ...repo, comment_id: created.data.id })).data.body).toBe("<!-- canary-bot:rollout=1 -->\nStep 2");
    const otherComment = listed.data[1]?.id ?? 0;
    const notTheirs = await requestError(userClient(gh, "rita").octokit.issues.updateComment({ ...repo, comment_id: otherComment, body: "hijack" }));
    expect(notTheirs.status).toBe(403);
    expect((await app.octokit.issues.deleteComment({ ...repo, comment_id: otherComment })).status).toBe(204);
    expect((await app.octokit.issues.listComments({ ...repo, issue_number: pr })).data.length).toBe(1);
    expect(app.violations).toEqual([]);
  });

  it("paginates with Link headers", async () => {
    for (let i = 0; i < 5; i++) await gh.as("mona").comment(FULL, pr, `comment ${String(i)}`);
    const first = await app.octokit.issues.listComments({ ...repo, issue_number: pr, per_page: 2 });
    expect(first.headers.link).toContain('rel="next"');
    const all = await app.octokit.paginate(app.octokit.issues.listComments, { ...repo, issue_number: pr, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(["<!-- canary-bot:rollout=1 -->\nStep 2", "comment 0", "comment 1", "comment 2", "comment 3", "comment 4"]);
  });

  it("rejects bodies over 65536 characters and comments on unknown numbers", async () => {
    const tooLong = await requestError(app.octokit.issues.createComment({ ...repo, issue_number: pr, body: "x".repeat(65_537) }));
    expect(tooLong.status).toBe(422);
    expect((await requestError(app.octokit.issues.createComment({ ...repo, issue_number: 999, body: "x" }))).status).toBe(404);
    const issue = await app.octokit.issues.get({ ...repo, issue_number: pr });
    expect([issue.data.number, issue.data.pull_request?.url]).toEqual([pr, `${gh.url}/repos/${FULL}/pulls/${String(pr)}`]);
    expect(app.violations).toEqual([]);
  });
});

describe("permissions", () => {
  it("reports each role's base permission and role name, from any grant", async () => {
    const cases: [string, string, string][] = [
      ["alice", "admin", "admin"],
      ["mark", "write", "maintain"],
      ["wendy", "write", "write"],
      ["trish", "read", "triage"],
      ["rita", "read", "read"],
      ["olga", "admin", "admin"],
      ["tess", "write", "maintain"],
      ["mona", "read", "read"],
    ];
    for (const [username, permission, role] of cases) {
      const { data } = await app.octokit.repos.getCollaboratorPermissionLevel({ ...repo, username });
      expect([username, data.permission, data.role_name, data.user?.login]).toEqual([username, permission, role, username]);
    }
    gh.as("stranger");
    const stranger = await app.octokit.repos.getCollaboratorPermissionLevel({ ...repo, username: "stranger" });
    expect(stranger.data.permission).toBe("none");
    expect((await requestError(app.octokit.repos.getCollaboratorPermissionLevel({ ...repo, username: "ghost-user" }))).status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("reads team memberships with the members permission", async () => {
    const tess = await app.octokit.teams.getMembershipForUserInOrg({ org: OWNER, team_slug: "sre", username: "tess" });
    expect([tess.data.role, tess.data.state]).toEqual(["maintainer", "active"]);
    expect((await requestError(app.octokit.teams.getMembershipForUserInOrg({ org: OWNER, team_slug: "sre", username: "mona" }))).status).toBe(404);
    const members = await app.octokit.teams.listMembersInOrg({ org: OWNER, team_slug: "sre" });
    expect(members.data.map((m) => m.login)).toEqual(["tess"]);
    expect((await app.octokit.orgs.checkMembershipForUser({ org: OWNER, username: "mona" })).status).toBe(204);
    expect((await requestError(app.octokit.orgs.checkMembershipForUser({ org: OWNER, username: "alice" }))).status).toBe(404);
    expect((await app.octokit.repos.checkCollaborator({ ...repo, username: "rita" })).status).toBe(204);
    expect((await requestError(app.octokit.repos.checkCollaborator({ ...repo, username: "stranger" }))).status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("refuses what the installation's permissions do not cover, naming the permission", async () => {
    const narrow = await gh.createRepo({ owner: "solo", name: "infra", files: { "a.txt": "a" } });
    const id = gh.installations.install({ account: "solo", permissions: { contents: "read", metadata: "read" } }, "solo");
    const client = checkedOctokit(gh, gh.installationToken(id));
    const readable = await client.octokit.repos.getContent({ owner: "solo", repo: "infra", path: "a.txt" });
    expect(readable.status).toBe(200);
    const refused = await requestError(client.octokit.git.createBlob({ owner: "solo", repo: "infra", content: "x" }));
    expect([refused.status, errorMessage(refused), refused.response?.headers["x-accepted-github-permissions"]]).toEqual([
      403,
      "Resource not accessible by integration",
      "contents=write",
    ]);
    const otherOwner = await requestError(client.octokit.repos.get({ owner: OWNER, repo: REPO }));
    expect(otherOwner.status).toBe(404);
    const team = await requestError(app.octokit.teams.getMembershipForUserInOrg({ org: "solo", team_slug: "x", username: "y" }));
    expect(team.status).toBe(404);
    expect(narrow.fullName).toBe("solo/infra");
  });

  it("applies repository roles to people: read cannot push, nobody sees a private repo without access", async () => {
    const rita = userClient(gh, "rita");
    const refused = await requestError(rita.octokit.git.createBlob({ ...repo, content: "x" }));
    expect(refused.status).toBe(403);
    await expect(gh.as("rita").push(FULL, { branch: "r", files: { "r.txt": "r" } })).rejects.toThrow("Must have push access to repository");
    const outsider = await requestError(userClient(gh, "outsider").octokit.repos.get({ ...repo }));
    expect(outsider.status).toBe(404);
    const viewer = await userClient(gh, "wendy").octokit.repos.get({ ...repo });
    expect(viewer.data.permissions).toEqual({ admin: false, maintain: false, push: true, triage: true, pull: true });
  });
});
