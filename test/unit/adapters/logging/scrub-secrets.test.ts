import { describe, expect, it } from "vitest";
import { scrubSecrets, scrubValue } from "../../../../src/adapters/logging/scrub-secrets.js";

describe("scrubSecrets", () => {
  it.each([
    ["installation token ghs_16C7e42F292c6912E7710c838347Ae178B4a used", "installation token [redacted] used"],
    ["classic ghp_abcdefghijklmnopqrstuvwxyz0123456789", "classic [redacted]"],
    ["fine-grained github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv", "fine-grained [redacted]"],
    ["Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", "Authorization: Bearer [redacted]"],
    ["Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [redacted]"],
    ["redis://:p4ss@redis:6379/0", "redis://:[redacted]@redis:6379/0"],
    ["https://user:pa%40ss@proxy.example.com:3128", "https://user:[redacted]@proxy.example.com:3128"],
    ["https://discord.com/api/webhooks/123/abcDEF", "https://discord.com/api/webhooks/[redacted]"],
    ["https://acme.webhook.office.com/webhookb2/abc@def/IncomingWebhook/x/y", "https://acme.webhook.office.com/[redacted]"],
    ["https://chat.googleapis.com/v1/spaces/AAA/messages?key=AIzaSy-abc&token=xyz", "https://chat.googleapis.com/v1/spaces/AAA/messages?key=[redacted]&token=[redacted]"],
    ["https://hooks.slack.com/services/T0/B0/XX, then", "https://hooks.slack.com/services/[redacted] then"],
  ])("%s", (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it.each(["http://prometheus:9090/api/v1/query?query=up", "weight 20% → 30%", "token expired", "https://github.com/acme/app/pull/42"])("leaves %s alone", (text) => {
    expect(scrubSecrets(text)).toBe(text);
  });
});

describe("scrubValue", () => {
  it("copies only what changed and keeps everything else by reference", () => {
    const untouched = { a: 1, b: ["x"] };
    const value = { untouched, nested: { list: ["ok", "Bearer abcdefghijkl"] } };
    const scrubbed = scrubValue(value) as typeof value;
    expect(scrubbed).toEqual({ untouched, nested: { list: ["ok", "Bearer [redacted]"] } });
    expect(scrubbed.untouched).toBe(untouched);
    expect(value.nested.list[1]).toBe("Bearer abcdefghijkl");
    expect(scrubValue(untouched)).toBe(untouched);
  });

  it("survives cycles and stops at the depth limit", () => {
    const cyclic: Record<string, unknown> = { text: "Bearer abcdefghijkl" };
    cyclic.self = cyclic;
    expect((scrubValue(cyclic) as Record<string, unknown>).text).toBe("Bearer [redacted]");
    const deep = { a: { b: { c: "Bearer abcdefghijkl" } } };
    expect(scrubValue(deep, 2)).toBe(deep);
  });
});
