import { describe, expect, expectTypeOf, it } from "vitest";
import { marshalJson, sortedRecord } from "../../../../src/core/hooks/marshal-json.js";
import { buildWebhookPayload, type CanaryWebhookPayload } from "../../../../src/core/hooks/webhook-payload.js";
import type { WebhookPayload } from "../../../../src/ports/webhook-caller.js";

const canary = { name: "podinfo", namespace: "test" };
const checksum = "0123456789abcdef";

describe("buildWebhookPayload", () => {
  it("omits metadata when the hook has none (Go omitempty)", () => {
    const payload = buildWebhookPayload({ canary, phase: "Progressing", checksum, hook: { metadata: {} } });
    expect(payload).toStrictEqual({ name: "podinfo", namespace: "test", phase: "Progressing", checksum });
    expect("metadata" in payload).toBe(false);
    expect(marshalJson(payload)).toBe('{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"0123456789abcdef"}');
  });

  it("sends the hook's metadata with keys sorted, as Go marshals maps", () => {
    const payload = buildWebhookPayload({
      canary,
      phase: "Progressing",
      checksum,
      hook: { metadata: { type: "cmd", cmd: "hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/", logCmdOutput: "true" } },
    });
    expect(marshalJson(payload)).toBe(
      '{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"0123456789abcdef","metadata":{"cmd":"hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/","logCmdOutput":"true","type":"cmd"}}',
    );
  });

  it("event hooks carry eventMessage, eventType and a millisecond timestamp string; event keys win", () => {
    const payload = buildWebhookPayload({
      canary,
      phase: "Failed",
      checksum,
      hook: { metadata: { eventType: "mine", team: "payments", timestamp: "0" } },
      event: { message: "Canary failed! Scaling down podinfo.test", type: "Warning", timestampMs: 1_700_000_000_123 },
    });
    expect(payload).toStrictEqual({
      name: "podinfo",
      namespace: "test",
      phase: "Failed",
      checksum,
      metadata: { eventMessage: "Canary failed! Scaling down podinfo.test", eventType: "Warning", team: "payments", timestamp: "1700000000123" },
    });
  });

  it("adds canary-bot.io context keys only on request, and never over a user key", () => {
    const without = buildWebhookPayload({ canary, phase: "Progressing", checksum, hook: { metadata: {} } });
    expect(without.metadata).toBeUndefined();

    const withContext = buildWebhookPayload({
      canary,
      phase: "Progressing",
      checksum,
      hook: { metadata: { "canary-bot.io/pull-request": "user-value" } },
      context: { revision: "7d9c6b5f", sourceCommit: "", pullRequest: 42 },
    });
    expect(withContext.metadata).toStrictEqual({ "canary-bot.io/pull-request": "user-value", "canary-bot.io/revision": "7d9c6b5f" });
  });

  it("has the port's payload shape", () => {
    expectTypeOf<CanaryWebhookPayload>().toEqualTypeOf<WebhookPayload>();
  });
});

describe("marshalJson", () => {
  it("escapes <, >, &, U+2028 and U+2029 like Go's encoding/json", () => {
    expect(marshalJson({ cmd: "a<b>c & d\u2028e\u2029" })).toBe('{"cmd":"a\\u003cb\\u003ec \\u0026 d\\u2028e\\u2029"}');
    expect(JSON.parse(marshalJson({ cmd: "a<b>c & d" }))).toEqual({ cmd: "a<b>c & d" });
  });

  it("leaves other text as JSON.stringify writes it", () => {
    expect(marshalJson({ a: 'é "q" \n\t\u0001' })).toBe(JSON.stringify({ a: 'é "q" \n\t\u0001' }));
  });
});

describe("sortedRecord", () => {
  it("orders keys by UTF-8 bytes", () => {
    expect(Object.keys(sortedRecord({ b: "1", é: "2", B: "3", a: "4", z: "5", "😀": "6", "ｚ": "7" }))).toEqual(["B", "a", "b", "z", "é", "ｚ", "😀"]);
  });
});

describe("buildWebhookPayload with unusual keys", () => {
  it("treats keys named like Object members as ordinary keys", () => {
    const metadata = JSON.parse('{"constructor":"c","toString":"t","__proto__":"p"}') as Record<string, string>;
    const payload = buildWebhookPayload({ canary, phase: "Progressing", checksum, hook: { metadata } });
    expect(marshalJson(payload)).toBe(
      '{"name":"podinfo","namespace":"test","phase":"Progressing","checksum":"0123456789abcdef","metadata":{"__proto__":"p","constructor":"c","toString":"t"}}',
    );
  });
});
