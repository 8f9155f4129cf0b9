import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubMock, validateGraphql } from "../../support/http-mock.js";
import { COMMIT_ON_BRANCH } from "../../../src/adapters/github/octokit-repository.js";
import { testOctokit } from "./test-octokit.js";

describe("GitHubMock reports contract violations", () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("flags an invalid request body, an invalid reply and an unused mock", async () => {
    const mock = new GitHubMock()
      .expect("PATCH", "/repos/acme/deploys/git/refs/heads%2Fmain")
      .reply(200, { ref: 1 })
      .expect("GET", "/repos/acme/deploys")
      .reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    await testOctokit().request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner: "acme", repo: "deploys", ref: "heads/main", sha: 1 as unknown as string });
    expect([...mock.problems()].sort()).toEqual([
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 200 response: (root) must have required property 'node_id'",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 200 response: (root) must have required property 'object'",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 200 response: (root) must have required property 'url'",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 200 response: /ref must be string",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} request: /sha must be string",
      "mock never called: GET https://api.github.com:443/repos/acme/deploys",
    ]);
  });

  it("validates GraphQL documents, variables and replies against GitHub's schema", () => {
    const ok = { createCommitOnBranch: { commit: { oid: "a", url: "https://github.com/x", signature: { isValid: true } } } };
    const input = { branch: { repositoryNameWithOwner: "acme/deploys", branchName: "main" }, expectedHeadOid: "a", message: { headline: "x" } };
    expect(validateGraphql(COMMIT_ON_BRANCH, { input }, { data: ok })).toEqual([]);
    expect(validateGraphql("mutation { createCommitOnBranch(input: {}) { nope } }", {})).toEqual([
      'GraphQL document: Expected value of type "CreateCommitOnBranchInput" to include required field "branch", found: {  }.',
      'GraphQL document: Expected value of type "CreateCommitOnBranchInput" to include required field "expectedHeadOid", found: {  }.',
      'GraphQL document: Expected value of type "CreateCommitOnBranchInput" to include required field "message", found: {  }.',
      'GraphQL document: Cannot query field "nope" on type "CreateCommitOnBranchPayload".',
    ]);
    const withoutHead = { branch: input.branch, message: input.message };
    expect(validateGraphql(COMMIT_ON_BRANCH, { input: withoutHead }, { data: ok })).toEqual([
      expect.stringMatching(/^GraphQL variables: .*expectedHeadOid/),
    ]);
    expect(validateGraphql(COMMIT_ON_BRANCH, { input }, { data: { createCommitOnBranch: { commit: { oid: null, url: "u", signature: null } } } })).toEqual([
      "GraphQL response at createCommitOnBranch.commit.oid: Cannot return null for non-nullable field Commit.oid.",
    ]);
  });
});
