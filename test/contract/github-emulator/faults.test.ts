import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorLogEvent, GitHubEmulator } from "../../support/github-emulator/index.js";
import { appClient, errorMessage, FULL, OWNER, REPO, requestError, silentLog, startStandardEmulator, type CheckedOctokit } from "./emulator-harness.js";

let gh: GitHubEmulator;
let app: CheckedOctokit;
const logged: EmulatorLogEvent[] = [];
const repo = { owner: OWNER, repo: REPO };
const REF_ROUTE = "/repos/{owner}/{repo}/git/refs/{ref}";

beforeAll(async () => {
  gh = await startStandardEmulator({ seed: 7, log: (event) => logged.push(event) });
  app = appClient(gh);
});

afterAll(async () => {
  await gh.close();
});

async function newCommitOnMain(): Promise<string> {
  const head = (await gh.repo(FULL).head()) ?? "";
  const tree = await gh.repo(FULL).git("rev-parse", `${head}^{tree}`);
  return (await app.octokit.git.createCommit({ ...repo, message: "next", tree, parents: [head] })).data.sha;
}

function rateHeaders(headers: Record<string, unknown> | undefined): unknown[] {
  return ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-used", "x-ratelimit-reset", "x-ratelimit-resource"].map((h) => headers?.[h]);
}

describe("rate-limit headers", () => {
  it("are on every response, successes and errors alike, with separate core and graphql budgets", async () => {
    const first = await app.octokit.repos.get({ ...repo });
    const [limit, remaining, used, reset, resource] = rateHeaders(first.headers);
    expect([limit, resource]).toEqual(["5000", "core"]);
    expect(Number(remaining) + Number(used)).toBe(5000);
    expect(Number(reset)).toBeGreaterThan(Date.now() / 1000);
    const second = await app.octokit.repos.get({ ...repo });
    expect(Number(second.headers["x-ratelimit-used"])).toBe(Number(used) + 1);
    const failed = await requestError(app.octokit.repos.getCommit({ ...repo, ref: "nope" }));
    expect(rateHeaders(failed.response?.headers).every((h) => typeof h === "string")).toBe(true);
    const unknown = await requestError(app.octokit.request("GET /repos/{owner}/{repo}/no-such-endpoint", { ...repo }));
    expect(unknown.status).toBe(404);
    expect(rateHeaders(unknown.response?.headers).every((h) => typeof h === "string")).toBe(true);
    const graphql = await app.octokit.request("POST /graphql", { query: "{ viewer { login } }" });
    expect([graphql.headers["x-ratelimit-resource"], graphql.headers["x-ratelimit-used"]]).toEqual(["graphql", "1"]);
    const status = await app.octokit.rateLimit.get();
    expect(status.data.resources.core.used).toBe(Number(second.headers["x-ratelimit-used"]) + 2);
    expect(status.data.resources.graphql?.used).toBe(1);
  });

  it("really runs out: a small budget answers 403 with remaining 0 until reset", async () => {
    const small = await startStandardEmulator({ rateLimit: { core: 2 } });
    try {
      const client = appClient(small).octokit;
      await client.repos.get({ ...repo });
      const last = await client.repos.get({ ...repo });
      expect(last.headers["x-ratelimit-remaining"]).toBe("0");
      const refused = await requestError(client.repos.get({ ...repo }));
      expect([refused.status, errorMessage(refused), refused.response?.headers["x-ratelimit-remaining"]]).toEqual([
        403,
        `API rate limit exceeded for installation ID ${String(small.installationId(OWNER))}.`,
        "0",
      ]);
      expect((await client.rateLimit.get()).data.rate).toMatchObject({ limit: 2, used: 2, remaining: 0 });
    } finally {
      await small.close();
    }
  });
});

describe("injected faults", () => {
  it("fails the next N requests of a route and leaves other routes alone", async () => {
    const sha = await newCommitOnMain();
    gh.resetStats();
    const handle = gh.faults.inject({ match: { method: "PATCH", route: REF_ROUTE }, fault: { kind: "server-error", status: 502 }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const failed = await requestError(app.octokit.git.updateRef({ ...repo, ref: "heads/main", sha }));
      expect([failed.status, errorMessage(failed)]).toEqual([502, "Server Error"]);
    }
    expect((await app.octokit.git.getRef({ ...repo, ref: "heads/main" })).status).toBe(200);
    expect((await app.octokit.git.updateRef({ ...repo, ref: "heads/main", sha })).status).toBe(200);
    expect([handle.hits, handle.active]).toEqual([2, false]);
    const stats = gh.stats();
    expect(stats.byRoute[`PATCH ${REF_ROUTE}`]).toEqual({ count: 3, reads: 0, writes: 3, statuses: { "502": 2, "200": 1 } });
    expect(stats.byRoute["GET /repos/{owner}/{repo}/git/ref/{ref}"]).toEqual({ count: 1, reads: 1, writes: 0, statuses: { "200": 1 } });
    expect([stats.total, stats.reads, stats.writes, stats.faulted]).toEqual([4, 1, 3, 2]);
  });

  it("answers secondary and primary rate limits the way GitHub does", async () => {
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "secondary-rate-limit", retryAfterSeconds: 30 } });
    const secondary = await requestError(app.octokit.repos.get({ ...repo }));
    expect([secondary.status, secondary.response?.headers["retry-after"]]).toEqual([403, "30"]);
    expect(errorMessage(secondary)).toMatch(/^You have exceeded a secondary rate limit\./);
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "primary-rate-limit", status: 429, resetAfterSeconds: 120 } });
    const before = Math.floor(Date.now() / 1000);
    const primary = await requestError(app.octokit.repos.get({ ...repo }));
    expect([primary.status, primary.response?.headers["x-ratelimit-remaining"]]).toEqual([429, "0"]);
    expect(Number(primary.response?.headers["x-ratelimit-reset"]) - before).toBeGreaterThanOrEqual(119);
    expect(errorMessage(primary)).toBe(`API rate limit exceeded for installation ID ${String(gh.installationId(OWNER))}.`);
    gh.faults.inject({ match: { graphqlField: "viewer" }, fault: { kind: "primary-rate-limit" } });
    const graphql = await app.octokit.request("POST /graphql", { query: "{ viewer { login } }" });
    expect([graphql.status, graphql.headers["x-ratelimit-remaining"], (graphql.data as { errors: { type: string }[] }).errors[0]?.type]).toEqual([200, "0", "RATE_LIMITED"]);
  });

  it("injects 409 and 422 with GitHub's error body", async () => {
    gh.faults.inject({ match: { method: "POST", route: "/repos/{owner}/{repo}/git/trees" }, fault: { kind: "conflict", message: "Git Repository is empty." } });
    gh.faults.inject({ match: { method: "POST", route: "/repos/{owner}/{repo}/git/blobs" }, fault: { kind: "validation" } });
    const conflict = await requestError(app.octokit.git.createTree({ ...repo, tree: [] }));
    expect(conflict.response?.data).toEqual({ message: "Git Repository is empty.", documentation_url: "https://docs.github.com/rest/git/trees#create-a-tree", status: "409" });
    const invalid = await requestError(app.octokit.git.createBlob({ ...repo, content: "x" }));
    expect([invalid.status, errorMessage(invalid)]).toEqual([422, "Validation Failed"]);
  });

  it("can fail a write after it happened, so retries must be idempotent", async () => {
    const sha = await newCommitOnMain();
    gh.faults.inject({ match: { method: "PATCH", route: REF_ROUTE }, fault: { kind: "server-error" }, afterHandler: true });
    const failed = await requestError(app.octokit.git.updateRef({ ...repo, ref: "heads/main", sha }));
    expect(failed.status).toBe(502);
    expect(await gh.repo(FULL).head()).toBe(sha);
  });

  it("drops the connection without an answer", async () => {
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "disconnect" } });
    await expect(fetch(`${gh.url}/repos/${FULL}`, { headers: { authorization: `token ${gh.userToken("alice")}` } })).rejects.toThrow();
    expect(gh.requests().at(-1)).toMatchObject({ route: "GET /repos/{owner}/{repo}", status: 0, fault: "disconnect" });
  });

  it("fails by a seeded probability, the same way for the same seed", async () => {
    async function pattern(seed: number): Promise<string> {
      const emulator = await startStandardEmulator({ seed });
      try {
        emulator.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "server-error", status: 503 }, probability: 0.5 });
        const client = appClient(emulator).octokit;
        let out = "";
        for (let i = 0; i < 16; i++) out += await client.repos.get({ ...repo }).then(() => "." , () => "x");
        return out;
      } finally {
        await emulator.close();
      }
    }
    const first = await pattern(42);
    expect(await pattern(42)).toBe(first);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await pattern(43)).not.toBe(first);
  });

  it("adds latency per route, with seeded jitter, and records it", async () => {
    const handle = gh.latency.add({ match: { route: "/repos/{owner}/{repo}/git/ref/{ref}" }, ms: 20, jitterMs: 10 });
    await app.octokit.git.getRef({ ...repo, ref: "heads/main" });
    await app.octokit.repos.get({ ...repo });
    handle.cancel();
    const [refRead, repoRead] = gh.requests().slice(-2);
    expect(refRead?.delayMs).toBeGreaterThanOrEqual(20);
    expect(refRead?.delayMs).toBeLessThan(30);
    expect(repoRead?.delayMs).toBe(0);
  });

  it("is understood by Octokit's retry and throttling plugins", async () => {
    const Plugged = Octokit.plugin(retry, throttling);
    const seen: string[] = [];
    const octokit = new Plugged({
      baseUrl: gh.url,
      auth: gh.installationToken(gh.installationId(OWNER)),
      log: silentLog,
      retry: { retryAfterBaseValue: 1 },
      throttle: {
        fallbackSecondaryRateRetryAfter: 0,
        onSecondaryRateLimit: (after: number) => {
          seen.push(`secondary ${String(after)}`);
          return true;
        },
        onRateLimit: (after: number) => {
          seen.push(`primary ${String(after > 0)}`);
          return false;
        },
      },
    });
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "server-error", status: 502 } });
    expect((await octokit.rest.repos.get({ ...repo })).status).toBe(200);
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "secondary-rate-limit", retryAfterSeconds: 0 } });
    expect((await octokit.rest.repos.get({ ...repo })).status).toBe(200);
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "primary-rate-limit", resetAfterSeconds: 5 } });
    expect((await requestError(octokit.rest.repos.get({ ...repo }))).status).toBe(403);
    expect(seen).toEqual(["secondary 0", "primary true"]);
  });
});

describe("instrumentation", () => {
  it("answers unknown endpoints with GitHub's 404 body, logs and lists them", async () => {
    const before = gh.unmatchedRequests().length;
    const response = await fetch(`${gh.url}/repos/${FULL}/deployments/frobnicate`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
    expect(gh.unmatchedRequests().slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /repos/${FULL}/deployments/frobnicate`]);
    expect(logged.at(-1)).toEqual({ level: "warn", message: "GitHub emulator: unknown endpoint", details: { method: "POST", path: `/repos/${FULL}/deployments/frobnicate` } });
  });

  it("counts GraphQL queries as reads and mutations as writes, by field", async () => {
    gh.resetStats();
    await app.octokit.request("POST /graphql", { query: `{ repository(owner: "${OWNER}", name: "${REPO}") { id } viewer { login } }` });
    await app.octokit.request("POST /graphql", { query: "mutation { createRef(input: {repositoryId: \"x\", name: \"refs/heads/x\", oid: \"0\"}) { ref { name } } }" });
    const stats = gh.stats();
    expect([stats.reads, stats.writes]).toEqual([1, 1]);
    expect(Object.keys(stats.byGraphqlField).sort()).toEqual(["mutation createRef", "query repository", "query viewer"]);
    expect(stats.byRoute["POST /graphql"]).toEqual({ count: 2, reads: 1, writes: 1, statuses: { "200": 2 } });
  });

  it("feeds the OpenAPI check these tests rely on (an undocumented answer is reported)", async () => {
    const client = appClient(gh);
    gh.faults.inject({ match: { route: "/repos/{owner}/{repo}" }, fault: { kind: "status", status: 201, message: "Created" } });
    await client.octokit.repos.get({ ...repo });
    expect(client.violations).toEqual([
      "GET /repos/{owner}/{repo} 201 response: status not documented (documented: 200, 301, 403, 404)",
    ]);
  });
});
