/**
 * The App behind Probot's real HTTP server on 127.0.0.1: GitHub's signed deliveries are
 * verified by Probot before any handler runs, and the bot's own endpoints sit next to them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { Probot, Server } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FileDeliveryLog } from "../../src/adapters/file-store/file-delivery-log.js";
import { createApp } from "../../src/app/index.js";
import { parseRepoConfig } from "../../src/core/config/parse-repo-config.js";
import { configCheckRun } from "../../src/core/config/config-check-run.js";
import { INSTALLATION_ID, REPO, branchPushExample } from "../fixtures/webhooks/examples.js";
import { RecordingEngine, recordingLog } from "./fake-engine.js";
import { WEBHOOK_SECRET, testProbotOptions } from "./test-probot.js";

/** A port free right now on 127.0.0.1 (Probot's Server takes a port number, not 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => { resolve(port); });
    });
  });
}

describe("the App on Probot's HTTP server", () => {
  let server: Server;
  let base: string;
  let engine: RecordingEngine;
  let dataDir: string;

  beforeAll(async () => {
    engine = new RecordingEngine();
    dataDir = mkdtempSync(join(tmpdir(), "canary-bot-server-"));
    const options = testProbotOptions();
    const port = await freePort();
    server = new Server({ Probot: Probot.defaults(options), log: options.log, host: "127.0.0.1", port, cwd: dataDir });
    await server.load(
      createApp({ engine, deliveries: new FileDeliveryLog(join(dataDir, "deliveries.log")), log: recordingLog(), statusToken: "s".repeat(32) }),
    );
    await server.start();
    base = `http://127.0.0.1:${String(port)}`;
  });

  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    engine.enqueued.length = 0;
    // Nothing here may reach GitHub; only this machine's server.
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function post(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(`${base}/api/github/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "push", ...headers },
      body,
    });
  }

  it("accepts a correctly signed delivery and queues its work", async () => {
    const body = JSON.stringify(branchPushExample());
    const response = await post(body, { "x-github-delivery": "signed-1", "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) });
    expect(response.status).toBe(200);
    expect(engine.enqueued).toEqual([
      { installationId: INSTALLATION_ID, repo: REPO, reason: "push", sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246" },
    ]);
  });

  it("rejects a delivery signed with another secret, and queues nothing", async () => {
    const body = JSON.stringify(branchPushExample());
    const response = await post(body, { "x-github-delivery": "forged-1", "x-hub-signature-256": await sign("not-the-secret", body) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("signature does not match event payload and secret");
    expect(engine.enqueued).toEqual([]);
  });

  it("rejects a delivery whose body was changed after signing", async () => {
    const body = JSON.stringify(branchPushExample());
    const signature = await sign(WEBHOOK_SECRET, body);
    const response = await post(body.replace("refs/heads/master", "refs/heads/evil"), { "x-github-delivery": "tampered-1", "x-hub-signature-256": signature });
    expect(response.status).toBe(400);
    expect(engine.enqueued).toEqual([]);
  });

  it("rejects an unsigned delivery", async () => {
    const response = await post(JSON.stringify(branchPushExample()), { "x-github-delivery": "unsigned-1" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(engine.enqueued).toEqual([]);
  });

  it("serves the status endpoints next to the webhook path, and 404 elsewhere", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/api/rollouts`)).status).toBe(401);
    const authorised = await fetch(`${base}/api/rollouts`, { headers: { authorization: `Bearer ${"s".repeat(32)}` } });
    expect([authorised.status, await authorised.json()]).toEqual([200, { rollouts: [] }]);
    expect((await fetch(`${base}/no-such-page`)).status).toBe(404);
  });

  it("queues a push to a repository whose configuration is broken: the App never reads it, the engine reports it", async () => {
    // The handler needs no GitHub call at all (the network is closed), so a broken file cannot break it.
    const body = JSON.stringify(branchPushExample());
    const response = await post(body, { "x-github-delivery": "broken-config-1", "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) });
    expect(response.status).toBe(200);
    expect(engine.enqueued).toHaveLength(1);
    // What the engine then shows on the branch head: a failing check naming the line.
    const result = parseRepoConfig(".github/canary-bot.yml", "gates:\n  promotion: sometimes\n", { branch: "main" });
    expect("issues" in result).toBe(true);
    const run = configCheckRun(".github/canary-bot.yml", "issues" in result ? result.issues : []);
    expect([run.conclusion, run.title, run.annotations[0]?.startLine]).toEqual(["failure", "1 problem in .github/canary-bot.yml", 2]);
  });
});
