import type { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { ForbiddenError, TransientError } from "../../../src/core/errors.js";
import { createOctokit, type OctokitLog } from "../../../src/adapters/github/create-octokit.js";
import type { GitHubClient } from "../../../src/adapters/github/github-client.js";
import { OctokitPermissions } from "../../../src/adapters/github/octokit-permissions.js";
import { OctokitRepository } from "../../../src/adapters/github/octokit-repository.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { OWNER, REPO, REPO_PATH, collaboratorPermission, sha } from "../../fixtures/github/responses.js";
import { rejectionOf, retryAfterOf } from "./test-octokit.js";

// Compile-time: Probot's per-installation client can be handed to every adapter as it is.
const probotClientFits: (client: InstanceType<typeof ProbotOctokit>) => GitHubClient = (client) => client;

const PERMISSION = `${REPO_PATH}/collaborators/alice/permission`;
const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" };

function client(warnings: string[]): GitHubClient {
  const log: OctokitLog = { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
  // One millisecond per second of `retry-after`, so retries happen at once in tests.
  return createOctokit({ auth: "ghs_test", log, rateLimits: { maxWaitSeconds: 60, maxRetries: 2, retryAfterBaseValue: 1 }, throttleId: "contract-tests" });
}

function permissions(warnings: string[]): OctokitPermissions {
  return new OctokitPermissions(client(warnings), { owner: OWNER, repo: REPO });
}

describe("createOctokit", () => {
  const github = useGitHubMock();

  it("builds a client the adapters accept, as they accept Probot's", () => {
    expect(typeof probotClientFits).toBe("function");
  });

  it("waits out a short secondary rate limit and retries", async () => {
    const warnings: string[] = [];
    github()
      .expect("GET", PERMISSION)
      .reply(403, SECONDARY, { "retry-after": "5" })
      .expect("GET", PERMISSION)
      .reply(200, collaboratorPermission("alice", "write", "write"));
    expect(await permissions(warnings).permissionOf("alice")).toBe("write");
    expect(warnings).toEqual([
      "GitHub secondary rate limit for GET /repos/{owner}/{repo}/collaborators/{username}/permission: retrying in 5 s (retry 1 of 2)",
    ]);
  });

  it("does not wait long in-process: the request fails as a TransientError carrying the wait", async () => {
    const warnings: string[] = [];
    github().expect("GET", PERMISSION).reply(429, SECONDARY, { "retry-after": "900" });
    const error = await rejectionOf(permissions(warnings).permissionOf("alice"));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe(`GET ${PERMISSION}: 429 ${SECONDARY.message}`);
    expect(retryAfterOf(error)).toBe(900_000);
    expect(warnings).toEqual([
      "GitHub secondary rate limit for GET /repos/{owner}/{repo}/collaborators/{username}/permission: not waiting 900 s here, the work is requeued (retry 1 of 2)",
    ]);
  });

  it("gives up after the configured retries", async () => {
    const warnings: string[] = [];
    github()
      .expect("GET", PERMISSION)
      .reply(403, SECONDARY, { "retry-after": "1" })
      .expect("GET", PERMISSION)
      .reply(403, SECONDARY, { "retry-after": "1" })
      .expect("GET", PERMISSION)
      .reply(403, SECONDARY, { "retry-after": "2" });
    const error = await rejectionOf(permissions(warnings).permissionOf("alice"));
    expect(error).toBeInstanceOf(TransientError);
    expect(retryAfterOf(error)).toBe(2000);
    expect(warnings).toHaveLength(3);
  });

  it("waits for the primary limit's reset when it is near", async () => {
    const warnings: string[] = [];
    const reset = String(Math.floor(Date.now() / 1000) + 2);
    github()
      .expect("GET", PERMISSION)
      .reply(403, { message: "API rate limit exceeded for installation ID 2.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })
      .expect("GET", PERMISSION)
      .reply(200, collaboratorPermission("alice", "admin", "admin"));
    expect(await permissions(warnings).permissionOf("alice")).toBe("admin");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^GitHub rate limit for GET .*: retrying in [1-4] s \(retry 1 of 2\)$/);
  });

  it("retries a 502 and then succeeds", async () => {
    github()
      .expect("GET", PERMISSION)
      .reply(502, { message: "Server Error" })
      .expect("GET", PERMISSION)
      .reply(200, collaboratorPermission("alice", "read", "triage"));
    expect(await permissions([]).permissionOf("alice")).toBe("triage");
  });

  it("does not retry a 409", async () => {
    github()
      .expect("GET", `${REPO_PATH}/git/trees/${sha("1")}`, { query: { recursive: "1" } })
      .reply(409, { message: "Git Repository is empty.", documentation_url: "https://docs.github.com/rest/git/trees#get-a-tree", status: "409" });
    const error = await rejectionOf(new OctokitRepository(client([]), { owner: OWNER, repo: REPO }).listFiles(sha("1"), []));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(`GET ${REPO_PATH}/git/trees/${sha("1")}: 409 Git Repository is empty.`);
  });
});
