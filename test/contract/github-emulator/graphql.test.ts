import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubEmulator } from "../../support/github-emulator/index.js";
import { FULL, OWNER, REPO, SEED_FILES, appClient, b64, startStandardEmulator, type CheckedOctokit } from "./emulator-harness.js";

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

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { type?: string; message: string; path?: string[]; locations?: unknown }[];
}

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: GraphqlBody }> {
  const response = await app.octokit.request("POST /graphql", { query, variables });
  return { status: response.status, body: response.data as GraphqlBody };
}

const COMMIT = `mutation Commit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid messageHeadline url } ref { name target { oid } } }
}`;

function commitInput(expectedHeadOid: string, extra: Record<string, unknown> = {}) {
  return {
    input: {
      branch: { repositoryNameWithOwner: FULL, branchName: "main" },
      expectedHeadOid,
      message: { headline: "canary: test/podinfo 10% → 20%", body: "Canary: test/podinfo\nCanary-Step: 2" },
      fileChanges: { additions: [{ path: "apps/podinfo/route.yaml", contents: b64("weight: 20\n") }] },
      ...extra,
    },
  };
}

describe("queries against GitHub's schema", () => {
  it("reads refs, files and pull requests", async () => {
    const head = await gh.repo(FULL).head();
    const { body } = await graphql(`query {
      repository(owner: "${OWNER}", name: "${REPO}") {
        nameWithOwner
        defaultBranchRef { name target { oid ... on Commit { messageHeadline tree { oid } } } }
        ref(qualifiedName: "refs/heads/main") { prefix name }
        object(expression: "main:apps/podinfo/route.yaml") { ... on Blob { text byteSize } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      repository: {
        nameWithOwner: FULL,
        defaultBranchRef: { name: "main", target: { oid: head, messageHeadline: "Initial commit", tree: { oid: await gh.repo(FULL).git("rev-parse", "main^{tree}") } } },
        ref: { prefix: "refs/heads/", name: "main" },
        object: { text: SEED_FILES["apps/podinfo/route.yaml"], byteSize: SEED_FILES["apps/podinfo/route.yaml"].length },
      },
    });
  });

  it("validates documents against the real schema and names fields the emulator lacks", async () => {
    const invalid = await graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { nope } }`);
    expect(invalid.status).toBe(200);
    expect(invalid.body.data).toBeUndefined();
    expect(invalid.body.errors).toEqual([
      {
        path: ["query", "repository", "nope"],
        extensions: { code: "undefinedField", typeName: "Repository", fieldName: "nope" },
        locations: [{ line: 1, column: 53 }],
        message: "Field 'nope' doesn't exist on type 'Repository'",
      },
    ]);
    const missingArg = await graphql(`mutation { createCommitOnBranch(input: {}) { commit { oid } } }`);
    expect(missingArg.body.errors?.length).toBeGreaterThan(0);
    const unimplemented = await graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { stargazerCount } }`);
    expect(unimplemented.body.errors?.map((e) => e.message)).toEqual(["The GitHub emulator does not implement Repository.stargazerCount"]);
    const unknownRepo = await graphql(`query { repository(owner: "${OWNER}", name: "missing") { id } }`);
    expect(unknownRepo.body.errors).toEqual([
      { type: "NOT_FOUND", path: ["repository"], locations: [{ line: 1, column: 9 }], message: `Could not resolve to a Repository with the name '${OWNER}/missing'.` },
    ]);
  });
});

describe("createCommitOnBranch", () => {
  it("commits additions and deletions atomically; git sees the same commit, signed for the app", async () => {
    const head = (await gh.repo(FULL).head()) ?? "";
    const { body } = await graphql(COMMIT, commitInput(head, { fileChanges: { additions: [{ path: "apps/podinfo/route.yaml", contents: b64("weight: 20\n") }], deletions: [{ path: "README.md" }] } }));
    expect(body.errors).toBeUndefined();
    const result = body.data?.createCommitOnBranch as { commit: { oid: string; messageHeadline: string }; ref: { name: string; target: { oid: string } } };
    const backing = gh.repo(FULL);
    expect(await backing.head()).toBe(result.commit.oid);
    expect([result.commit.messageHeadline, result.ref.name, result.ref.target.oid]).toEqual(["canary: test/podinfo 10% → 20%", "main", result.commit.oid]);
    expect(await backing.git("log", "-1", "--format=%P|%an|%cn|%B", result.commit.oid)).toBe(
      `${head}|${gh.app.botLogin}|GitHub|canary: test/podinfo 10% → 20%\n\nCanary: test/podinfo\nCanary-Step: 2`,
    );
    expect(await backing.readFile("apps/podinfo/route.yaml")).toBe("weight: 20\n");
    expect(await backing.readFile("README.md")).toBeUndefined();
    expect(backing.isVerified(result.commit.oid)).toBe(true);
    await gh.settled();
    const push = gh.webhooks.deliveries({ event: "push" }).at(-1);
    expect([push?.payload.after, (push?.payload.sender as { login: string }).login, (push?.payload.head_commit as { removed: string[] }).removed]).toEqual([
      result.commit.oid,
      gh.app.botLogin,
      ["README.md"],
    ]);
    // The invalid document of the previous test counts too: GitHub meters every request.
    expect(gh.stats().byGraphqlField["mutation createCommitOnBranch"]).toEqual({ count: 2, reads: 0, writes: 2, statuses: { "200": 2 } });
  });

  it("fails with GitHub's STALE_DATA error (HTTP 200, data null) when expectedHeadOid is stale", async () => {
    const head = (await gh.repo(FULL).head()) ?? "";
    const stale = "0123456789abcdef0123456789abcdef01234567";
    const { status, body } = await graphql(COMMIT, commitInput(stale));
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { createCommitOnBranch: null },
      errors: [
        {
          type: "STALE_DATA",
          path: ["createCommitOnBranch"],
          locations: [{ line: 2, column: 3 }],
          message: `Expected branch to point to "${stale}" but it did not.  Pull and try again.`,
        },
      ],
    });
    expect(await gh.repo(FULL).head()).toBe(head);
  });

  it("refuses to delete a missing path, accepts a Ref node id, and respects branch protection", async () => {
    const head = (await gh.repo(FULL).head()) ?? "";
    const missing = await graphql(COMMIT, commitInput(head, { fileChanges: { deletions: [{ path: "nope.txt" }] } }));
    expect(missing.body.errors?.[0]).toMatchObject({ type: "NOT_FOUND", message: `A path was requested for deletion which does not exist as of commit oid \`${head}\`` });
    const refQuery = await graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { ref(qualifiedName: "main") { id } } }`);
    const refId = ((refQuery.body.data?.repository as { ref: { id: string } }).ref).id;
    const byId = await graphql(COMMIT, commitInput(head, { branch: { id: refId } }));
    expect(byId.body.errors).toBeUndefined();
    gh.repo(FULL).protect("main");
    try {
      const protectedBranch = await graphql(COMMIT, commitInput((await gh.repo(FULL).head()) ?? ""));
      expect(protectedBranch.body.errors?.[0]).toMatchObject({ type: "UNPROCESSABLE", message: "Repository rule violations found\n\nChanges must be made through a pull request.\n\n" });
    } finally {
      gh.repo(FULL).unprotect("main");
    }
  });

  it("creates branches with createRef", async () => {
    const repoQuery = await graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { id } }`);
    const repositoryId = (repoQuery.body.data?.repository as { id: string }).id;
    const head = (await gh.repo(FULL).head()) ?? "";
    const created = await graphql(`mutation($input: CreateRefInput!) { createRef(input: $input) { ref { name target { oid } } } }`, {
      input: { repositoryId, name: "refs/heads/canary/step-3", oid: head },
    });
    expect(created.body.data).toEqual({ createRef: { ref: { name: "canary/step-3", target: { oid: head } } } });
    expect(await gh.repo(FULL).head("canary/step-3")).toBe(head);
  });
});

describe("revertPullRequest", () => {
  const REVERT = `mutation($input: RevertPullRequestInput!) {
    revertPullRequest(input: $input) { pullRequest { number state } revertPullRequest { number title body headRefName baseRefName state } }
  }`;

  async function pullId(number: number): Promise<string> {
    const { body } = await graphql(`query { repository(owner: "${OWNER}", name: "${REPO}") { pullRequest(number: ${String(number)}) { id } } }`);
    return (body.data?.repository as { pullRequest: { id: string } }).pullRequest.id;
  }

  for (const method of ["merge", "squash"] as const) {
    it(`opens a revert PR whose diff is the inverse of a ${method}-merged PR, even after the base moved`, async () => {
      const alice = gh.as("alice");
      const branch = `bump-${method}`;
      const before = await gh.repo(FULL).readFile("apps/podinfo/deployment.yaml");
      await alice.push(FULL, { branch, files: { "apps/podinfo/deployment.yaml": `image: podinfo:${method}\n`, [`added-${method}.txt`]: "new\n" }, message: "Bump" });
      const number = await alice.openPullRequest(FULL, { head: branch, title: `Bump podinfo (${method})` });
      await alice.mergePullRequest(FULL, number, { method });
      await alice.push(FULL, { branch: "main", files: { [`later-${method}.txt`]: "later\n" }, message: "unrelated later change" });

      const { body } = await graphql(REVERT, { input: { pullRequestId: await pullId(number) } });
      expect(body.errors).toBeUndefined();
      const result = body.data?.revertPullRequest as { pullRequest: { number: number; state: string }; revertPullRequest: { number: number; title: string; body: string; headRefName: string; baseRefName: string; state: string } };
      expect(result.pullRequest).toEqual({ number, state: "MERGED" });
      expect(result.revertPullRequest).toMatchObject({
        title: `Revert "Bump podinfo (${method})"`,
        body: `Reverts ${FULL}#${String(number)}`,
        headRefName: `revert-${String(number)}-${branch}`,
        baseRefName: "main",
        state: "OPEN",
      });
      const original = await app.octokit.pulls.listFiles({ ...repo, pull_number: number });
      expect(original.data.find((f) => f.filename === "apps/podinfo/deployment.yaml")?.patch).toBe(`@@ -1 +1 @@\n-${before?.trimEnd() ?? ""}\n+image: podinfo:${method}`);
      const revert = await app.octokit.pulls.listFiles({ ...repo, pull_number: result.revertPullRequest.number });
      expect(revert.data.map((f) => [f.filename, f.status, f.patch])).toEqual([
        [`added-${method}.txt`, "removed", "@@ -1 +0,0 @@\n-new"],
        ["apps/podinfo/deployment.yaml", "modified", `@@ -1 +1 @@\n-image: podinfo:${method}\n+${before?.trimEnd() ?? ""}`],
      ]);
      await gh.as("olga").mergePullRequest(FULL, result.revertPullRequest.number);
      const backing = gh.repo(FULL);
      expect(await backing.readFile("apps/podinfo/deployment.yaml")).toBe(before);
      expect(await backing.readFile(`added-${method}.txt`)).toBeUndefined();
      expect(await backing.readFile(`later-${method}.txt`)).toBe("later\n");
    });
  }

  it("refuses to revert a pull request that was not merged", async () => {
    await gh.as("alice").push(FULL, { branch: "open-one", files: { "o.txt": "o\n" } });
    const number = await gh.as("alice").openPullRequest(FULL, { head: "open-one", title: "Open" });
    const { body } = await graphql(REVERT, { input: { pullRequestId: await pullId(number) } });
    expect(body.errors?.[0]).toMatchObject({ type: "UNPROCESSABLE", path: ["revertPullRequest"] });
    expect(body.data).toEqual({ revertPullRequest: null });
  });
});
