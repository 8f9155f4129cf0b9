import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, InvariantError, TransientError } from "../../../src/core/errors.js";
import { OctokitPullRequests, revertMarker } from "../../../src/adapters/github/octokit-pull-requests.js";
import type { RevertRequest } from "../../../src/ports/pull-requests.js";
import { useGitHubMock } from "../../support/http-mock.js";
import {
  BOT_LOGIN,
  OWNER,
  REPO,
  REPO_PATH,
  branch,
  commitItems,
  errorBody,
  gitCommit,
  gitRef,
  pullRequest,
  pullRequestSimple,
  restCommit,
  review,
  sha,
} from "../../fixtures/github/responses.js";
import { rejectionOf, testOctokit } from "./test-octokit.js";

function pulls(): OctokitPullRequests {
  return new OctokitPullRequests(testOctokit(), { owner: OWNER, repo: REPO });
}

const PROMOTE_BRANCH = "canary-bot/promote/test-podinfo";
const PROMOTE_REF = `${REPO_PATH}/git/refs/heads%2Fcanary-bot%2Fpromote%2Ftest-podinfo`;

describe("OctokitPullRequests", () => {
  const github = useGitHubMock();

  it("reads a pull request", async () => {
    github()
      .expect("GET", `${REPO_PATH}/pulls/42`)
      .reply(200, pullRequest({ number: 42, title: "Bump podinfo to 6.0.1", body: "b", state: "closed", merged: true, mergeCommitSha: sha("m"), head: { ref: "bump", sha: sha("h") }, author: "alice", nodeId: "PR_42" }));
    expect(await pulls().get(42)).toEqual({
      number: 42,
      nodeId: "PR_42",
      url: "https://github.com/acme/deploys/pull/42",
      title: "Bump podinfo to 6.0.1",
      body: "b",
      state: "closed",
      merged: true,
      draft: false,
      headRef: "bump",
      headSha: sha("h"),
      baseRef: "main",
      mergeCommitSha: sha("m"),
      author: "alice",
    });
  });

  describe("branches", () => {
    it("creates a branch at a commit", async () => {
      github().expect("POST", `${REPO_PATH}/git/refs`).reply(201, gitRef(`heads/${PROMOTE_BRANCH}`, sha("1")));
      expect(await pulls().createBranch(PROMOTE_BRANCH, sha("1"))).toEqual({ created: true, head: sha("1") });
      expect(github().bodies("POST", `${REPO_PATH}/git/refs`)).toEqual([{ ref: `refs/heads/${PROMOTE_BRANCH}`, sha: sha("1") }]);
    });

    it("leaves an existing branch alone and returns its head", async () => {
      github()
        .expect("POST", `${REPO_PATH}/git/refs`)
        .reply(422, errorBody("Reference already exists", "https://docs.github.com/rest/git/refs#create-a-reference"))
        .expect("GET", `${REPO_PATH}/git/ref/heads%2Fcanary-bot%2Fpromote%2Ftest-podinfo`)
        .reply(200, gitRef(`heads/${PROMOTE_BRANCH}`, sha("2")));
      expect(await pulls().createBranch(PROMOTE_BRANCH, sha("1"))).toEqual({ created: false, head: sha("2") });
    });

    it("reports a refused branch with GitHub's message", async () => {
      github()
        .expect("POST", `${REPO_PATH}/git/refs`)
        .reply(422, errorBody("Repository rule violations found\n\nCannot create ref due to creations being restricted.\n\n"))
        .expect("GET", `${REPO_PATH}/git/ref/heads%2Fcanary-bot%2Fpromote%2Ftest-podinfo`)
        .reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
      const error = await rejectionOf(pulls().createBranch(PROMOTE_BRANCH, sha("1")));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe("POST /repos/acme/deploys/git/refs: 422 Repository rule violations found\n\nCannot create ref due to creations being restricted.");
    });

    it("deletes a branch, and a branch already gone is fine", async () => {
      github()
        .expect("DELETE", PROMOTE_REF)
        .reply(204)
        .expect("DELETE", PROMOTE_REF)
        .reply(422, errorBody("Reference does not exist"));
      await pulls().deleteBranch(PROMOTE_BRANCH);
      await pulls().deleteBranch(PROMOTE_BRANCH);
    });
  });

  describe("openOrGet", () => {
    const request = { head: PROMOTE_BRANCH, base: "main", title: "Promote test/podinfo to 6.0.1", body: "Promotes `test/podinfo`." };
    const listQuery = { state: "open", head: `acme:${PROMOTE_BRANCH}`, base: "main", per_page: "100" };

    it("returns the open PR from the branch without opening another", async () => {
      github().expect("GET", `${REPO_PATH}/pulls`, { query: listQuery }).reply(200, [pullRequestSimple({ number: 50, head: { ref: PROMOTE_BRANCH, sha: sha("p") }, author: BOT_LOGIN })]);
      const pr = await pulls().openOrGet(request);
      expect([pr.number, pr.created, pr.headRef]).toEqual([50, false, PROMOTE_BRANCH]);
    });

    it("opens the PR when there is none", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: listQuery })
        .reply(200, [])
        .expect("POST", `${REPO_PATH}/pulls`)
        .reply(201, pullRequest({ number: 51, title: request.title, body: request.body, head: { ref: PROMOTE_BRANCH, sha: sha("p") }, author: BOT_LOGIN }));
      const pr = await pulls().openOrGet(request);
      expect([pr.number, pr.created, pr.author]).toEqual([51, true, BOT_LOGIN]);
      expect(github().bodies("POST", `${REPO_PATH}/pulls`)).toEqual([{ head: PROMOTE_BRANCH, base: "main", title: request.title, body: request.body, draft: false }]);
    });

    it("takes the PR a concurrent call opened", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: listQuery })
        .reply(200, [])
        .expect("POST", `${REPO_PATH}/pulls`)
        .reply(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for acme:${PROMOTE_BRANCH}.` }], documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", status: "422" })
        .expect("GET", `${REPO_PATH}/pulls`, { query: listQuery })
        .reply(200, [pullRequestSimple({ number: 52, head: { ref: PROMOTE_BRANCH, sha: sha("p") } })]);
      const pr = await pulls().openOrGet(request);
      expect([pr.number, pr.created]).toEqual([52, false]);
    });
  });

  it("updates and closes", async () => {
    github()
      .expect("PATCH", `${REPO_PATH}/pulls/50`)
      .reply(200, pullRequest({ number: 50, title: "new" }))
      .expect("PATCH", `${REPO_PATH}/pulls/50`)
      .reply(200, pullRequest({ number: 50, state: "closed" }));
    expect((await pulls().update(50, { title: "new", body: "b" })).title).toBe("new");
    expect((await pulls().close(50)).state).toBe("closed");
    expect(github().bodies("PATCH", `${REPO_PATH}/pulls/50`)).toEqual([{ title: "new", body: "b" }, { state: "closed" }]);
  });

  describe("merge", () => {
    it("merges only at the expected head", async () => {
      github()
        .expect("PUT", `${REPO_PATH}/pulls/50/merge`)
        .reply(200, { sha: sha("9"), merged: true, message: "Pull Request successfully merged" });
      expect(await pulls().merge(50, sha("p"), "squash")).toEqual({ sha: sha("9") });
      expect(github().bodies("PUT", `${REPO_PATH}/pulls/50/merge`)).toEqual([{ sha: sha("p"), merge_method: "squash" }]);
    });

    it("throws ConflictError when the head moved", async () => {
      github()
        .expect("PUT", `${REPO_PATH}/pulls/50/merge`)
        .reply(409, { message: "Head branch was modified. Review and try the merge again.", documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request", status: "409" });
      const error = await rejectionOf(pulls().merge(50, sha("p"), "merge"));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe("PUT /repos/acme/deploys/pulls/50/merge: 409 Head branch was modified. Review and try the merge again.");
    });

    it("throws ForbiddenError with GitHub's reason when the PR may not be merged", async () => {
      github()
        .expect("PUT", `${REPO_PATH}/pulls/50/merge`)
        .reply(405, { message: 'Required status check "ci" is expected.', documentation_url: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request", status: "405" });
      const error = await rejectionOf(pulls().merge(50, sha("p"), "merge"));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe('PUT /repos/acme/deploys/pulls/50/merge: 405 Required status check "ci" is expected.');
    });
  });

  it("requests reviews from users and teams, and sends nothing for nobody", async () => {
    github()
      .expect("POST", `${REPO_PATH}/pulls/50/requested_reviewers`)
      .reply(201, pullRequestSimple({ number: 50 }));
    await pulls().requestReviewers(50, { users: ["alice"], teams: ["platform"] });
    await pulls().requestReviewers(50, { users: [], teams: [] });
    expect(github().bodies("POST", `${REPO_PATH}/pulls/50/requested_reviewers`)).toEqual([{ reviewers: ["alice"], team_reviewers: ["platform"] }]);
  });

  it("lists reviews with their state, author and commit", async () => {
    github()
      .expect("GET", `${REPO_PATH}/pulls/50/reviews`, { query: { per_page: "100" } })
      .reply(200, [review(1, "alice", "APPROVED", sha("p")), review(2, "bob", "CHANGES_REQUESTED", sha("o")), review(3, "carol", "COMMENTED", sha("p"))]);
    expect(await pulls().listReviews(50)).toEqual([
      { id: 1, author: "alice", state: "approved", commitSha: sha("p"), submittedAt: Date.UTC(2026, 4, 4, 10, 0, 0) },
      { id: 2, author: "bob", state: "changes_requested", commitSha: sha("o"), submittedAt: Date.UTC(2026, 4, 4, 10, 0, 0) },
      { id: 3, author: "carol", state: "commented", commitSha: sha("p"), submittedAt: Date.UTC(2026, 4, 4, 10, 0, 0) },
    ]);
  });

  describe("openRevert", () => {
    const M = sha("m");
    const B = sha("b");
    const H = sha("c");
    const request: RevertRequest = {
      source: { kind: "pull-request", number: 42 },
      base: "main",
      branch: "canary-bot/revert/test-podinfo",
      title: 'Revert "#42 Bump podinfo to 6.0.1" — canary failed',
      body: "error-rate 4.2 % > 1 %",
    };
    const MARKER = "<!-- canary-bot:revert/pr-42 -->";
    const BODY = `${MARKER}\n${request.body}`;
    const REVERT_REF = `${REPO_PATH}/git/refs/heads%2Fcanary-bot%2Frevert%2Ftest-podinfo`;
    const openQuery = { state: "open", base: "main", per_page: "100" };
    const merged = pullRequest({ number: 42, title: "Bump podinfo to 6.0.1", state: "closed", merged: true, mergeCommitSha: M, nodeId: "PR_kwDOABC42", commits: 1 });
    const revertPr = {
      number: 60,
      id: "PR_kwDOABC60",
      url: "https://github.com/acme/deploys/pull/60",
      title: request.title,
      body: BODY,
      state: "OPEN",
      isDraft: false,
      headRefName: "revert-42-bump",
      headRefOid: sha("r"),
      baseRefName: "main",
      mergeCommit: null,
      author: { login: "canary-bot" },
    };

    it("finds the revert PR an earlier call opened", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [pullRequestSimple({ number: 59, body: "unrelated" }), pullRequestSimple({ number: 60, body: BODY, head: { ref: "revert-42-bump", sha: sha("r") } })]);
      const result = await pulls().openRevert(request);
      expect(result.kind === "opened" ? [result.via, result.pullRequest.number] : result).toEqual(["existing", 60]);
    });

    it("uses GraphQL revertPullRequest for a merged PR", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("GET", `${REPO_PATH}/pulls/42`)
        .reply(200, merged)
        .graphql("revertPullRequest")
        .reply({ data: { revertPullRequest: { revertPullRequest: revertPr } } });
      expect(await pulls().openRevert(request)).toEqual({
        kind: "opened",
        via: "revert-pull-request",
        pullRequest: {
          number: 60,
          nodeId: "PR_kwDOABC60",
          url: "https://github.com/acme/deploys/pull/60",
          title: request.title,
          body: BODY,
          state: "open",
          merged: false,
          draft: false,
          headRef: "revert-42-bump",
          headSha: sha("r"),
          baseRef: "main",
          mergeCommitSha: undefined,
          author: "canary-bot",
        },
      });
      expect(github().graphqlRequests.map((r) => r.variables)).toEqual([{ input: { pullRequestId: "PR_kwDOABC42", title: request.title, body: BODY, draft: false } }]);
    });

    /** The inverse-commit fallback after the GraphQL mutation is unavailable. */
    function expectInverseCommit(mergeReply: { status: number; body?: unknown }) {
      github()
        .expect("GET", `${REPO_PATH}/git/commits/${M}`)
        .reply(200, gitCommit(M, sha("1"), [B]))
        .expect("GET", `${REPO_PATH}/git/commits/${B}`)
        .reply(200, gitCommit(B, sha("2"), [sha("0")]))
        .expect("POST", `${REPO_PATH}/git/commits`)
        .reply(201, gitCommit(sha("r"), sha("2"), [M]))
        .expect("GET", `${REPO_PATH}/branches/main`)
        .reply(200, branch("main", H, sha("3")))
        .expect("POST", `${REPO_PATH}/git/refs`)
        .reply(201, gitRef("heads/canary-bot/revert/test-podinfo", H))
        .expect("POST", `${REPO_PATH}/merges`)
        .reply(mergeReply.status, mergeReply.body);
    }

    it("falls back to an inverse commit merged onto the current head when GraphQL refuses", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("GET", `${REPO_PATH}/pulls/42`)
        .reply(200, merged)
        .graphql("revertPullRequest")
        .reply({ data: { revertPullRequest: null }, errors: [{ type: "FORBIDDEN", path: ["revertPullRequest"], message: "Resource not accessible by integration" }] });
      expectInverseCommit({ status: 201, body: restCommit(sha("4"), sha("5"), [H, sha("r")]) });
      github()
        .expect("POST", `${REPO_PATH}/git/commits`)
        .reply(201, gitCommit(sha("6"), sha("5"), [H]))
        .expect("PATCH", REVERT_REF)
        .reply(200, gitRef("heads/canary-bot/revert/test-podinfo", sha("6")))
        .expect("POST", `${REPO_PATH}/pulls`)
        .reply(201, pullRequest({ number: 61, title: request.title, body: BODY, head: { ref: request.branch, sha: sha("6") }, author: BOT_LOGIN }));

      const result = await pulls().openRevert(request);
      expect(result.kind === "opened" ? [result.via, result.pullRequest.number, result.pullRequest.headSha] : result).toEqual(["inverse-commit", 61, sha("6")]);
      const message = `${request.title}\n\nThis reverts commit ${M} (#42).`;
      expect(github().bodies("POST", `${REPO_PATH}/git/commits`)).toEqual([
        { message, tree: sha("2"), parents: [M] },
        { message, tree: sha("5"), parents: [H] },
      ]);
      expect(github().bodies("POST", `${REPO_PATH}/git/refs`)).toEqual([{ ref: `refs/heads/${request.branch}`, sha: H }]);
      expect(github().bodies("POST", `${REPO_PATH}/merges`)).toEqual([{ base: request.branch, head: sha("r"), commit_message: message }]);
      expect(github().bodies("PATCH", REVERT_REF)).toEqual([{ sha: sha("6"), force: true }]);
      expect(github().bodies("POST", `${REPO_PATH}/pulls`)).toEqual([{ title: request.title, head: request.branch, base: "main", body: BODY, draft: false }]);
    });

    it("reports a conflict and removes its branch when the revert does not apply", async () => {
      expectInverseCommit({ status: 409, body: { message: "Merge conflict", documentation_url: "https://docs.github.com/rest/branches/branches#merge-a-branch" } });
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("DELETE", REVERT_REF)
        .reply(204);
      expect(await pulls().openRevert({ ...request, source: { kind: "commit", sha: M } })).toEqual({
        kind: "conflict",
        message: "POST /repos/acme/deploys/merges: 409 Merge conflict: the revert does not apply cleanly on the current main",
      });
      expect((github().bodies("POST", `${REPO_PATH}/git/commits`)[0] as { message: string }).message).toBe(`${request.title}\n\nThis reverts commit ${M}.`);
    });

    it("says there is nothing to revert when the head already undoes the change", async () => {
      expectInverseCommit({ status: 201, body: restCommit(sha("4"), sha("3"), [H, sha("r")]) });
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("DELETE", REVERT_REF)
        .reply(204);
      expect(await pulls().openRevert({ ...request, source: { kind: "commit", sha: M } })).toEqual({ kind: "nothing-to-revert" });
    });

    it("goes back past every rebased commit of a rebase-merged PR", async () => {
      const rebased = pullRequest({ number: 42, state: "closed", merged: true, mergeCommitSha: M, commits: 2 });
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("GET", `${REPO_PATH}/pulls/42`)
        .reply(200, rebased)
        .graphql("revertPullRequest")
        .reply({ data: null, errors: [{ message: "Field 'revertPullRequest' doesn't exist on type 'Mutation'" }] })
        .expect("GET", `${REPO_PATH}/git/commits/${M}`)
        .reply(200, gitCommit(M, sha("1"), [sha("k")]))
        .expect("GET", `${REPO_PATH}/commits`, { query: { sha: M, per_page: "3" } })
        .reply(200, commitItems([
          { sha: M, message: "second", parents: [sha("k")] },
          { sha: sha("k"), message: "first", parents: [B] },
          { sha: B, message: "before", parents: [sha("0")] },
        ]))
        .expect("GET", `${REPO_PATH}/pulls/42/commits`, { query: { per_page: "100" } })
        .reply(200, commitItems([
          { sha: sha("x"), message: "first", parents: [sha("0")] },
          { sha: sha("y"), message: "second", parents: [sha("x")] },
        ]))
        .expect("GET", `${REPO_PATH}/git/commits/${B}`)
        .reply(200, gitCommit(B, sha("2"), [sha("0")]))
        .expect("POST", `${REPO_PATH}/git/commits`)
        .reply(201, gitCommit(sha("r"), sha("2"), [M]))
        .expect("GET", `${REPO_PATH}/branches/main`)
        .reply(200, branch("main", H, sha("3")))
        .expect("POST", `${REPO_PATH}/git/refs`)
        .reply(422, errorBody("Reference already exists"))
        .expect("GET", `${REPO_PATH}/git/ref/heads%2Fcanary-bot%2Frevert%2Ftest-podinfo`)
        .reply(200, gitRef("heads/canary-bot/revert/test-podinfo", sha("o")))
        .expect("PATCH", REVERT_REF)
        .reply(200, gitRef("heads/canary-bot/revert/test-podinfo", H))
        .expect("POST", `${REPO_PATH}/merges`)
        .reply(409, { message: "Merge conflict", documentation_url: "https://docs.github.com/rest" })
        .expect("DELETE", REVERT_REF)
        .reply(204);
      expect((await pulls().openRevert(request)).kind).toBe("conflict");
      // The inverse commit restores the tree from before both rebased commits.
      expect((github().bodies("POST", `${REPO_PATH}/git/commits`)[0] as { tree: string }).tree).toBe(sha("2"));
      expect(github().bodies("PATCH", REVERT_REF)).toEqual([{ sha: H, force: true }]);
    });

    it("does not work around an outage: a 502 is a TransientError", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("GET", `${REPO_PATH}/pulls/42`)
        .reply(200, merged)
        .graphql("revertPullRequest")
        .reply({ message: "Server Error" } as never, 502);
      const error = await rejectionOf(pulls().openRevert(request));
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toBe("revertPullRequest acme/deploys#42: 502 Server Error");
    });

    it("refuses to revert a PR that was never merged", async () => {
      github()
        .expect("GET", `${REPO_PATH}/pulls`, { query: openQuery })
        .reply(200, [])
        .expect("GET", `${REPO_PATH}/pulls/42`)
        .reply(200, pullRequest({ number: 42, state: "closed", merged: false }));
      await expect(pulls().openRevert(request)).rejects.toThrow(new InvariantError("revert of #42: the pull request is not merged, there is nothing to revert"));
    });

    it("marks revert PRs by their source", () => {
      expect(revertMarker({ kind: "commit", sha: M })).toBe(`<!-- canary-bot:revert/commit-${M} -->`);
    });
  });
});
