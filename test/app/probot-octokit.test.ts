import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { DO_NOT_RETRY, type OctokitLog } from "../../src/adapters/github/create-octokit.js";
import { probotOctokit, probotOctokitOptions } from "../../src/app/probot-octokit.js";
import { collaboratorPermission } from "../fixtures/github/responses.js";
import { useGitHubMock } from "../support/http-mock.js";
import { testProbotOptions } from "./test-probot.js";

const SECONDARY = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};

function logInto(warnings: string[]): OctokitLog {
  return { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
}

describe("Probot's Octokit with the bot's rate-limit policy", () => {
  const github = useGitHubMock();

  it("keeps what Probot injects (the Redis connection) and replaces only the handlers and the retry list", () => {
    const connection = { shared: true };
    const probotsOwn = () => false;
    const options = probotOctokitOptions(
      { throttle: { enabled: true, connection, onRateLimit: probotsOwn, onSecondaryRateLimit: probotsOwn }, retry: { retries: 3 } } as never,
      logInto([]),
    );
    expect(options.throttle?.connection).toBe(connection);
    expect(options.throttle?.enabled).toBe(true);
    expect(options.throttle?.onRateLimit).not.toBe(probotsOwn);
    expect(options.throttle?.onSecondaryRateLimit).not.toBe(probotsOwn);
    expect(options.retry).toEqual({ retries: 3, doNotRetry: [...DO_NOT_RETRY] });
  });

  it("waits out a short secondary rate limit on an installation client (Probot's own handler would give up)", async () => {
    const warnings: string[] = [];
    const probot = new Probot({
      ...testProbotOptions(),
      // One millisecond per second of retry-after, so the wait is instant here.
      Octokit: probotOctokit(logInto(warnings), { maxWaitSeconds: 60, maxRetries: 2, retryAfterBaseValue: 1 }),
    });
    const path = "/repos/acme/deploys/collaborators/alice/permission";
    github()
      .expect("POST", "/app/installations/42/access_tokens")
      .reply(201, { token: "ghs_test", expires_at: "2030-01-01T00:00:00Z" })
      .expect("GET", path)
      .reply(403, SECONDARY, { "retry-after": "5" })
      .expect("GET", path)
      .reply(200, collaboratorPermission("alice", "write", "write"));
    const octokit = await probot.auth(42);
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "deploys", username: "alice" });
    expect(data.permission).toBe("write");
    expect(warnings).toEqual([
      "GitHub secondary rate limit for GET /repos/{owner}/{repo}/collaborators/{username}/permission: retrying in 5 s (retry 1 of 2)",
    ]);
  });
});
