import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpWebhookCaller } from "../../../src/adapters/webhooks/http-webhook-caller.js";
import type { WebhookType } from "../../../src/core/spec/model.js";
import type { WebhookCall, WebhookPayload } from "../../../src/ports/webhook-caller.js";
import { startLoadtester, type Loadtester } from "../../support/loadtester.js";

const caller = new HttpWebhookCaller({ backoff: { minMs: 1, maxMs: 5 } });
const payload: WebhookPayload = { name: "podinfo", namespace: "test", phase: "Progressing", checksum: "0123456789abcdef" };

function call(url: string, type: WebhookType, body: WebhookPayload = payload): WebhookCall {
  return { name: `${type}-gate`, type, url, timeoutMs: 5_000, retries: 0, disableTLS: false, payload: body };
}

/** What an operator does from inside the cluster: `curl -d '{"name":…,"namespace":…}' …/gate/open`. */
async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await res.text();
  return res.status;
}

let loadtester: Loadtester;
beforeEach(async () => {
  loadtester = await startLoadtester();
});
afterEach(async () => {
  await loadtester.close();
});

describe("flagger-loadtester gates through the webhook caller", () => {
  it("confirm gate: closed → 403 fails, open → 200 passes, closed again → fails", async () => {
    const check = call(`${loadtester.url}/gate/check`, "confirm-promotion");

    const closed = await caller.call(check);
    expect(closed).toMatchObject({ ok: false, status: 403, detail: "Forbidden" });

    expect(await post(`${loadtester.url}/gate/open`, { name: "podinfo", namespace: "test" })).toBe(202);
    expect(loadtester.isGateOpen("podinfo", "test")).toBe(true);
    const open = await caller.call(check);
    expect(open).toMatchObject({ ok: true, status: 200 });
    expect(open.detail).toBeUndefined();

    // The loadtester never resets a gate: it stays open for the next release until closed.
    expect((await caller.call(check)).ok).toBe(true);

    expect(await post(`${loadtester.url}/gate/close`, { name: "podinfo", namespace: "test" })).toBe(202);
    expect(await caller.call(check)).toMatchObject({ ok: false, status: 403 });
  });

  it("gates are keyed by <name>.<namespace> from the payload", async () => {
    await post(`${loadtester.url}/gate/open`, { name: "podinfo", namespace: "prod" });
    expect((await caller.call(call(`${loadtester.url}/gate/check`, "confirm-rollout"))).ok).toBe(false);
    expect((await caller.call(call(`${loadtester.url}/gate/check`, "confirm-rollout", { ...payload, namespace: "prod" }))).ok).toBe(true);
  });

  it("rollback gate: closed → 403 (no rollback), open → 200 (roll back)", async () => {
    const check = call(`${loadtester.url}/rollback/check`, "rollback");
    expect(await caller.call(check)).toMatchObject({ ok: false, status: 403, detail: "Forbidden" });
    expect(await post(`${loadtester.url}/rollback/open`, { name: "podinfo", namespace: "test" })).toBe(202);
    expect(loadtester.isRollbackOpen("podinfo", "test")).toBe(true);
    expect(loadtester.isGateOpen("podinfo", "test")).toBe(false);
    expect(await caller.call(check)).toMatchObject({ ok: true, status: 200 });
    expect(await post(`${loadtester.url}/rollback/close`, { name: "podinfo", namespace: "test" })).toBe(202);
    expect((await caller.call(check)).ok).toBe(false);
  });

  it("/gate/approve always passes and /gate/halt always fails", async () => {
    expect(await caller.call(call(`${loadtester.url}/gate/approve`, "confirm-traffic-increase"))).toMatchObject({ ok: true, status: 200 });
    expect(await caller.call(call(`${loadtester.url}/gate/halt`, "confirm-traffic-increase"))).toMatchObject({ ok: false, status: 403, detail: "Forbidden" });
  });

  it("a namespace outside -namespace-regexp is refused", async () => {
    await loadtester.close();
    loadtester = await startLoadtester({ namespaceRegexp: /^prod$/ });
    await post(`${loadtester.url}/gate/open`, { name: "podinfo", namespace: "test" });
    expect(loadtester.isGateOpen("podinfo", "test")).toBe(false);
    expect(await caller.call(call(`${loadtester.url}/gate/check`, "confirm-rollout"))).toMatchObject({ ok: false, status: 403 });
  });
});

describe("flagger-loadtester task endpoint", () => {
  it("accepts a cmd task with 202 and records the exact payload", async () => {
    const task: WebhookPayload = { ...payload, metadata: { cmd: "hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/", type: "cmd" } };
    const outcome = await caller.call(call(`${loadtester.url}/`, "rollout", task));
    expect(outcome).toMatchObject({ ok: true, status: 202 });
    expect(loadtester.tasks).toEqual([task]);
    expect(loadtester.requestsTo("/")[0]?.json).toEqual(task);
  });

  it("refuses a payload without metadata with 400", async () => {
    const outcome = await caller.call(call(`${loadtester.url}/`, "rollout"));
    expect(outcome).toMatchObject({ ok: false, status: 400, detail: "metadata not found in payload" });
  });

  it("a failing blocking task is a 500 with the error as detail", async () => {
    await loadtester.close();
    loadtester = await startLoadtester({ blockingTask: () => ({ status: 500, body: "exit status 1" }) });
    const task: WebhookPayload = { ...payload, metadata: { type: "bash", cmd: "curl -sf http://podinfo-canary.test:9898/" } };
    expect(await caller.call(call(`${loadtester.url}/`, "pre-rollout", task))).toMatchObject({ ok: false, status: 500, detail: "exit status 1" });
  });
});
