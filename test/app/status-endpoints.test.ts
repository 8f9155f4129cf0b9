import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStatusHandler } from "../../src/adapters/http/status-routes.js";
import type { RolloutSummary } from "../../src/engine/engine-api.js";
import { RecordingEngine } from "./fake-engine.js";

const TOKEN = "0123456789abcdef0123456789abcdef";

const SUMMARY: RolloutSummary = {
  repo: "acme/deploys",
  canary: "test/podinfo",
  phase: "Progressing",
  canaryWeight: 30,
  primaryWeight: 70,
  mirrored: false,
  failedChecks: 0,
  iterations: 0,
  paused: false,
  revision: "3f9a1c",
  lastTransitionAt: 1_767_225_600_000,
  sourceSha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
  pullRequest: 42,
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

/** A server with the status handler first and a fallback that answers what it passes on. */
function serve(handler: ReturnType<typeof createStatusHandler>): Server {
  return createServer((request, response) => {
    void handler(request, response).then((handled) => {
      if (!handled) response.writeHead(404, { "content-type": "text/plain" }).end("next handler");
    });
  });
}

describe("status endpoints", () => {
  const engine = new RecordingEngine();
  const errors: string[] = [];
  let open: Server;
  let guarded: Server;
  let openUrl: string;
  let guardedUrl: string;

  beforeAll(async () => {
    open = serve(createStatusHandler({ engine, log: { error: (m) => errors.push(m) } }));
    guarded = serve(
      createStatusHandler({
        engine,
        statusToken: TOKEN,
        extra: [{ path: "/metrics", handle: (_req, res) => { res.writeHead(200, { "content-type": "text/plain" }).end("canary_bot_up 1\n"); } }],
      }),
    );
    openUrl = await listen(open);
    guardedUrl = await listen(guarded);
  });

  afterAll(async () => {
    await new Promise((resolve) => open.close(resolve));
    await new Promise((resolve) => guarded.close(resolve));
  });

  beforeEach(() => {
    engine.isReady = true;
    engine.summaries = [SUMMARY];
    engine.failRollouts = undefined;
    errors.length = 0;
  });

  it("answers /healthz while the process runs", async () => {
    const response = await fetch(`${openUrl}/healthz`);
    expect([response.status, response.headers.get("content-type"), response.headers.get("cache-control"), await response.json()]).toEqual([
      200,
      "application/json; charset=utf-8",
      "no-store",
      { status: "ok" },
    ]);
  });

  it("answers HEAD without a body", async () => {
    const response = await fetch(`${openUrl}/healthz?probe=1`, { method: "HEAD" });
    expect([response.status, await response.text()]).toEqual([200, ""]);
  });

  it("reports /readyz as the engine's readiness", async () => {
    engine.isReady = false;
    const starting = await fetch(`${openUrl}/readyz`);
    expect([starting.status, await starting.json()]).toEqual([503, { status: "starting" }]);
    engine.isReady = true;
    const ready = await fetch(`${openUrl}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
  });

  it("lists rollouts without a token when none is configured", async () => {
    const response = await fetch(`${openUrl}/api/rollouts`);
    expect([response.status, await response.json()]).toEqual([200, { rollouts: [SUMMARY] }]);
  });

  it.each([
    ["no Authorization header", undefined],
    ["a wrong token", `Bearer ${TOKEN.slice(0, -1)}x`],
    ["a longer token", `Bearer ${TOKEN}0`],
    ["another scheme", `Basic ${TOKEN}`],
    ["an empty bearer", "Bearer "],
  ])("refuses the rollouts with %s when a token is configured", async (_name, authorization) => {
    const response = await fetch(`${guardedUrl}/api/rollouts`, { headers: authorization === undefined ? {} : { authorization } });
    expect([response.status, response.headers.get("www-authenticate"), await response.json()]).toEqual([
      401,
      'Bearer realm="canary-bot"',
      { error: "a Bearer token is required (CANARY_BOT_STATUS_TOKEN)" },
    ]);
  });

  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`])("lists rollouts with %j", async (authorization) => {
    const response = await fetch(`${guardedUrl}/api/rollouts`, { headers: { authorization } });
    expect([response.status, await response.json()]).toEqual([200, { rollouts: [SUMMARY] }]);
  });

  it("keeps /healthz and /readyz open when a token is configured", async () => {
    expect((await fetch(`${guardedUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${guardedUrl}/readyz`)).status).toBe(200);
  });

  it("answers 405 with Allow for other methods", async () => {
    const response = await fetch(`${openUrl}/healthz`, { method: "POST" });
    expect([response.status, response.headers.get("allow"), await response.json()]).toEqual([405, "GET, HEAD", { error: "POST is not allowed on /healthz" }]);
  });

  it("passes other paths to the next handler", async () => {
    const response = await fetch(`${openUrl}/api/rollouts/extra`);
    expect([response.status, await response.text()]).toEqual([404, "next handler"]);
  });

  it("answers 500 and logs when the engine fails", async () => {
    engine.failRollouts = new Error("store unreadable");
    const response = await fetch(`${openUrl}/api/rollouts`);
    expect([response.status, await response.json()]).toEqual([500, { error: "internal error" }]);
    expect(errors).toEqual(["GET /api/rollouts failed: store unreadable"]);
  });

  it("serves extra routes next to its own", async () => {
    const response = await fetch(`${guardedUrl}/metrics`);
    expect([response.status, await response.text()]).toEqual([200, "canary_bot_up 1\n"]);
  });
});
