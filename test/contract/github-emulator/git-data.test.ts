import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, errorMessage, FULL, OWNER, REPO, requestError, SEED_FILES, startStandardEmulator, type CheckedOctokit } from "./emulator-harness.js";

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

async function head(branch = "main"): Promise<string> {
  const { data } = await app.octokit.git.getRef({ ...repo, ref: `heads/${branch}` });
  return data.object.sha;
}

/** The four-call Git Data commit the bot makes: read head, tree with inline content, commit, ref. */
async function commitFile(branch: string, path: string, content: string, message: string): Promise<string> {
  const parent = await head(branch);
  const base = await app.octokit.git.getCommit({ ...repo, commit_sha: parent });
  const tree = await app.octokit.git.createTree({ ...repo, base_tree: base.data.tree.sha, tree: [{ path, mode: "100644", type: "blob", content }] });
  const commit = await app.octokit.git.createCommit({ ...repo, message, tree: tree.data.sha, parents: [parent] });
  await app.octokit.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.data.sha, force: false });
  return commit.data.sha;
}

describe("git data through the API is real git", () => {
  it("creates a commit the git CLI sees with the same SHA, tree, parent and content", async () => {
    const parent = await head();
    const sha = await commitFile("main", "apps/podinfo/route.yaml", "weight: 10\n", "canary: acme/podinfo 0% → 10%");
    const backing = gh.repo(FULL);
    expect(await backing.git("rev-parse", "refs/heads/main")).toBe(sha);
    expect(await backing.git("rev-parse", `${sha}^`)).toBe(parent);
    const commit = await app.octokit.git.getCommit({ ...repo, commit_sha: sha });
    expect(await backing.git("rev-parse", `${sha}^{tree}`)).toBe(commit.data.tree.sha);
    expect(await backing.git("show", `${sha}:apps/podinfo/route.yaml`)).toBe("weight: 10");
    expect(await backing.git("show", `${sha}:README.md`)).toBe(SEED_FILES["README.md"].trim());
    expect(await backing.git("log", "-1", "--format=%s|%an|%cn", sha)).toBe(`canary: acme/podinfo 0% → 10%|${gh.app.botLogin}|GitHub`);
    expect(commit.data.message).toBe("canary: acme/podinfo 0% → 10%");
    expect(commit.data.verification.verified).toBe(true);
    expect(commit.data.verification.reason).toBe("valid");
    expect(app.violations).toEqual([]);
  });

  it("leaves a commit unsigned when the app names its own author", async () => {
    const parent = await head();
    const base = await app.octokit.git.getCommit({ ...repo, commit_sha: parent });
    const commit = await app.octokit.git.createCommit({
      ...repo,
      message: "custom author",
      tree: base.data.tree.sha,
      parents: [parent],
      author: { name: "Someone", email: "someone@example.com", date: "2024-05-06T07:08:09+02:00" },
    });
    expect(commit.data.verification.verified).toBe(false);
    expect(commit.data.author).toEqual({ name: "Someone", email: "someone@example.com", date: "2024-05-06T05:08:09Z" });
    expect(await gh.repo(FULL).git("log", "-1", "--format=%an <%ae> %aI", commit.data.sha)).toBe("Someone <someone@example.com> 2024-05-06T07:08:09+02:00");
  });

  it("writes and reads blobs in utf-8 and base64", async () => {
    const text = await app.octokit.git.createBlob({ ...repo, content: "hello\n", encoding: "utf-8" });
    const binary = await app.octokit.git.createBlob({ ...repo, content: Buffer.from([0, 1, 2, 255]).toString("base64"), encoding: "base64" });
    expect(text.status).toBe(201);
    expect(text.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    const read = await app.octokit.git.getBlob({ ...repo, file_sha: binary.data.sha });
    expect(read.data.encoding).toBe("base64");
    expect(read.data.size).toBe(4);
    expect([...Buffer.from(read.data.content, "base64")]).toEqual([0, 1, 2, 255]);
    expect((await requestError(app.octokit.git.getBlob({ ...repo, file_sha: "0".repeat(40) }))).status).toBe(404);
    expect(app.violations).toEqual([]);
  });

  it("builds nested trees on a base tree, deletes with sha null, and lists recursively", async () => {
    const base = (await app.octokit.git.getCommit({ ...repo, commit_sha: await head() })).data.tree.sha;
    const tree = await app.octokit.git.createTree({
      ...repo,
      base_tree: base,
      tree: [
        { path: "apps/new/deep/file.yaml", mode: "100644", type: "blob", content: "a: 1\n" },
        { path: "README.md", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(tree.status).toBe(201);
    const listing = await app.octokit.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: "1" });
    const paths = listing.data.tree.map((e) => `${e.type}:${e.path}`);
    expect(paths).toContain("blob:apps/new/deep/file.yaml");
    expect(paths).toContain("tree:apps/new/deep");
    expect(paths).toContain("blob:apps/podinfo/route.yaml");
    expect(paths).not.toContain("blob:README.md");
    expect(listing.data.tree.find((e) => e.path === "apps")?.mode).toBe("040000");
    expect(listing.data.tree.find((e) => e.path === "apps/new/deep/file.yaml")?.size).toBe(5);
    expect(listing.data.truncated).toBe(false);
    const flat = await app.octokit.git.getTree({ ...repo, tree_sha: tree.data.sha });
    expect(flat.data.tree.map((e) => e.path)).toEqual(["apps"]);
    expect(await gh.repo(FULL).git("ls-tree", "-r", "--name-only", tree.data.sha)).toBe(
      ["apps/new/deep/file.yaml", "apps/podinfo/deployment.yaml", "apps/podinfo/route.yaml"].join("\n"),
    );
    expect(app.violations).toEqual([]);
  });

  it("without base_tree, treats every unlisted path as deleted", async () => {
    const tree = await app.octokit.git.createTree({ ...repo, tree: [{ path: "only.txt", mode: "100644", type: "blob", content: "x" }] });
    expect(tree.data.tree.map((e) => e.path)).toEqual(["only.txt"]);
  });

  it("refuses to delete a path that does not exist and to reference a missing blob", async () => {
    const base = (await app.octokit.git.getCommit({ ...repo, commit_sha: await head() })).data.tree.sha;
    const missing = await requestError(app.octokit.git.createTree({ ...repo, base_tree: base, tree: [{ path: "nope.txt", mode: "100644", type: "blob", sha: null }] }));
    expect(missing.status).toBe(422);
    const bad = await requestError(app.octokit.git.createTree({ ...repo, tree: [{ path: "x", mode: "100644", type: "blob", sha: "1".repeat(40) }] }));
    expect(bad.status).toBe(422);
    expect(errorMessage(bad)).toBe(`tree.sha ${"1".repeat(40)} is not a valid blob`);
    const mismatched = await requestError(appClient(gh).octokit.git.createTree({ ...repo, tree: [{ path: "d", mode: "100644", type: "tree", sha: base }] }));
    expect([mismatched.status, errorMessage(mismatched)]).toEqual([422, "Invalid tree info"]);
    const badParent = await requestError(app.octokit.git.createCommit({ ...repo, message: "m", tree: base, parents: ["2".repeat(40)] }));
    expect(errorMessage(badParent)).toBe("Parent SHA does not exist or is not a commit object");
    expect(app.violations).toEqual([]);
  });
});

describe("refs", () => {
  it("creates, reads, matches, force-updates and deletes branches", async () => {
    const main = await head();
    const created = await app.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/x", sha: main });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ref: "refs/heads/feature/x", object: { sha: main, type: "commit" } });
    const exists = await requestError(app.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/x", sha: main }));
    expect([exists.status, errorMessage(exists)]).toEqual([422, "Reference already exists"]);
    await app.octokit.git.createRef({ ...repo, ref: "refs/heads/feature/y", sha: main });
    const matching = await app.octokit.git.listMatchingRefs({ ...repo, ref: "heads/feature/" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/feature/x", "refs/heads/feature/y"]);
    expect((await app.octokit.git.getRef({ ...repo, ref: "heads/feature/x" })).data.object.sha).toBe(main);
    const deleted = await app.octokit.git.deleteRef({ ...repo, ref: "heads/feature/y" });
    expect(deleted.status).toBe(204);
    expect((await requestError(app.octokit.git.getRef({ ...repo, ref: "heads/feature/y" }))).status).toBe(404);
    const gone = await requestError(app.octokit.git.deleteRef({ ...repo, ref: "heads/feature/y" }));
    expect([gone.status, errorMessage(gone)]).toEqual([422, "Reference does not exist"]);
    expect(await gh.repo(FULL).git("for-each-ref", "--format=%(refname)", "refs/heads/feature")).toBe("refs/heads/feature/x");
    expect(app.violations).toEqual([]);
  });

  it("refuses a non-fast-forward update without force with GitHub's 422, and allows it with force", async () => {
    const start = await head();
    await app.octokit.git.createRef({ ...repo, ref: "refs/heads/race", sha: start });
    const ours = await commitFile("race", "apps/podinfo/route.yaml", "weight: 20\n", "ours");
    // A competing commit on the old parent: not a descendant of the branch head any more.
    const startTree = (await app.octokit.git.getCommit({ ...repo, commit_sha: start })).data.tree.sha;
    const theirs = await app.octokit.git.createCommit({ ...repo, message: "theirs", tree: startTree, parents: [start] });
    const refused = await requestError(app.octokit.git.updateRef({ ...repo, ref: "heads/race", sha: theirs.data.sha, force: false }));
    expect(refused.status).toBe(422);
    expect(refused.response?.data).toEqual({
      message: "Update is not a fast forward",
      documentation_url: "https://docs.github.com/rest/git/refs#update-a-reference",
      status: "422",
    });
    expect(await head("race")).toBe(ours);
    const forced = await app.octokit.git.updateRef({ ...repo, ref: "heads/race", sha: theirs.data.sha, force: true });
    expect(forced.data.object.sha).toBe(theirs.data.sha);
    expect(await gh.repo(FULL).git("rev-parse", "refs/heads/race")).toBe(theirs.data.sha);
    expect(app.violations).toEqual([]);
  });

  it("refuses ref updates on a protected branch unless the actor bypasses, with the ruleset error", async () => {
    const backing = gh.repo(FULL);
    await app.octokit.git.createRef({ ...repo, ref: "refs/heads/release", sha: await head() });
    backing.protect("release", {});
    const parent = await head("release");
    const tree = (await app.octokit.git.getCommit({ ...repo, commit_sha: parent })).data.tree.sha;
    const next = await app.octokit.git.createCommit({ ...repo, message: "direct", tree, parents: [parent] });
    const blocked = await requestError(app.octokit.git.updateRef({ ...repo, ref: "heads/release", sha: next.data.sha }));
    expect(blocked.status).toBe(422);
    expect(errorMessage(blocked)).toBe(
      "Repository rule violations found\n\nChanges must be made through a pull request.\n\n",
    );
    expect(await head("release")).toBe(parent);
    backing.protect("release", { bypass: [gh.app.botLogin] });
    await app.octokit.git.updateRef({ ...repo, ref: "heads/release", sha: next.data.sha });
    expect(await head("release")).toBe(next.data.sha);
    backing.protect("release", { requirePullRequest: false });
    const noDelete = await requestError(app.octokit.git.deleteRef({ ...repo, ref: "heads/release" }));
    expect([noDelete.status, errorMessage(noDelete)]).toEqual([
      422,
      "Repository rule violations found\n\nCannot delete this branch\n\n",
    ]);
    backing.unprotect("release");
    expect((await app.octokit.git.deleteRef({ ...repo, ref: "heads/release" })).status).toBe(204);
    expect(app.violations).toEqual([]);
  });
});

describe("the backing repository", () => {
  it("holds only well-formed objects and refs (git fsck --strict)", async () => {
    await expect(gh.repo(FULL).git("fsck", "--strict", "--no-dangling", "--no-progress")).resolves.toBe("");
  });
});
