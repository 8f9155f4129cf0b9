import { describe, expect, it } from "vitest";
import { ConflictError, ForbiddenError, InvariantError, SpecError, TransientError } from "../../../src/core/errors.js";
import { toAppError } from "../../../src/adapters/github/translate-error.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { REPO_PATH, errorBody, sha } from "../../fixtures/github/responses.js";
import { rejectionOf, retryAfterOf, testOctokit } from "./test-octokit.js";

const NOW = Date.UTC(2026, 4, 4, 12, 0, 0);

function httpError(status: number, data: unknown, headers: Record<string, string> = {}, url = "https://api.github.com/repos/acme/deploys/pulls/1"): Error {
  return Object.assign(new Error(`${JSON.stringify(data)} - https://docs.github.com/rest`), {
    name: "HttpError",
    status,
    request: { method: "PATCH", url, headers: {} },
    response: { status, url, headers, data },
  });
}

function graphqlError(errors: { type?: string; message: string }[], headers: Record<string, string> = {}): Error {
  return Object.assign(new Error("Request failed due to following response errors"), { name: "GraphqlResponseError", errors, headers, data: null });
}

describe("toAppError", () => {
  const github = useGitHubMock();

  it("names the failing call with GitHub's message, through a real Octokit request", async () => {
    github()
      .expect("PATCH", `${REPO_PATH}/git/refs/heads%2Fmain`)
      .reply(422, errorBody("Update is not a fast forward", "https://docs.github.com/rest/git/refs#update-a-reference"));
    const error = toAppError(
      await rejectionOf(testOctokit().rest.git.updateRef({ owner: "acme", repo: "deploys", ref: "heads/main", sha: sha("2"), force: false })),
      "update ref",
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("PATCH /repos/acme/deploys/git/refs/heads/main: 422 Update is not a fast forward");
  });

  it.each([
    [409, { message: "Head branch was modified. Review and try the merge again." }, ConflictError, "409 Head branch was modified. Review and try the merge again."],
    [409, { message: "Git Repository is empty." }, ForbiddenError, "409 Git Repository is empty."],
    [422, { message: "Repository rule violations found\n\nChanges must be made through a pull request.\n\n" }, ForbiddenError, "422 Repository rule violations found\n\nChanges must be made through a pull request."],
    [422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: "No commits between main and feature" }] }, ForbiddenError, "422 Validation Failed; No commits between main and feature"],
    [403, { message: "Resource not accessible by integration" }, ForbiddenError, "403 Resource not accessible by integration"],
    [404, { message: "Not Found" }, ForbiddenError, "404 Not Found"],
    [401, { message: "Bad credentials" }, ForbiddenError, "401 Bad credentials"],
    [503, { message: "Service Unavailable" }, TransientError, "503 Service Unavailable"],
  ] as const)("%s %j → %o", (status, data, type, message) => {
    const error = toAppError(httpError(status, data), "x", NOW);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(`PATCH /repos/acme/deploys/pulls/1: ${message}`);
  });

  it("answers a malformed request (400) as our bug", () => {
    expect(toAppError(httpError(400, { message: "Problems parsing JSON" }), "x", NOW)).toEqual(new InvariantError("PATCH /repos/acme/deploys/pulls/1: 400 Problems parsing JSON"));
  });

  it("waits until the primary limit resets", () => {
    const reset = String(NOW / 1000 + 90);
    const error = toAppError(httpError(403, { message: "API rate limit exceeded for installation ID 2." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), "x", NOW);
    expect(error).toBeInstanceOf(TransientError);
    expect(retryAfterOf(error)).toBe(90_000);
  });

  it("waits a minute for a secondary limit that gives no retry-after", () => {
    const error = toAppError(httpError(403, { message: "You have exceeded a secondary rate limit." }), "x", NOW);
    expect(error).toBeInstanceOf(TransientError);
    expect(retryAfterOf(error)).toBe(60_000);
  });

  it("keeps GitHub's retry-after on a 5xx", () => {
    const error = toAppError(httpError(503, { message: "Service Unavailable" }, { "retry-after": "7" }), "x", NOW);
    expect(retryAfterOf(error)).toBe(7000);
  });

  it("treats Octokit's network failure (HttpError 500 without a response) as transient", () => {
    const error = Object.assign(new Error("fetch failed"), { name: "HttpError", status: 500, request: { method: "GET", url: "https://api.github.com/repos/acme/deploys" } });
    expect(toAppError(error, "x", NOW)).toEqual(new TransientError("GET /repos/acme/deploys: 500 fetch failed"));
  });

  it.each([
    [[{ type: "STALE_DATA", message: "Expected branch to point to \"abc\" but it did not. Pull and try again." }], ConflictError],
    [[{ type: "RATE_LIMITED", message: "API rate limit exceeded for installation ID 2." }], TransientError],
    [[{ message: "Something went wrong while executing your query. Please include `ABC` when reporting this issue." }], TransientError],
    [[{ type: "UNPROCESSABLE", message: "Repository rule violations found" }], ForbiddenError],
    [[{ type: "NOT_FOUND", message: "Could not resolve to a Repository with the name 'acme/gone'." }], ForbiddenError],
  ] as const)("GraphQL %j → %o", (errors, type) => {
    const error = toAppError(graphqlError([...errors]), "createCommitOnBranch acme/deploys@main", NOW);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(`createCommitOnBranch acme/deploys@main: ${errors.map((e) => e.message).join("; ")}`);
  });

  it("treats plugin-throttling's GraphQL rate-limit error as transient", () => {
    const error = toAppError(Object.assign(new Error("GraphQL Rate Limit Exceeded"), { response: { headers: {} } }), "q", NOW);
    expect(error).toEqual(new TransientError("q: GraphQL Rate Limit Exceeded", 60_000));
    expect(retryAfterOf(error)).toBe(60_000);
  });

  it("passes our own errors through and calls anything else a bug", () => {
    const spec = new SpecError([]);
    expect(toAppError(spec, "x")).toBe(spec);
    expect(toAppError(new TypeError("cannot read properties of undefined"), "GET /x")).toEqual(new InvariantError("GET /x: cannot read properties of undefined"));
  });
});
