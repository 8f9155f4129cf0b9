import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, b64, errorMessage, FULL, OWNER, REPO, requestError, SEED_FILES, startStandardEmulator, userClient, type CheckedOctokit } from "./emulator-harness.js";

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

function decoded(content: string): string {
  return Buffer.from(content, "base64").toString("utf8");
}

describe("contents", () => {
  it("reads a file, a directory and raw content at a ref, and 404s on a missing path", async () => {
    const file = await app.octokit.repos.getContent({ ...repo, path: "apps/podinfo/route.yaml" });
    if (Array.isArray(file.data) || file.data.type !== "file") throw new Error("expected a file");
    expect(decoded(file.data.content)).toBe(SEED_FILES["apps/podinfo/route.yaml"]);
    expect([file.data.name, file.data.path, file.data.encoding, file.data.size]).toEqual(["route.yaml", "apps/podinfo/route.yaml", "base64", SEED_FILES["apps/podinfo/route.yaml"].length]);
    expect(file.data.sha).toBe(await gh.repo(FULL).git("rev-parse", "main:apps/podinfo/route.yaml"));
    const dir = await app.octokit.repos.getContent({ ...repo, path: "apps/podinfo" });
    expect(Array.isArray(dir.data) ? dir.data.map((e) => [e.name, e.type]) : []).toEqual([
      ["deployment.yaml", "file"],
      ["route.yaml", "file"],
    ]);
    const root = await app.octokit.repos.getContent({ ...repo, path: "" });
    expect(Array.isArray(root.data) ? root.data.map((e) => [e.name, e.type]) : []).toEqual([
      ["README.md", "file"],
      ["apps", "dir"],
    ]);
    const raw = await app.octokit.repos.getContent({ ...repo, path: "README.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe(SEED_FILES["README.md"]);
    const missing = await requestError(app.octokit.repos.getContent({ ...repo, path: "nope.yaml" }));
    expect(missing.status).toBe(404);
    const badRef = await requestError(app.octokit.repos.getContent({ ...repo, path: "README.md", ref: "no-such-branch" }));
    expect(badRef.status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("creates and updates a file, with GitHub's 409 for a stale blob SHA", async () => {
    const created = await app.octokit.repos.createOrUpdateFileContents({ ...repo, path: "config/new.yaml", message: "add config", content: b64("a: 1\n") });
    expect(created.status).toBe(201);
    const blob = created.data.content?.sha ?? "";
    const missingSha = await requestError(app.octokit.repos.createOrUpdateFileContents({ ...repo, path: "config/new.yaml", message: "m", content: b64("a: 2\n") }));
    expect(missingSha.status).toBe(422);
    const stale = await requestError(app.octokit.repos.createOrUpdateFileContents({ ...repo, path: "config/new.yaml", message: "m", content: b64("a: 2\n"), sha: "0".repeat(40) }));
    expect(stale.status).toBe(409);
    const updated = await app.octokit.repos.createOrUpdateFileContents({ ...repo, path: "config/new.yaml", message: "bump config", content: b64("a: 2\n"), sha: blob });
    expect(updated.status).toBe(200);
    expect(await gh.repo(FULL).readFile("config/new.yaml")).toBe("a: 2\n");
    expect(updated.data.commit.sha).toBe(await gh.repo(FULL).head());
    expect(updated.data.commit.verification?.verified).toBe(true);
    expect(app.violations).toEqual([]);
  });
});

describe("commits and comparisons", () => {
  it("gets a commit by SHA or branch with its files and stats", async () => {
    const sha = await gh.as("alice").push(FULL, { branch: "main", files: { "apps/podinfo/route.yaml": "weight: 5\n", "README.md": null }, message: "five" });
    for (const ref of [sha, "main", sha.slice(0, 10)]) {
      const commit = await app.octokit.repos.getCommit({ ...repo, ref });
      expect(commit.data.sha).toBe(sha);
    }
    const commit = await app.octokit.repos.getCommit({ ...repo, ref: sha });
    expect(commit.data.commit.message).toBe("five");
    expect(commit.data.author?.login).toBe("alice");
    expect(commit.data.files?.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ["README.md", "removed", 0, 1],
      ["apps/podinfo/route.yaml", "modified", 1, 5],
    ]);
    expect(commit.data.stats).toEqual({ total: 7, additions: 1, deletions: 6 });
    const unknown = await requestError(app.octokit.repos.getCommit({ ...repo, ref: "deadbeef" }));
    expect([unknown.status, errorMessage(unknown)]).toEqual([422, "No commit found for SHA: deadbeef"]);
    expect(app.violations).toEqual([]);
  });

  it("compares identical, ahead, behind and diverged refs", async () => {
    const alice = gh.as("alice");
    const fork = await gh.repo(FULL).head();
    await alice.createBranch(FULL, "topic", fork);
    const identical = await app.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...topic" });
    expect([identical.data.status, identical.data.ahead_by, identical.data.behind_by, identical.data.total_commits]).toEqual(["identical", 0, 0, 0]);
    await alice.push(FULL, { branch: "topic", files: { "t1.txt": "1\n" }, message: "t1" });
    await alice.push(FULL, { branch: "topic", files: { "t2.txt": "2\n" }, message: "t2" });
    const ahead = await app.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...topic" });
    expect([ahead.data.status, ahead.data.ahead_by, ahead.data.behind_by]).toEqual(["ahead", 2, 0]);
    expect(ahead.data.commits.map((c) => c.commit.message)).toEqual(["t1", "t2"]);
    expect(ahead.data.files?.map((f) => f.filename)).toEqual(["t1.txt", "t2.txt"]);
    expect(ahead.data.merge_base_commit.sha).toBe(fork);
    const behind = await app.octokit.repos.compareCommits({ ...repo, base: "topic", head: "main" });
    expect([behind.data.status, behind.data.ahead_by, behind.data.behind_by]).toEqual(["behind", 0, 2]);
    await alice.push(FULL, { branch: "main", files: { "m.txt": "m\n" } });
    const diverged = await app.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...topic" });
    expect([diverged.data.status, diverged.data.ahead_by, diverged.data.behind_by]).toEqual(["diverged", 2, 1]);
    expect((await requestError(app.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...nope" }))).status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("reads a branch with its head commit and protection flag", async () => {
    gh.repo(FULL).protect("main", { bypass: [gh.app.botLogin] });
    const branch = await app.octokit.repos.getBranch({ ...repo, branch: "main" });
    expect([branch.data.name, branch.data.protected, branch.data.commit.sha]).toEqual(["main", true, await gh.repo(FULL).head()]);
    gh.repo(FULL).unprotect("main");
    expect((await requestError(app.octokit.repos.getBranch({ ...repo, branch: "nope" }))).status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("merges a branch or SHA server-side: 201 with a merge commit, 204 when nothing to merge, 409 on conflict", async () => {
    const alice = gh.as("alice");
    const sideSha = await alice.push(FULL, { branch: "side", files: { "side.txt": "side\n" }, from: "main" });
    const merged = await app.octokit.repos.merge({ ...repo, base: "main", head: sideSha, commit_message: "merge side" });
    expect(merged.status).toBe(201);
    expect(merged.data.parents.map((p) => p.sha)).toEqual([merged.data.parents[0]?.sha, sideSha]);
    expect(await gh.repo(FULL).readFile("side.txt")).toBe("side\n");
    const nothing = await app.octokit.repos.merge({ ...repo, base: "main", head: "side" });
    expect(nothing.status).toBe(204);
    await alice.push(FULL, { branch: "side", files: { "m.txt": "side version\n" } });
    await alice.push(FULL, { branch: "main", files: { "m.txt": "main version\n" } });
    const conflict = await requestError(app.octokit.repos.merge({ ...repo, base: "main", head: "side" }));
    expect([conflict.status, errorMessage(conflict)]).toEqual([409, "Merge conflict"]);
  });
});

describe("commit statuses", () => {
  it("records statuses and combines the latest per context", async () => {
    const sha = (await gh.repo(FULL).head()) ?? "";
    gh.repo(FULL).setCollaborator("flux", "write");
    await gh.as("flux").setCommitStatus(FULL, sha, { state: "pending", context: "kustomization/apps/0c9c2e41" });
    await gh.as("flux").setCommitStatus(FULL, sha, { state: "success", context: "kustomization/apps/0c9c2e41", description: "reconciliation succeeded" });
    // The default app permission for statuses is read, as the bot needs: writing is refused.
    const refused = await requestError(appClient(gh).octokit.repos.createCommitStatus({ ...repo, sha, state: "failure", context: "ci" }));
    expect(refused.status).toBe(403);
    const ci = userClient(gh, "wendy");
    const created = await ci.octokit.repos.createCommitStatus({ ...repo, sha, state: "pending", context: "ci", target_url: "https://ci.example.com/1" });
    expect([created.status, created.data.state, created.data.context, created.data.creator?.login]).toEqual([201, "pending", "ci", "wendy"]);
    expect(ci.violations).toEqual([]);
    const combined = await app.octokit.repos.getCombinedStatusForRef({ ...repo, ref: "main" });
    expect([combined.data.state, combined.data.total_count, combined.data.statuses.map((s) => s.description)]).toEqual(["pending", 2, ["reconciliation succeeded", null]]);
    const list = await app.octokit.repos.listCommitStatusesForRef({ ...repo, ref: sha });
    expect(list.data.map((s) => `${s.context}:${s.state}`)).toEqual(["ci:pending", "kustomization/apps/0c9c2e41:success", "kustomization/apps/0c9c2e41:pending"]);
    expect(app.violations).toEqual([]);
  });
});
