import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RolloutSummary } from "../../src/engine/engine-api.js";
import { runBin } from "./support/run-bin.js";

const T = Date.UTC(2025, 0, 6, 14, 5, 18);

const ROLLOUTS: RolloutSummary[] = [
  { repo: "acme/gitops", canary: "test/podinfo", phase: "Progressing", canaryWeight: 30, primaryWeight: 70, mirrored: false, failedChecks: 1, iterations: 0, paused: false, revision: "8f14e45fceea167a", lastTransitionAt: T, sourceSha: "c0ffee", pullRequest: 42 },
  { repo: "acme/gitops", canary: "bg-test/podinfo", phase: "Progressing", canaryWeight: 0, primaryWeight: 100, mirrored: true, failedChecks: 0, iterations: 2, paused: true, revision: "c9f0f895fb98ab91", lastTransitionAt: T - 60_000 },
  { repo: "acme/apps", canary: "shop/checkout", phase: "Failed", canaryWeight: 0, primaryWeight: 100, mirrored: false, failedChecks: 5, iterations: 0, paused: false, revision: "45c48cce2e2d7fbd", lastTransitionAt: T - 3_600_000 },
];

interface Seen {
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

type Answer = (url: string) => { status: number; body: string; type?: string };

describe("canary-bot status", () => {
  let server: Server;
  let base = "";
  let seen: Seen[] = [];
  let answer: Answer = () => ({ status: 200, body: JSON.stringify({ rollouts: ROLLOUTS }) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      const { status, body, type } = answer(req.url ?? "");
      res.writeHead(status, { "content-type": type ?? "application/json" });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );
  beforeEach(() => {
    seen = [];
    answer = (url) => (url === "/api/rollouts" || url === "/bot/api/rollouts" ? { status: 200, body: JSON.stringify({ rollouts: ROLLOUTS }) } : { status: 404, body: "not found" });
  });

  it("prints the rollouts as a table, like kubectl get canaries", async () => {
    const result = await runBin(["status", "--url", base]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "REPO          CANARY            PHASE                  WEIGHT          FAILED   LAST TRANSITION",
        "acme/apps     shop/checkout     Failed                 0%              5        2025-01-06T13:05:18Z",
        "acme/gitops   bg-test/podinfo   Progressing (paused)   0% (mirrored)   0        2025-01-06T14:04:18Z",
        "acme/gitops   test/podinfo      Progressing            30%             1        2025-01-06T14:05:18Z",
        "",
      ].join("\n"),
    });
    expect(seen.map((s) => s.url)).toEqual(["/api/rollouts"]);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers.accept).toBe("application/json");
  });

  it("sends the token as a bearer token, from --token or CANARY_BOT_STATUS_TOKEN, and reads CANARY_BOT_STATUS_URL", async () => {
    expect((await runBin(["status", "--url", base, "--token", "s3cret-token-value"])).code).toBe(0);
    expect((await runBin(["status"], { env: { CANARY_BOT_STATUS_URL: `${base}/bot/`, CANARY_BOT_STATUS_TOKEN: "from-the-env" } })).code).toBe(0);
    expect(seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ["/api/rollouts", "Bearer s3cret-token-value"],
      ["/bot/api/rollouts", "Bearer from-the-env"],
    ]);
  });

  it("--format json passes the rollouts through with a schema version", async () => {
    const result = await runBin(["status", "--url", base, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ schemaVersion: 1, url: `${base}/`, rollouts: ROLLOUTS });
  });

  it("says so when there are no rollouts", async () => {
    answer = () => ({ status: 200, body: '{"rollouts":[]}' });
    expect((await runBin(["status", "--url", base])).stdout).toBe("No rollouts.\n");
  });

  it("a refused request, an error answer or an unexpected body is a runtime error (exit 3)", async () => {
    answer = () => ({ status: 401, body: "unauthorized" });
    expect(await runBin(["status", "--url", base])).toEqual({
      code: 3,
      stdout: "",
      stderr: `canary-bot status: ${base}/api/rollouts refused the request (401 Unauthorized): give the token with --token or CANARY_BOT_STATUS_TOKEN\n`,
    });
    expect((await runBin(["status", "--url", base, "--token", "wrong"])).stderr).toBe(
      `canary-bot status: ${base}/api/rollouts refused the request (401 Unauthorized): check the token (CANARY_BOT_STATUS_TOKEN on the server)\n`,
    );
    answer = () => ({ status: 503, body: "engine not ready\nmore detail", type: "text/plain" });
    expect(await runBin(["status", "--url", base])).toEqual({ code: 3, stdout: "", stderr: `canary-bot status: ${base}/api/rollouts answered 503 Service Unavailable: engine not ready\n` });
    answer = () => ({ status: 200, body: "<html>hello</html>", type: "text/html" });
    expect((await runBin(["status", "--url", base])).stderr).toBe(`canary-bot status: ${base}/api/rollouts did not answer with JSON: <html>hello</html>\n`);
    answer = () => ({ status: 200, body: JSON.stringify({ rollouts: [{ ...ROLLOUTS[0], phase: "Dancing" }] }) });
    expect((await runBin(["status", "--url", base])).stderr).toBe(
      `canary-bot status: ${base}/api/rollouts answered with an unexpected shape (rollouts.0.phase: is not a phase canary-bot knows); are the CLI and the server the same version?\n`,
    );
    answer = () => ({ status: 404, body: "not found" });
    expect((await runBin(["status", "--url", `${base}/elsewhere`])).stderr).toBe(
      `canary-bot status: ${base}/elsewhere/api/rollouts answered 404 Not Found: is --url the address of canary-bot?\n`,
    );
  });

  it("an unreachable server is a runtime error (exit 3) with a clear message", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    expect(await runBin(["status", "--url", `http://127.0.0.1:${String(port)}`])).toEqual({
      code: 3,
      stdout: "",
      stderr: `canary-bot status: cannot reach canary-bot at http://127.0.0.1:${String(port)}: connection refused (ECONNREFUSED); is it running, and is --url right?\n`,
    });
  });

  it("checks its options (exit 2)", async () => {
    expect(await runBin(["status", "--url", "localhost:3000"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "canary-bot status: --url must be an http or https URL, got localhost\nRun canary-bot status --help for usage.\n",
    });
    expect((await runBin(["status", "--url", "not a url"])).stderr).toBe(
      'canary-bot status: --url must be an http or https URL such as http://localhost:3000, got "not a url"\nRun canary-bot status --help for usage.\n',
    );
    expect((await runBin(["status", "extra"])).stderr).toBe("canary-bot status: unexpected argument extra: this command takes none\nRun canary-bot status --help for usage.\n");
  });
});
