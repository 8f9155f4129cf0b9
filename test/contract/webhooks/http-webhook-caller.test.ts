import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpWebhookCaller } from "../../../src/adapters/webhooks/http-webhook-caller.js";
import type { WebhookCall } from "../../../src/ports/webhook-caller.js";
import { selfSignedCertificate } from "./self-signed-cert.js";
import { closedPort, startScriptedServer, type ScriptedServer } from "./scripted-server.js";

const caller = new HttpWebhookCaller({ backoff: { minMs: 1, maxMs: 5 } });

function hookCall(url: string, overrides: Partial<WebhookCall> = {}): WebhookCall {
  return {
    name: "acceptance-test",
    type: "pre-rollout",
    url,
    timeoutMs: 5_000,
    retries: 0,
    disableTLS: false,
    payload: { name: "podinfo", namespace: "test", phase: "Progressing", checksum: "0123456789abcdef" },
    ...overrides,
  };
}

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

describe("HttpWebhookCaller: Flagger's success rule (status ≤ 202)", () => {
  it.each([200, 201, 202])("HTTP %i passes, with the status and no detail", async (status) => {
    server.script(`/ok-${String(status)}`, { status, body: "fine" });
    const outcome = await caller.call(hookCall(`${server.url}/ok-${String(status)}`));
    expect(outcome).toEqual({ name: "acceptance-test", type: "pre-rollout", ok: true, status, durationMs: expect.any(Number) });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("HTTP 204 fails, and says why", async () => {
    server.script("/no-content", { status: 204 });
    const outcome = await caller.call(hookCall(`${server.url}/no-content`));
    expect(outcome).toEqual({
      name: "acceptance-test",
      type: "pre-rollout",
      ok: false,
      status: 204,
      durationMs: expect.any(Number),
      detail: "HTTP 204 No Content: webhooks pass only with 200, 201 or 202",
    });
  });

  it.each([301, 302, 307, 308])("HTTP %i fails and the redirect is not followed", async (status) => {
    const path = `/moved-${String(status)}`;
    server.script(path, { status, headers: { location: `${server.url}/ok-200` } });
    const before = server.requestsTo("/ok-200").length;
    const outcome = await caller.call(hookCall(`${server.url}${path}`));
    expect(outcome.ok).toBe(false);
    expect(outcome.status).toBe(status);
    expect(outcome.detail).toBe(`HTTP ${String(status)}: redirect to ${server.url}/ok-200 not followed`);
    expect(server.requestsTo("/ok-200")).toHaveLength(before);
  });

  it.each([400, 403, 404, 409, 500, 502])("HTTP %i fails with the response body as detail", async (status) => {
    const path = `/fail-${String(status)}`;
    server.script(path, { status, body: `  nope ${String(status)}\n` });
    const outcome = await caller.call(hookCall(`${server.url}${path}`));
    expect(outcome).toMatchObject({ ok: false, status, detail: `nope ${String(status)}` });
    expect(server.requestsTo(path)).toHaveLength(1);
  });

  it("a failing status with an empty body says so", async () => {
    server.script("/empty-500", { status: 500 });
    const outcome = await caller.call(hookCall(`${server.url}/empty-500`));
    expect(outcome.detail).toBe("HTTP 500 with an empty body");
  });

  it("keeps only the first KiB of a long failure body", async () => {
    const body = "x".repeat(5_000);
    server.script("/long", { status: 400, body });
    const outcome = await caller.call(hookCall(`${server.url}/long`));
    expect(outcome.detail).toBe(`${"x".repeat(1024)}…`);
  });
});

describe("HttpWebhookCaller: go-retryablehttp's retry policy", () => {
  it("does not retry 501", async () => {
    server.script("/not-implemented", { status: 501, body: "not implemented" });
    const outcome = await caller.call(hookCall(`${server.url}/not-implemented`, { retries: 3 }));
    expect(outcome).toMatchObject({ ok: false, status: 501, detail: "not implemented" });
    expect(server.requestsTo("/not-implemented")).toHaveLength(1);
  });

  it("retries 503 `retries` times, then fails with the last body", async () => {
    server.script("/unavailable", { status: 503, body: "try later" });
    const outcome = await caller.call(hookCall(`${server.url}/unavailable`, { retries: 2 }));
    expect(outcome).toMatchObject({ ok: false, status: 503, detail: "try later (gave up after 3 attempts)" });
    expect(server.requestsTo("/unavailable")).toHaveLength(3);
  });

  it("passes when a retry succeeds", async () => {
    server.script("/flaky", { status: 503 }, { status: 502 }, { status: 200 });
    const outcome = await caller.call(hookCall(`${server.url}/flaky`, { retries: 3 }));
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(server.requestsTo("/flaky")).toHaveLength(3);
  });

  it("retries 429, honouring Retry-After within the backoff cap", async () => {
    server.script("/limited", { status: 429, headers: { "retry-after": "120" } }, { status: 202 });
    const outcome = await caller.call(hookCall(`${server.url}/limited`, { retries: 1 }));
    expect(outcome).toMatchObject({ ok: true, status: 202 });
    expect(server.requestsTo("/limited")).toHaveLength(2);
  });

  it("does not retry other 4xx", async () => {
    server.script("/forbidden", { status: 403, body: "Forbidden" });
    const outcome = await caller.call(hookCall(`${server.url}/forbidden`, { retries: 3 }));
    expect(outcome).toMatchObject({ ok: false, status: 403, detail: "Forbidden" });
    expect(server.requestsTo("/forbidden")).toHaveLength(1);
  });

  it("sends the same payload on every attempt", async () => {
    server.script("/same", { status: 500 }, { status: 200 });
    await caller.call(hookCall(`${server.url}/same`, { retries: 1 }));
    const bodies = server.requestsTo("/same").map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
  });
});

describe("HttpWebhookCaller: transport failures are outcomes", () => {
  it("connection refused", async () => {
    const port = await closedPort();
    const outcome = await caller.call(hookCall(`http://127.0.0.1:${String(port)}/`));
    expect(outcome).toEqual({ name: "acceptance-test", type: "pre-rollout", ok: false, durationMs: expect.any(Number), detail: "connection refused" });
  });

  it("connection refused is retried", async () => {
    const port = await closedPort();
    const outcome = await caller.call(hookCall(`http://127.0.0.1:${String(port)}/`, { retries: 2 }));
    expect(outcome.detail).toBe("connection refused (gave up after 3 attempts)");
  });

  it("times out per attempt, and a timeout is retried", async () => {
    server.script("/slow", { status: 200, delayMs: 3_000 });
    const outcome = await caller.call(hookCall(`${server.url}/slow`, { timeoutMs: 150, retries: 1 }));
    expect(outcome).toMatchObject({ ok: false, detail: "timed out after 150 ms (gave up after 2 attempts)" });
    expect(outcome.status).toBeUndefined();
    expect(server.requestsTo("/slow")).toHaveLength(2);
  });

  it("an invalid URL or scheme fails without a request", async () => {
    expect((await caller.call(hookCall("not a url"))).detail).toBe("invalid URL");
    expect((await caller.call(hookCall("ftp://127.0.0.1/gate"))).detail).toBe("unsupported URL scheme ftp: (http and https only)");
  });
});

describe("HttpWebhookCaller: the request", () => {
  it("POSTs Flagger's exact JSON with Content-Type application/json, keeping path and query", async () => {
    server.script("/hooks/gate", { status: 200 });
    await caller.call(
      hookCall(`${server.url}/hooks/gate?token=abc`, {
        payload: { name: "podinfo", namespace: "test", phase: "Progressing", checksum: "0123456789abcdef", metadata: { cmd: "curl -s <x> & y", type: "bash" } },
      }),
    );
    const [request] = server.requestsTo("/hooks/gate");
    expect(request?.method).toBe("POST");
    expect(request?.target).toBe("/hooks/gate?token=abc");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.body).toBe(
      '{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"0123456789abcdef","metadata":{"cmd":"curl -s \\u003cx\\u003e \\u0026 y","type":"bash"}}',
    );
    expect(JSON.parse(request?.body ?? "")).toEqual({
      name: "podinfo",
      namespace: "test",
      phase: "Progressing",
      checksum: "0123456789abcdef",
      metadata: { cmd: "curl -s <x> & y", type: "bash" },
    });
  });

  it("omits metadata when the payload has none", async () => {
    server.script("/bare", { status: 200 });
    await caller.call(hookCall(`${server.url}/bare`));
    expect(server.requestsTo("/bare")[0]?.body).toBe('{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"0123456789abcdef"}');
  });
});

describe("HttpWebhookCaller: disableTLS against a self-signed HTTPS server", () => {
  let tlsServer: ScriptedServer;
  beforeAll(async () => {
    tlsServer = await startScriptedServer({ tls: selfSignedCertificate() });
    tlsServer.script("/gate/check", { status: 200, body: "Approved" });
  });
  afterAll(async () => {
    await tlsServer.close();
  });

  it("verifies certificates by default: the call fails, is not retried, and hints at disableTLS", async () => {
    const before = tlsServer.connections();
    const outcome = await caller.call(hookCall(`${tlsServer.url}/gate/check`, { retries: 2 }));
    expect(outcome).toMatchObject({
      ok: false,
      detail: "TLS certificate rejected (DEPTH_ZERO_SELF_SIGNED_CERT); set disableTLS: true to skip verification",
    });
    expect(outcome.status).toBeUndefined();
    expect(tlsServer.connections() - before).toBe(1);
    expect(tlsServer.requestsTo("/gate/check")).toHaveLength(0);
  });

  it("with disableTLS the call goes through", async () => {
    const outcome = await caller.call(hookCall(`${tlsServer.url}/gate/check`, { disableTLS: true }));
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(tlsServer.requestsTo("/gate/check")).toHaveLength(1);
  });
});
