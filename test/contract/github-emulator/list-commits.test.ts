import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, errorMessage, FULL, OWNER, REPO, requestError, startStandardEmulator, type CheckedOctokit } from "./emulator-harness.js";

let gh: GitHubEmulator;
let app: CheckedOctokit;
const repo = { owner: OWNER, repo: REPO };
/** `git rev-list main` after the pushes below, newest first. */
let mainHistory: string[];
let topic: string;

beforeAll(async () => {
  gh = await startStandardEmulator();
  app = appClient(gh);
  const alice = gh.as("alice");
  for (let i = 1; i <= 4; i++) await alice.push(FULL, { branch: "main", files: { [`notes/${String(i)}.txt`]: `${String(i)}\n` }, message: `note ${String(i)}` });
  await alice.push(FULL, { branch: "main", files: { "apps/podinfo/deployment.yaml": "image: podinfo:6.1.0\n" }, message: "bump podinfo" });
  topic = await alice.push(FULL, { branch: "topic", files: { "topic.txt": "t\n" }, message: "topic work" });
  mainHistory = (await gh.repo(FULL).git("rev-list", "main")).split("\n").filter((line) => line !== "");
});

afterAll(async () => {
  await gh.close();
});

describe("GET /repos/{owner}/{repo}/commits", () => {
  it("lists the default branch newest first in GitHub's commit shape, without files or stats", async () => {
    const listed = await app.octokit.repos.listCommits({ ...repo });
    expect(mainHistory).toHaveLength(6);
    expect(listed.data.map((c) => c.sha)).toEqual(mainHistory);
    expect(listed.data.map((c) => c.commit.message)).toEqual(["bump podinfo", "note 4", "note 3", "note 2", "note 1", "Initial commit"]);
    const newest = listed.data[0];
    expect([newest?.author?.login, newest?.parents.map((p) => p.sha), newest?.url]).toEqual(["alice", [mainHistory[1]], `${gh.url}/repos/${FULL}/commits/${mainHistory[0] ?? ""}`]);
    expect(newest && ("files" in newest || "stats" in newest)).toBe(false);
    expect(listed.headers.link).toBeUndefined();
    expect(app.violations).toEqual([]);
  });

  it("starts from a branch, a full SHA or an abbreviated SHA given as `sha`", async () => {
    const fromTopic = await app.octokit.repos.listCommits({ ...repo, sha: "topic" });
    expect(fromTopic.data.map((c) => c.sha)).toEqual([topic, ...mainHistory]);
    const older = mainHistory[2] ?? "";
    for (const sha of [older, older.slice(0, 10)]) {
      const listed = await app.octokit.repos.listCommits({ ...repo, sha });
      expect(listed.data.map((c) => c.sha)).toEqual(mainHistory.slice(2));
    }
    expect(app.violations).toEqual([]);
  });

  it("keeps only the commits that touched `path` (a file or a directory)", async () => {
    const file = await app.octokit.repos.listCommits({ ...repo, path: "apps/podinfo/deployment.yaml" });
    expect(file.data.map((c) => c.sha)).toEqual([mainHistory[0], mainHistory[5]]);
    const dir = await app.octokit.repos.listCommits({ ...repo, path: "notes" });
    expect(dir.data.map((c) => c.commit.message)).toEqual(["note 4", "note 3", "note 2", "note 1"]);
    const none = await app.octokit.repos.listCommits({ ...repo, path: "no/such/file" });
    expect(none.data).toEqual([]);
    expect(app.violations).toEqual([]);
  });

  it("pages by `per_page` and `page` with GitHub's Link header, which Octokit's paginate follows", async () => {
    const first = await app.octokit.repos.listCommits({ ...repo, per_page: 4 });
    expect(first.data.map((c) => c.sha)).toEqual(mainHistory.slice(0, 4));
    expect(first.headers.link).toBe(
      `<${gh.url}/repos/${FULL}/commits?per_page=4&page=2>; rel="next", <${gh.url}/repos/${FULL}/commits?per_page=4&page=2>; rel="last"`,
    );
    const second = await app.octokit.repos.listCommits({ ...repo, per_page: 4, page: 2 });
    expect(second.data.map((c) => c.sha)).toEqual(mainHistory.slice(4));
    const all = await app.octokit.paginate(app.octokit.repos.listCommits, { ...repo, sha: "main", per_page: 2 });
    expect(all.map((c) => c.sha)).toEqual(mainHistory);
    const capped = await app.octokit.repos.listCommits({ ...repo, per_page: 1000 });
    expect(capped.data).toHaveLength(6);
    expect(app.violations).toEqual([]);
  });

  it("refuses the filters it does not implement rather than ignoring them", async () => {
    const refused = await requestError(app.octokit.repos.listCommits({ ...repo, author: "alice", since: "2024-01-01T00:00:00Z" }));
    expect([refused.status, errorMessage(refused)]).toEqual([422, "The emulator does not implement list commits' author, since filter"]);
  });

  it("answers 404 for an unknown `sha` and 409 for an empty repository", async () => {
    const unknown = await requestError(app.octokit.repos.listCommits({ ...repo, sha: "no-such-branch" }));
    expect([unknown.status, errorMessage(unknown)]).toEqual([404, "Not Found"]);
    await gh.createRepo({ owner: OWNER, name: "empty" });
    const empty = await requestError(app.octokit.repos.listCommits({ owner: OWNER, repo: "empty" }));
    expect([empty.status, errorMessage(empty)]).toEqual([409, "Git Repository is empty."]);
    expect(app.violations).toEqual([]);
  });

  it("is counted in the request statistics like every endpoint", async () => {
    gh.resetStats();
    await app.octokit.repos.listCommits({ ...repo, per_page: 1 });
    await requestError(app.octokit.repos.listCommits({ ...repo, sha: "nope" }));
    expect(gh.stats().byRoute["GET /repos/{owner}/{repo}/commits"]).toEqual({ count: 2, reads: 2, writes: 0, statuses: { "200": 1, "404": 1 } });
    expect(gh.unmatchedRequests()).toEqual([]);
  });
});
