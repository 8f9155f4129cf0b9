import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, InvariantError, TransientError } from "../../../src/core/errors.js";
import { OctokitRepository } from "../../../src/adapters/github/octokit-repository.js";
import { useGitHubMock } from "../../support/http-mock.js";
import {
  OWNER,
  REPO,
  REPO_PATH,
  commitItems,
  comparison,
  errorBody,
  gitBlob,
  gitRef,
  gitTree,
  pullRequestSimple,
  sha,
} from "../../fixtures/github/responses.js";
import { rejectionOf, testOctokit } from "./test-octokit.js";

const HEAD = sha("1");
const NEW = sha("2");

function repository(): OctokitRepository {
  return new OctokitRepository(testOctokit(), { owner: OWNER, repo: REPO });
}

describe("OctokitRepository", () => {
  const github = useGitHubMock();

  describe("headOf", () => {
    it("reads the branch's commit", async () => {
      github().expect("GET", `${REPO_PATH}/git/ref/heads%2Fmain`).reply(200, gitRef("heads/main", HEAD));
      expect(await repository().headOf("main")).toBe(HEAD);
    });

    it("answers undefined for a branch that does not exist", async () => {
      github().expect("GET", `${REPO_PATH}/git/ref/heads%2Fgone`).reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/git/refs#get-a-reference", status: "404" });
      expect(await repository().headOf("gone")).toBeUndefined();
    });
  });

  describe("listFiles", () => {
    it("lists the files under the prefixes with one recursive tree call", async () => {
      github()
        .expect("GET", `${REPO_PATH}/git/trees/${HEAD}`, { query: { recursive: "1" } })
        .reply(
          200,
          gitTree(sha("t"), [
            { path: "apps", type: "tree", sha: sha("d") },
            { path: "apps/podinfo", type: "tree", sha: sha("e") },
            { path: "apps/podinfo/canary.yaml", sha: sha("3"), size: 120 },
            { path: "apps/podinfo-extra/x.yaml", sha: sha("4") },
            { path: "clusters/prod.yaml", sha: sha("5") },
            { path: "README.md", sha: sha("6") },
          ]),
        );
      const snapshot = await repository().listFiles(HEAD, ["apps/podinfo", "README.md"]);
      expect(snapshot).toEqual({
        commitSha: HEAD,
        files: [
          { path: "apps/podinfo/canary.yaml", blobSha: sha("3"), size: 120, mode: "100644" },
          { path: "README.md", blobSha: sha("6"), size: 10, mode: "100644" },
        ],
      });
    });

    it("walks only the directories leading to the prefixes when the recursive listing is truncated", async () => {
      github()
        .expect("GET", `${REPO_PATH}/git/trees/${HEAD}`, { query: { recursive: "1" } })
        .reply(200, gitTree(sha("t"), [{ path: "apps", type: "tree", sha: sha("d") }], true))
        .expect("GET", `${REPO_PATH}/git/trees/${sha("t")}`)
        .reply(200, gitTree(sha("t"), [
          { path: "apps", type: "tree", sha: sha("d") },
          { path: "vendor", type: "tree", sha: sha("v") },
          { path: "README.md", sha: sha("6") },
        ]))
        .expect("GET", `${REPO_PATH}/git/trees/${sha("d")}`)
        .reply(200, gitTree(sha("d"), [
          { path: "podinfo", type: "tree", sha: sha("e") },
          { path: "other", type: "tree", sha: sha("o") },
        ]))
        .expect("GET", `${REPO_PATH}/git/trees/${sha("e")}`)
        .reply(200, gitTree(sha("e"), [{ path: "canary.yaml", sha: sha("3") }]));
      const snapshot = await repository().listFiles(HEAD, ["apps/podinfo/"]);
      expect(snapshot.files).toEqual([{ path: "apps/podinfo/canary.yaml", blobSha: sha("3"), size: 10, mode: "100644" }]);
    });
  });

  it("reads file contents by blob, once per distinct blob", async () => {
    github()
      .expect("GET", `${REPO_PATH}/git/blobs/${sha("3")}`)
      .reply(200, gitBlob(sha("3"), "kind: Canary\n# ünïcödé and a long enough line to wrap the base64 output of GitHub\n"))
      .expect("GET", `${REPO_PATH}/git/blobs/${sha("4")}`)
      .reply(200, gitBlob(sha("4"), "kind: HTTPRoute\n"));
    const files = await repository().readFiles([
      { path: "a/canary.yaml", blobSha: sha("3"), size: 1, mode: "100644" },
      { path: "a/route.yaml", blobSha: sha("4"), size: 1, mode: "100644" },
      { path: "b/canary.yaml", blobSha: sha("3"), size: 1, mode: "100644" },
    ]);
    expect([...files]).toEqual([
      ["a/canary.yaml", "kind: Canary\n# ünïcödé and a long enough line to wrap the base64 output of GitHub\n"],
      ["a/route.yaml", "kind: HTTPRoute\n"],
      ["b/canary.yaml", "kind: Canary\n# ünïcödé and a long enough line to wrap the base64 output of GitHub\n"],
    ]);
  });

  describe("isAncestor", () => {
    it.each([
      ["ahead", true],
      ["identical", true],
      ["behind", false],
      ["diverged", false],
    ] as const)("compare status %s → %s", async (status, expected) => {
      github()
        .expect("GET", `${REPO_PATH}/compare/${HEAD}...${NEW}`, { query: { per_page: "1" } })
        .reply(200, comparison(status, 1, 0));
      expect(await repository().isAncestor(HEAD, NEW)).toBe(expected);
    });

    it("answers false when GitHub does not know a commit", async () => {
      github().expect("GET", `${REPO_PATH}/compare/${HEAD}...${NEW}`, { query: { per_page: "1" } }).reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
      expect(await repository().isAncestor(HEAD, NEW)).toBe(false);
    });

    it("answers true for the same commit without asking", async () => {
      expect(await repository().isAncestor(HEAD, HEAD)).toBe(true);
    });
  });

  describe("commitChanges", () => {
    const request = {
      branch: "main",
      expectedHead: HEAD,
      message: "canary: test/podinfo 20% → 30%\n\nCanary: test/podinfo\nCanary-Step: 3\n",
      changes: [
        { path: "apps/podinfo/route.yaml", content: "weight: 30\n" },
        { path: "apps/podinfo/old.yaml", content: null },
      ],
    };

    it("makes one createCommitOnBranch call guarded by the expected head", async () => {
      github()
        .graphql("createCommitOnBranch")
        .reply({ data: { createCommitOnBranch: { commit: { oid: NEW, url: `https://github.com/${OWNER}/${REPO}/commit/${NEW}`, signature: { isValid: true } } } } });
      const result = await repository().commitChanges(request);
      expect(result).toEqual({ sha: NEW, url: `https://github.com/${OWNER}/${REPO}/commit/${NEW}`, verified: true });
      expect(github().graphqlRequests.map((r) => r.variables)).toEqual([
        {
          input: {
            branch: { repositoryNameWithOwner: "acme/deploys", branchName: "main" },
            expectedHeadOid: HEAD,
            message: { headline: "canary: test/podinfo 20% → 30%", body: "Canary: test/podinfo\nCanary-Step: 3" },
            fileChanges: {
              additions: [{ path: "apps/podinfo/route.yaml", contents: Buffer.from("weight: 30\n").toString("base64") }],
              deletions: [{ path: "apps/podinfo/old.yaml" }],
            },
          },
        },
      ]);
    });

    it("reports an unsigned commit as not verified", async () => {
      github().graphql().reply({ data: { createCommitOnBranch: { commit: { oid: NEW, url: "https://github.com/x", signature: null } } } });
      expect((await repository().commitChanges(request)).verified).toBeUndefined();
    });

    it("throws ConflictError when the branch moved", async () => {
      github()
        .graphql()
        .reply({
          data: { createCommitOnBranch: null },
          errors: [
            {
              type: "STALE_DATA",
              path: ["createCommitOnBranch"],
              locations: [{ line: 2, column: 3 }],
              message: `Expected branch to point to "${HEAD}" but it did not. Pull and try again.`,
            },
          ],
        });
      const error = await rejectionOf(repository().commitChanges(request));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(`createCommitOnBranch acme/deploys@main: Expected branch to point to "${HEAD}" but it did not. Pull and try again.`);
    });

    it("throws ForbiddenError with GitHub's message when branch protection refuses", async () => {
      const message = "protected branch 'main' check failed:\n  At least 1 approving review is required by reviewers with write access.";
      github()
        .graphql()
        .reply({ data: { createCommitOnBranch: null }, errors: [{ type: "BRANCH_PROTECTION_RULE_VIOLATION", path: ["createCommitOnBranch"], message }] });
      const error = await rejectionOf(repository().commitChanges(request));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe(`createCommitOnBranch acme/deploys@main: ${message}`);
    });

    it("throws ForbiddenError when the installation lacks contents: write", async () => {
      github()
        .graphql()
        .reply({ data: { createCommitOnBranch: null }, errors: [{ type: "FORBIDDEN", path: ["createCommitOnBranch"], message: "Resource not accessible by integration" }] });
      const error = await rejectionOf(repository().commitChanges(request));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe("createCommitOnBranch acme/deploys@main: Resource not accessible by integration");
    });

    it("throws TransientError on a 502", async () => {
      github().graphql().reply({ data: null }, 502, { "content-type": "application/json" });
      const error = await rejectionOf(repository().commitChanges(request));
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toMatch(/^createCommitOnBranch acme\/deploys@main: 502 /);
    });

    it("refuses an empty or ambiguous change set before calling GitHub", async () => {
      await expect(repository().commitChanges({ ...request, changes: [] })).rejects.toThrow(new InvariantError("commitChanges: no changes to commit"));
      await expect(
        repository().commitChanges({ ...request, changes: [{ path: "a", content: "1" }, { path: "a", content: null }] }),
      ).rejects.toThrow(new InvariantError('commitChanges: "a" is changed twice'));
    });
  });

  it("lists recent commits across pages up to the limit", async () => {
    const page1 = Array.from({ length: 3 }, (_, i) => ({ sha: sha(String(i)), message: `m${String(i)}`, login: "canary-bot[bot]", parents: [sha("p")] }));
    const page2 = [
      { sha: sha("a"), message: "human\n\nbody", login: "octocat", parents: [sha("b")] },
      { sha: sha("c"), message: "dropped", parents: [sha("d")] },
    ];
    github()
      .expect("GET", `${REPO_PATH}/commits`, { query: { sha: "main", per_page: "4" } })
      .reply(200, commitItems(page1).slice(0, 3), { link: `<https://api.github.com${REPO_PATH}/commits?sha=main&per_page=4&page=2>; rel="next"` })
      .expect("GET", `${REPO_PATH}/commits`, { query: { sha: "main", per_page: "4", page: "2" } })
      .reply(200, commitItems(page2));
    const commits = await repository().recentCommits("main", 4);
    expect(commits).toEqual([
      { sha: sha("0"), message: "m0", authorLogin: "canary-bot[bot]", parents: [sha("p")] },
      { sha: sha("1"), message: "m1", authorLogin: "canary-bot[bot]", parents: [sha("p")] },
      { sha: sha("2"), message: "m2", authorLogin: "canary-bot[bot]", parents: [sha("p")] },
      { sha: sha("a"), message: "human\n\nbody", authorLogin: "octocat", parents: [sha("b")] },
    ]);
  });

  it("finds the merged pull request that introduced a commit", async () => {
    github()
      .expect("GET", `${REPO_PATH}/commits/${NEW}/pulls`)
      .reply(200, [
        pullRequestSimple({ number: 41, title: "Open one", head: { ref: "x", sha: sha("9") } }),
        pullRequestSimple({ number: 42, title: "Bump podinfo", merged: true, state: "closed", mergeCommitSha: NEW, author: "alice", head: { ref: "bump", sha: sha("8") } }),
      ]);
    expect(await repository().pullRequestOf(NEW)).toEqual({
      number: 42,
      title: "Bump podinfo",
      author: "alice",
      headSha: sha("8"),
      mergeCommitSha: NEW,
      url: "https://github.com/acme/deploys/pull/42",
    });
  });

  it("names the failing call in errors", async () => {
    github()
      .expect("GET", `${REPO_PATH}/git/trees/${HEAD}`, { query: { recursive: "1" } })
      .reply(403, errorBody("Resource not accessible by integration"));
    const error = await rejectionOf(repository().listFiles(HEAD, []));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(`GET /repos/acme/deploys/git/trees/${HEAD}: 403 Resource not accessible by integration`);
  });
});
