import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { ProbotOctokit } from "probot";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { throttleHandlers, type OctokitLog } from "../../../src/adapters/github/create-octokit.js";
import { createMetrics, type Metrics } from "../../../src/adapters/observability/create-metrics.js";
import type { ObservableOctokit } from "../../../src/adapters/observability/octokit-observer.js";
import { probotOctokit } from "../../../src/app/probot-octokit.js";
import { OWNER, REPO, REPO_PATH, collaboratorPermission, errorBody } from "../../fixtures/github/responses.js";
import { useGitHubMock } from "../../support/http-mock.js";
import { Exposition } from "./exposition.js";

const quiet: OctokitLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const PERMISSION = `${REPO_PATH}/collaborators/alice/permission`;
const SECONDARY = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" };

function rateHeaders(remaining: number, resource = "core"): Record<string, string> {
  return { "x-ratelimit-limit": "5000", "x-ratelimit-remaining": String(remaining), "x-ratelimit-resource": resource, "x-ratelimit-used": String(5000 - remaining) };
}

async function exposition(metrics: Metrics): Promise<Exposition> {
  return new Exposition(await metrics.text());
}

function fresh(): Metrics {
  return createMetrics({ version: "0.1.0", processMetrics: false });
}

describe("observeOctokit", () => {
  const github = useGitHubMock();

  it("counts calls by method and status and keeps the rate-limit budget per resource", async () => {
    const metrics = fresh();
    const octokit = new Octokit({ auth: "ghs_test", log: quiet });
    metrics.observeOctokit(octokit);
    github()
      .expect("GET", PERMISSION)
      .reply(200, collaboratorPermission("alice", "write", "write"), rateHeaders(4999))
      .expect("GET", PERMISSION)
      .reply(404, errorBody("Not Found"), rateHeaders(4998))
      .graphql()
      .reply({ data: { viewer: { login: "canary-bot" } } }, 200, rateHeaders(4990, "graphql"));
    await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: OWNER, repo: REPO, username: "alice" });
    await expect(octokit.rest.repos.getCollaboratorPermissionLevel({ owner: OWNER, repo: REPO, username: "alice" })).rejects.toThrow("Not Found");
    await octokit.graphql("query { viewer { login } }");

    const e = await exposition(metrics);
    expect(e.samples("canary_bot_github_requests_total")).toEqual([
      { labels: { method: "GET", status: "200" }, value: 1 },
      { labels: { method: "GET", status: "404" }, value: 1 },
      { labels: { method: "POST", status: "200" }, value: 1 },
    ]);
    expect(e.samples("canary_bot_github_rate_limit_remaining")).toEqual([
      { labels: { resource: "core" }, value: 4998 },
      { labels: { resource: "graphql" }, value: 4990 },
    ]);
  });

  it("as a plugin after throttling and retry: one count per call, the retry inside it is not counted again", async () => {
    const metrics = fresh();
    const Client = Octokit.plugin(throttling, retry, metrics.observeOctokit);
    const octokit = new Client({
      auth: "ghs_test",
      log: quiet,
      throttle: { ...throttleHandlers(quiet, { maxWaitSeconds: 60, maxRetries: 2, retryAfterBaseValue: 1 }), id: "observability-tests" },
      retry: { doNotRetry: [404, 429] },
    });
    github()
      .expect("GET", PERMISSION)
      .reply(403, SECONDARY, { "retry-after": "1", ...rateHeaders(4000) })
      .expect("GET", PERMISSION)
      .reply(200, collaboratorPermission("alice", "write", "write"), rateHeaders(3999));
    await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: OWNER, repo: REPO, username: "alice" });
    const e = await exposition(metrics);
    expect(e.samples("canary_bot_github_requests_total")).toEqual([{ labels: { method: "GET", status: "200" }, value: 1 }]);
    expect(e.samples("canary_bot_github_rate_limit_remaining")).toEqual([{ labels: { resource: "core" }, value: 3999 }]);
  });

  it("fits Probot's Octokit, as an instance and as a plugin of the bot's Probot client class", () => {
    expectTypeOf<InstanceType<typeof ProbotOctokit>>().toExtend<ObservableOctokit>();
    expectTypeOf<InstanceType<typeof Octokit>>().toExtend<ObservableOctokit>();
    const Client = probotOctokit(quiet).plugin(fresh().observeOctokit);
    expect(typeof Client).toBe("function");
  });
});

describe("observeOctokit without an answer", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("counts a call that got no HTTP answer as status `error`, not as the 500 Octokit reports", async () => {
    server = createServer((req) => {
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const metrics = fresh();
    const octokit = new Octokit({ auth: "ghs_test", log: quiet, baseUrl: `http://127.0.0.1:${String(port)}` });
    metrics.observeOctokit(octokit);
    const failure = await octokit.rest.repos.get({ owner: OWNER, repo: REPO }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 500 });
    const e = await exposition(metrics);
    expect(e.samples("canary_bot_github_requests_total")).toEqual([{ labels: { method: "GET", status: "error" }, value: 1 }]);
    expect(e.samples("canary_bot_github_rate_limit_remaining")).toEqual([]);
  });
});
