import { Writable } from "node:stream";
import type { Logger } from "pino";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { OctokitLog } from "../../../../src/adapters/github/create-octokit.js";
import { bindRollout } from "../../../../src/adapters/logging/bind-rollout.js";
import { createLogger, type LoggerOptions } from "../../../../src/adapters/logging/create-logger.js";
import type { AppLog } from "../../../../src/app/app-collaborators.js";
import type { EngineLog } from "../../../../src/engine/engine-deps.js";

const GITHUB_TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const PAT = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
const SLACK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
const PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aozN3tihPmljnnudb9G3HECdnH\n-----END RSA PRIVATE KEY-----";
const SECRETS = [GITHUB_TOKEN, PAT, SLACK, "T00000000/B00000000", PRIVATE_KEY, "MIIEowIBAAKCAQEA", "hunter2-webhook-secret", "s3cr3t-password", "status-token-value"];

/** A logger writing into memory: the raw text and each line parsed. */
function capture(options: Partial<LoggerOptions> = {}): { logger: Logger; raw: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString("utf8"));
      callback();
    },
  });
  const logger = createLogger({ level: "info", destination, ...options });
  const raw = () => chunks.join("");
  return { logger, raw, lines: () => raw().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function expectNoSecret(raw: string): void {
  for (const secret of SECRETS) expect(raw).not.toContain(secret);
}

describe("createLogger", () => {
  it("satisfies the engine's, the App's and Octokit's log interfaces", () => {
    const { logger } = capture();
    const engineLog: EngineLog = logger;
    const appLog: AppLog = logger;
    const octokitLog: OctokitLog = bindRollout(logger, { repo: "acme/app" });
    expectTypeOf<Logger>().toExtend<EngineLog>();
    expect([engineLog, appLog, octokitLog].every((l) => typeof l.info === "function")).toBe(true);
  });

  it("writes one JSON object per line with a level label, an ISO time and the metadata", () => {
    const { logger, lines } = capture();
    logger.info({ repo: "acme/app", code: "weight-increased" }, "Advance test/podinfo canary weight 30");
    logger.debug({ repo: "acme/app" }, "below the level");
    const [line, ...rest] = lines();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: "info", name: "canary-bot", repo: "acme/app", code: "weight-increased", msg: "Advance test/podinfo canary weight 30" });
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof line?.pid).toBe("number");
  });

  it("redacts secrets by key, at any depth up to four levels", () => {
    const { logger, raw, lines } = capture();
    logger.warn(
      {
        token: GITHUB_TOKEN,
        headers: { authorization: `token ${GITHUB_TOKEN}`, accept: "application/json" },
        request: { method: "GET", headers: { authorization: `Bearer ${PAT}` } },
        provider: { name: "on-call", type: "slack", address: SLACK, channel: "#deploys" },
        settings: { app: { privateKey: PRIVATE_KEY, webhookSecret: "hunter2-webhook-secret" }, redis: { password: "s3cr3t-password" } },
        statusToken: "status-token-value",
      },
      "GitHub refused the commit; the rollout waits",
    );
    expectNoSecret(raw());
    expect(lines()[0]).toMatchObject({
      token: "[redacted]",
      headers: { authorization: "[redacted]", accept: "application/json" },
      request: { method: "GET", headers: { authorization: "[redacted]" } },
      provider: { name: "on-call", type: "slack", address: "[redacted]", channel: "#deploys" },
      settings: { app: { privateKey: "[redacted]", webhookSecret: "[redacted]" }, redis: { password: "[redacted]" } },
      statusToken: "[redacted]",
    });
  });

  it("masks secrets inside messages, string fields and errors", () => {
    const { logger, raw, lines } = capture();
    logger.info(`cloning https://x-access-token:${GITHUB_TOKEN}@github.com/acme/app.git`);
    logger.warn({ hook: "slack", detail: `POST ${SLACK} failed: 404 no_service`, list: [`Authorization: Bearer ${PAT}`] }, "webhook failed");
    const error = new Error(`request with token ${GITHUB_TOKEN} failed`, { cause: new Error(`push to ${SLACK} refused`) });
    logger.error({ err: error }, "tick failed");
    logger.error({ error }, "tick failed");
    expectNoSecret(raw());
    const [clone, hook, err, err2] = lines();
    expect(clone?.msg).toBe("cloning https://x-access-token:[redacted]@github.com/acme/app.git");
    expect(hook).toMatchObject({ detail: "POST https://hooks.slack.com/services/[redacted] failed: 404 no_service", list: ["Authorization: Bearer [redacted]"] });
    // pino joins the causes' messages to the error's.
    const message = "request with token [redacted] failed: push to https://hooks.slack.com/services/[redacted] refused";
    expect(err?.err).toMatchObject({ type: "Error", message });
    expect((err?.err as { stack: string }).stack).toContain("request with token [redacted] failed");
    expect(err2?.error).toMatchObject({ type: "Error", message });
  });

  it("leaves ordinary text alone", () => {
    const { logger, lines } = capture();
    const text = "token expired for http://prometheus:9090/api/v1/query?query=up; rollout 30% → 40%";
    logger.info({ metricsServer: "http://prometheus:9090", reason: text }, text);
    expect(lines()[0]).toMatchObject({ metricsServer: "http://prometheus:9090", reason: text, msg: text });
  });

  it("writes readable lines with pretty, still redacted", async () => {
    const { logger, raw } = capture({ pretty: true });
    logger.info({ token: GITHUB_TOKEN, repo: "acme/app" }, `pushed with ${GITHUB_TOKEN}`);
    for (let i = 0; i < 100 && !raw().includes("\n"); i++) await new Promise((resolve) => setImmediate(resolve));
    expect(raw()).toMatch(/INFO.*\(canary-bot\): pushed with \[redacted\]\n/);
    expect(raw()).toContain('repo: "acme/app"');
    expectNoSecret(raw());
    expect(() => JSON.parse(raw()) as unknown).toThrow();
  });
});

describe("bindRollout", () => {
  it("adds installation, repo and canary to every line of a child logger", () => {
    const { logger, lines } = capture();
    bindRollout(logger, { installation: 42, repo: "acme/app", canary: "test/podinfo" }).info({ code: "succeeded" }, "Promotion completed!");
    bindRollout(logger, { repo: "local/demo" }).warn({}, "no installation");
    const [bound, local] = lines();
    expect(bound).toMatchObject({ installation: 42, repo: "acme/app", canary: "test/podinfo", code: "succeeded", msg: "Promotion completed!" });
    expect(local).toMatchObject({ repo: "local/demo", level: "warn" });
    expect(local).not.toHaveProperty("installation");
    expect(local).not.toHaveProperty("canary");
  });
});
