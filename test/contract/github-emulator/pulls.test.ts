import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, errorMessage, FULL, OWNER, REPO, requestError, startStandardEmulator, userClient, type CheckedOctokit } from "./emulator-harness.js";

let gh: GitHubEmulator;
let app: CheckedOctokit;
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  gh = await startStandardEmulator();
  app = appClient(gh);
});

afterAll(async () => {
  await gh.close();
});

describe("opening pull requests", () => {
  it("opens a pull request with GitHub's full shape and live head/base", async () => {
    await gh.as("alice").push(FULL, { branch: "bump-image", files: { "apps/podinfo/deployment.yaml": "image: podinfo:6.1.0\n" }, message: "Bump podinfo" });
    const created = await app.octokit.pulls.create({ ...repo, title: "Bump podinfo to 6.1.0", head: "bump-image", base: "main", body: "Rolls out 6.1.0" });
    expect(created.status).toBe(201);
    const pr = created.data;
    expect(pr.number).toBe(1);
    expect(pr.state).toBe("open");
    expect(pr.user.login).toBe(gh.app.botLogin);
    expect(pr.head).toMatchObject({ ref: "bump-image", sha: await gh.repo(FULL).head("bump-image"), label: `${OWNER}:bump-image` });
    expect(pr.base).toMatchObject({ ref: "main", sha: await gh.repo(FULL).head("main") });
    expect([pr.mergeable, pr.mergeable_state, pr.merged, pr.commits, pr.additions, pr.deletions, pr.changed_files]).toEqual([true, "clean", false, 1, 1, 1, 1]);
    const fetched = await app.octokit.pulls.get({ ...repo, pull_number: 1 });
    expect(fetched.data.body).toBe("Rolls out 6.1.0");
    const files = await app.octokit.pulls.listFiles({ ...repo, pull_number: 1 });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([["apps/podinfo/deployment.yaml", "modified", 1, 1]]);
    expect(files.data[0]?.patch).toBe("@@ -1 +1 @@\n-image: podinfo:6.0.0\n+image: podinfo:6.1.0");
    const commits = await app.octokit.pulls.listCommits({ ...repo, pull_number: 1 });
    expect(commits.data.map((c) => c.commit.message)).toEqual(["Bump podinfo"]);
    expect(app.violations).toEqual([]);
  });

  it("rejects duplicates, empty and unknown heads with GitHub's validation errors", async () => {
    const duplicate = await requestError(app.octokit.pulls.create({ ...repo, title: "again", head: "bump-image", base: "main" }));
    expect(duplicate.status).toBe(422);
    expect(duplicate.response?.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${OWNER}:bump-image.` }],
    });
    await gh.as("alice").createBranch(FULL, "empty");
    const empty = await requestError(app.octokit.pulls.create({ ...repo, title: "nothing", head: "empty", base: "main" }));
    expect(empty.response?.data).toMatchObject({ errors: [{ message: "No commits between main and empty" }] });
    const unknown = await requestError(app.octokit.pulls.create({ ...repo, title: "x", head: "nope", base: "main" }));
    expect(unknown.response?.data).toMatchObject({ errors: [{ resource: "PullRequest", field: "head", code: "invalid" }] });
    expect(app.violations).toEqual([]);
  });

  it("lists by state, head and base, and closes and reopens", async () => {
    await gh.as("alice").push(FULL, { branch: "docs", files: { "docs.md": "docs\n" } });
    const docs = await app.octokit.pulls.create({ ...repo, title: "Docs", head: "docs", base: "main" });
    await app.octokit.pulls.update({ ...repo, pull_number: docs.data.number, state: "closed", title: "Docs (closed)" });
    const open = await app.octokit.pulls.list({ ...repo });
    expect(open.data.map((p) => p.number)).toEqual([1]);
    const closed = await app.octokit.pulls.list({ ...repo, state: "closed" });
    expect(closed.data.map((p) => [p.number, p.title, p.state])).toEqual([[docs.data.number, "Docs (closed)", "closed"]]);
    const byHead = await app.octokit.pulls.list({ ...repo, state: "all", head: `${OWNER}:docs` });
    expect(byHead.data.map((p) => p.number)).toEqual([docs.data.number]);
    expect((await app.octokit.pulls.list({ ...repo, state: "all", base: "other" })).data).toEqual([]);
    const reopened = await app.octokit.pulls.update({ ...repo, pull_number: docs.data.number, state: "open" });
    expect(reopened.data.state).toBe("open");
    await app.octokit.pulls.update({ ...repo, pull_number: docs.data.number, state: "closed" });
    expect(app.violations).toEqual([]);
  });
});

describe("merging", () => {
  it("merges with a real merge commit that keeps changes pushed to the base after the PR opened", async () => {
    const alice = gh.as("alice");
    await alice.push(FULL, { branch: "feature-a", files: { "apps/podinfo/deployment.yaml": "image: podinfo:7.0.0\n" } });
    const pr = await app.octokit.pulls.create({ ...repo, title: "Podinfo 7", head: "feature-a", base: "main" });
    const prHead = pr.data.head.sha;
    const movedBase = await alice.push(FULL, { branch: "main", files: { "NOTES.md": "pushed after the PR opened\n" } });
    const merged = await app.octokit.pulls.merge({ ...repo, pull_number: pr.data.number });
    expect(merged.data).toEqual({ sha: merged.data.sha, merged: true, message: "Pull Request successfully merged" });
    const backing = gh.repo(FULL);
    expect(await backing.head()).toBe(merged.data.sha);
    expect(await backing.git("log", "-1", "--format=%P", merged.data.sha)).toBe(`${movedBase} ${prHead}`);
    expect(await backing.readFile("NOTES.md")).toBe("pushed after the PR opened\n");
    expect(await backing.readFile("apps/podinfo/deployment.yaml")).toBe("image: podinfo:7.0.0\n");
    expect(await backing.git("log", "-1", "--format=%s", merged.data.sha)).toBe(`Merge pull request #${String(pr.data.number)} from ${OWNER}/feature-a`);
    const after = await app.octokit.pulls.get({ ...repo, pull_number: pr.data.number });
    expect([after.data.state, after.data.merged, after.data.merge_commit_sha, after.data.merged_by?.login]).toEqual(["closed", true, merged.data.sha, gh.app.botLogin]);
    expect((await app.octokit.pulls.checkIfMerged({ ...repo, pull_number: pr.data.number })).status).toBe(204);
    const viaCommit = await app.octokit.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: merged.data.sha });
    expect(viaCommit.data.map((p) => p.number)).toEqual([pr.data.number]);
    const viaHead = await app.octokit.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: prHead });
    expect(viaHead.data.map((p) => p.number)).toEqual([pr.data.number]);
    expect(gh.repo(FULL).isVerified(merged.data.sha)).toBe(true);
    expect(app.violations).toEqual([]);
  });

  it("squash-merges into one commit with one parent", async () => {
    const alice = gh.as("alice");
    await alice.push(FULL, { branch: "feature-b", files: { "b1.txt": "1\n" }, message: "first" });
    await alice.push(FULL, { branch: "feature-b", files: { "b2.txt": "2\n" }, message: "second" });
    const pr = await app.octokit.pulls.create({ ...repo, title: "Two files", head: "feature-b", base: "main" });
    const base = await gh.repo(FULL).head();
    const merged = await app.octokit.pulls.merge({ ...repo, pull_number: pr.data.number, merge_method: "squash" });
    const backing = gh.repo(FULL);
    expect(await backing.git("log", "-1", "--format=%P", merged.data.sha)).toBe(base);
    expect(await backing.git("log", "-1", "--format=%B", merged.data.sha)).toBe(`Two files (#${String(pr.data.number)})\n\n* first\n* second`);
    expect(await backing.git("log", "-1", "--format=%an", merged.data.sha)).toBe(gh.app.botLogin);
    expect(await backing.readFile("b1.txt")).toBe("1\n");
    expect(await backing.readFile("b2.txt")).toBe("2\n");
  });

  it("answers 409 when the head moved, 405 on conflicts and for rebase", async () => {
    const alice = gh.as("alice");
    const first = await alice.push(FULL, { branch: "feature-c", files: { "c.txt": "one\n" } });
    const pr = await app.octokit.pulls.create({ ...repo, title: "C", head: "feature-c", base: "main" });
    await alice.push(FULL, { branch: "feature-c", files: { "c.txt": "two\n" } });
    const stale = await requestError(app.octokit.pulls.merge({ ...repo, pull_number: pr.data.number, sha: first }));
    expect([stale.status, errorMessage(stale)]).toEqual([409, "Head branch was modified. Review and try the merge again."]);
    const rebase = await requestError(app.octokit.pulls.merge({ ...repo, pull_number: pr.data.number, merge_method: "rebase" }));
    expect(rebase.status).toBe(405);
    await alice.push(FULL, { branch: "main", files: { "c.txt": "conflicting\n" } });
    const state = await app.octokit.pulls.get({ ...repo, pull_number: pr.data.number });
    expect([state.data.mergeable, state.data.mergeable_state]).toEqual([false, "dirty"]);
    const conflict = await requestError(app.octokit.pulls.merge({ ...repo, pull_number: pr.data.number }));
    expect([conflict.status, errorMessage(conflict)]).toEqual([405, "Pull Request is not mergeable"]);
    expect(app.violations).toEqual([]);
  });

  it("requires approvals from reviewers with write access on a protected base", async () => {
    const backing = gh.repo(FULL);
    backing.protect("main", { requiredApprovingReviews: 1 });
    try {
      await gh.as("mark").push(FULL, { branch: "feature-d", files: { "d.txt": "d\n" } });
      const number = await gh.as("mark").openPullRequest(FULL, { head: "feature-d", title: "D" });
      const blocked = await requestError(app.octokit.pulls.merge({ ...repo, pull_number: number }));
      expect([blocked.status, errorMessage(blocked)]).toEqual([405, "At least 1 approving review is required by reviewers with write access."]);
      expect((await app.octokit.pulls.get({ ...repo, pull_number: number })).data.mergeable_state).toBe("blocked");
      const own = await requestError(userClient(gh, "mark").octokit.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE" }));
      expect(own.response?.data).toMatchObject({ message: "Unprocessable Entity", errors: ["Can not approve your own pull request"] });
      await gh.as("rita").approve(FULL, number);
      expect((await app.octokit.pulls.get({ ...repo, pull_number: number })).data.mergeable_state).toBe("blocked");
      const wendy = userClient(gh, "wendy");
      const approval = await wendy.octokit.pulls.createReview({ ...repo, pull_number: number, event: "APPROVE", body: "LGTM" });
      expect([approval.data.state, approval.data.user?.login, approval.data.commit_id]).toEqual(["APPROVED", "wendy", await backing.head("feature-d")]);
      const merged = await app.octokit.pulls.merge({ ...repo, pull_number: number });
      expect(await backing.head()).toBe(merged.data.sha);
      expect(wendy.violations).toEqual([]);
    } finally {
      backing.unprotect("main");
    }
    expect(app.violations).toEqual([]);
  });
});

describe("reviewers and reviews", () => {
  it("requests collaborators and teams, refuses strangers and the author, and clears a request on review", async () => {
    await gh.as("alice").push(FULL, { branch: "feature-e", files: { "e.txt": "e\n" } });
    const number = await gh.as("alice").openPullRequest(FULL, { head: "feature-e", title: "E" });
    const requested = await app.octokit.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["wendy", "mark"], team_reviewers: ["sre"] });
    expect(requested.status).toBe(201);
    expect(requested.data.requested_reviewers?.map((u) => u.login)).toEqual(["wendy", "mark"]);
    expect(requested.data.requested_teams?.map((t) => t.slug)).toEqual(["sre"]);
    const stranger = await requestError(app.octokit.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["stranger"] }));
    expect(stranger.status).toBe(422);
    const author = await requestError(app.octokit.pulls.requestReviewers({ ...repo, pull_number: number, reviewers: ["alice"] }));
    expect(author.response?.data).toMatchObject({ errors: ["Review cannot be requested from pull request author."] });
    await gh.as("wendy").review(FULL, number, "REQUEST_CHANGES", "Please pin the digest");
    const pending = await app.octokit.pulls.listRequestedReviewers({ ...repo, pull_number: number });
    expect(pending.data.users.map((u) => u.login)).toEqual(["mark"]);
    expect(pending.data.teams.map((t) => t.slug)).toEqual(["sre"]);
    const reviews = await app.octokit.pulls.listReviews({ ...repo, pull_number: number });
    expect(reviews.data.map((r) => [r.user?.login, r.state, r.body])).toEqual([["wendy", "CHANGES_REQUESTED", "Please pin the digest"]]);
    const blank = await requestError(userClient(gh, "mark").octokit.pulls.createReview({ ...repo, pull_number: number, event: "COMMENT" }));
    expect(blank.status).toBe(422);
    const dismissed = await app.octokit.pulls.dismissReview({ ...repo, pull_number: number, review_id: reviews.data[0]?.id ?? 0, message: "stale" });
    expect(dismissed.data.state).toBe("DISMISSED");
    expect(app.violations).toEqual([]);
  });
});
