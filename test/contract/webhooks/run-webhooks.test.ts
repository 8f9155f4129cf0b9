import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpWebhookCaller } from "../../../src/adapters/webhooks/http-webhook-caller.js";
import { webhookChecksum } from "../../../src/core/hooks/webhook-checksum.js";
import type { ResolvedWebhook, WebhookType } from "../../../src/core/spec/model.js";
import { runGatingWebhooks, runNotifyingWebhooks } from "../../../src/engine/hooks/run-webhooks.js";
import { makeCanary } from "../../support/canary-builder.js";
import { startLoadtester, type Loadtester } from "../../support/loadtester.js";

const caller = new HttpWebhookCaller({ backoff: { minMs: 1, maxMs: 5 } });
const checksum = webhookChecksum({ revision: "7d9c6b5f" });

let loadtester: Loadtester;
beforeEach(async () => {
  loadtester = await startLoadtester();
});
afterEach(async () => {
  await loadtester.close();
});

function hook(name: string, type: WebhookType, path: string, metadata: Record<string, string> = {}): ResolvedWebhook {
  return { name, type, url: `${loadtester.url}${path}`, timeoutMs: 5_000, retries: 0, metadata, muteAlert: false, disableTLS: false };
}

describe("runGatingWebhooks", () => {
  it("runs the hooks of the requested type in spec order and stops at the first failure", async () => {
    const canary = makeCanary({
      analysis: {
        webhooks: [
          hook("approve", "confirm-promotion", "/gate/approve"),
          hook("unrelated", "pre-rollout", "/gate/halt"),
          hook("manual", "confirm-promotion", "/gate/check"),
          hook("never-called", "confirm-promotion", "/gate/approve", { marker: "third" }),
        ],
      },
    });
    const outcomes = await runGatingWebhooks(caller, { kind: "webhooks", type: "confirm-promotion", phase: "Progressing" }, { canary, checksum });
    expect(outcomes.map((o) => [o.name, o.type, o.ok, o.status])).toEqual([
      ["approve", "confirm-promotion", true, 200],
      ["manual", "confirm-promotion", false, 403],
    ]);
    expect(loadtester.requests.map((r) => r.path)).toEqual(["/gate/approve", "/gate/check"]);
    expect(loadtester.requests[0]?.json).toEqual({ name: "podinfo", namespace: "test", phase: "Progressing", checksum });
  });

  it("returns every outcome when all pass", async () => {
    const canary = makeCanary({
      analysis: { webhooks: [hook("a", "rollout", "/gate/approve"), hook("b", "rollout", "/gate/approve")] },
    });
    const outcomes = await runGatingWebhooks(caller, { kind: "webhooks", type: "rollout", phase: "Progressing" }, { canary, checksum });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
  });

  it("rollback hooks stop at the first one that signals a rollback (2xx); failures mean 'no rollback'", async () => {
    const canary = makeCanary({
      analysis: {
        webhooks: [
          hook("closed", "rollback", "/rollback/check"),
          hook("manual", "rollback", "/gate/approve"),
          hook("never-called", "rollback", "/gate/halt"),
        ],
      },
    });
    const outcomes = await runGatingWebhooks(caller, { kind: "webhooks", type: "rollback", phase: "WaitingPromotion" }, { canary, checksum });
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([
      ["closed", false],
      ["manual", true],
    ]);
    expect(loadtester.requestsTo("/gate/halt")).toHaveLength(0);
    expect(loadtester.requests[0]?.json).toMatchObject({ phase: "WaitingPromotion" });
  });

  it("no hooks of the type: no calls, no outcomes", async () => {
    const canary = makeCanary({ analysis: { webhooks: [hook("a", "rollout", "/gate/approve")] } });
    expect(await runGatingWebhooks(caller, { kind: "webhooks", type: "confirm-rollout", phase: "Waiting" }, { canary, checksum })).toEqual([]);
    expect(loadtester.requests).toHaveLength(0);
  });

  it("adds canary-bot.io keys only when the rollout context is given, never over user keys", async () => {
    const canary = makeCanary({
      analysis: { webhooks: [hook("load", "rollout", "/", { cmd: "hey http://podinfo-canary.test:9898/", "canary-bot.io/revision": "mine" })] },
    });
    await runGatingWebhooks(caller, { kind: "webhooks", type: "rollout", phase: "Progressing" }, { canary, checksum });
    await runGatingWebhooks(
      caller,
      { kind: "webhooks", type: "rollout", phase: "Progressing" },
      { canary, checksum, rolloutContext: { revision: "7d9c6b5f", sourceCommit: "abc123", pullRequest: 42 } },
    );
    expect(loadtester.tasks.map((t) => t.metadata)).toEqual([
      { "canary-bot.io/revision": "mine", cmd: "hey http://podinfo-canary.test:9898/" },
      {
        "canary-bot.io/pull-request": "42",
        "canary-bot.io/revision": "mine",
        "canary-bot.io/source-commit": "abc123",
        cmd: "hey http://podinfo-canary.test:9898/",
      },
    ]);
  });
});

describe("runNotifyingWebhooks", () => {
  it("runs every post-rollout hook even after one fails", async () => {
    const canary = makeCanary({
      analysis: {
        webhooks: [
          hook("halted", "post-rollout", "/gate/halt"),
          hook("cleanup", "post-rollout", "/gate/approve"),
          hook("gate", "rollout", "/gate/check"),
        ],
      },
    });
    const outcomes = await runNotifyingWebhooks(caller, { kind: "call-webhooks", type: "post-rollout", phase: "Succeeded" }, { canary, checksum, now: 1_700_000_000_000 });
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([
      ["halted", false],
      ["cleanup", true],
    ]);
    expect(loadtester.requests.map((r) => r.json)).toEqual([
      { name: "podinfo", namespace: "test", phase: "Succeeded", checksum },
      { name: "podinfo", namespace: "test", phase: "Succeeded", checksum },
    ]);
  });

  it("event hooks get eventMessage, eventType and a millisecond timestamp; the event keys win over the hook's", async () => {
    const canary = makeCanary({
      analysis: { webhooks: [hook("events", "event", "/gate/approve", { cluster: "prod-eu", eventType: "overridden?" })] },
    });
    await runNotifyingWebhooks(
      caller,
      { kind: "call-webhooks", type: "event", phase: "Progressing", eventMessage: "Advance podinfo.test canary weight 20", eventType: "Normal" },
      { canary, checksum, now: 1_700_000_000_123 },
    );
    expect(loadtester.requests[0]?.body).toBe(
      `{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"${checksum}","metadata":{"cluster":"prod-eu","eventMessage":"Advance podinfo.test canary weight 20","eventType":"Normal","timestamp":"1700000000123"}}`,
    );
  });

  it("the global event sink is used only when the Canary has no event hook", async () => {
    const effect = { kind: "call-webhooks", type: "event", phase: "Failed", eventMessage: "Rolling back podinfo.test failed checks threshold reached 5", eventType: "Warning" } as const;
    const sink = `${loadtester.url}/healthz`;

    const withoutHooks = makeCanary();
    const sent = await runNotifyingWebhooks(caller, effect, { canary: withoutHooks, checksum, now: 5, eventWebhookUrl: sink });
    expect(sent).toEqual([{ name: "events", type: "event", ok: true, status: 200, durationMs: expect.any(Number) }]);
    expect(loadtester.requestsTo("/healthz")[0]?.json).toEqual({
      name: "podinfo",
      namespace: "test",
      phase: "Failed",
      checksum,
      metadata: { eventMessage: "Rolling back podinfo.test failed checks threshold reached 5", eventType: "Warning", timestamp: "5" },
    });

    const withHook = makeCanary({ analysis: { webhooks: [hook("own", "event", "/gate/approve")] } });
    await runNotifyingWebhooks(caller, effect, { canary: withHook, checksum, now: 5, eventWebhookUrl: sink });
    expect(loadtester.requestsTo("/healthz")).toHaveLength(1);
    expect(loadtester.requestsTo("/gate/approve")).toHaveLength(1);
  });
});
