import { describe, expect, it } from "vitest";
import { operationFor, validateRequestBody, validateResponse } from "../../support/openapi.js";

describe("openapi test support", () => {
  it("matches a concrete path to its template, letting the last parameter span slashes", () => {
    expect(operationFor("PATCH", "/repos/acme/deploys/git/refs/heads/release/v1")).toEqual({
      method: "patch",
      pathTemplate: "/repos/{owner}/{repo}/git/refs/{ref}",
      operationId: "git/update-ref",
      params: { owner: "acme", repo: "deploys", ref: "heads/release/v1" },
    });
    expect(operationFor("put", "/repos/acme/deploys/pulls/7/merge?x=1")?.pathTemplate).toBe(
      "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    );
    expect(operationFor("get", "/repos/acme/deploys/commits/abc/check-runs")?.operationId).toBe("checks/list-for-ref");
    expect(operationFor("post", "/no/such/thing")).toBeUndefined();
  });

  it("accepts a valid request body and names the fields of an invalid one", () => {
    expect(validateRequestBody("patch", "/repos/{owner}/{repo}/git/refs/{ref}", { sha: "a".repeat(40), force: false })).toEqual([]);
    expect(validateRequestBody("patch", "/repos/{owner}/{repo}/git/refs/{ref}", { force: "no" })).toEqual([
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} request: (root) must have required property 'sha'",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} request: /force must be boolean",
    ]);
    expect(validateRequestBody("post", "/repos/{owner}/{repo}/check-runs", { name: "x", head_sha: "a", status: "bogus" })).toContain(
      "POST /repos/{owner}/{repo}/check-runs request: /status must be equal to one of the allowed values ([\"queued\",\"in_progress\",\"completed\"])",
    );
    expect(validateRequestBody("get", "/repos/{owner}/{repo}", { a: 1 })).toEqual([
      "GET /repos/{owner}/{repo} request: operation takes no body",
    ]);
  });

  it("validates responses through component references", () => {
    const ref = { ref: "refs/heads/main", node_id: "R", url: "https://api.github.com/x", object: { type: "commit", sha: "a".repeat(40), url: "https://api.github.com/y" } };
    expect(validateResponse("patch", "/repos/{owner}/{repo}/git/refs/{ref}", 200, ref)).toEqual([]);
    expect(validateResponse("patch", "/repos/{owner}/{repo}/git/refs/{ref}", 200, { ref: 1 })).toContain(
      "PATCH /repos/{owner}/{repo}/git/refs/{ref} 200 response: /ref must be string",
    );
    expect(validateResponse("patch", "/repos/{owner}/{repo}/git/refs/{ref}", 422, { message: "Update is not a fast forward", documentation_url: "https://docs.github.com/rest" })).toEqual([]);
    expect(validateResponse("patch", "/repos/{owner}/{repo}/git/refs/{ref}", 201, {})[0]).toMatch(/status not documented/);
    expect(validateResponse("get", "/repos/{owner}/{repo}/git/trees/{tree_sha}", 403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" })).toEqual([]);
    expect(validateResponse("get", "/repos/{owner}/{repo}/git/trees/{tree_sha}", 403, { message: 1 })).toEqual([
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha} 403 response: /message must be string",
    ]);
  });
});
