import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/adapters/alerts/redact-secrets.js";

describe("redactSecrets", () => {
  const address = "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEY123&token=TOK456";

  it.each([
    [`posting to ${address} failed`, "posting to [redacted] failed"],
    ["posting to chat.googleapis.com/v1/spaces/AAAA/messages?key=KEY123&token=TOK456 failed", "posting to [redacted] failed"],
    ["bad request /v1/spaces/AAAA/messages?key=KEY123&token=TOK456", "bad request [redacted]"],
    ["query ?key=KEY123&token=TOK456 rejected", "query [redacted] rejected"],
    [`encoded ${encodeURIComponent(address)}`, "encoded [redacted]"],
    [`json {"url":${JSON.stringify(address)}}`, 'json {"url":"[redacted]"}'],
    ["nothing secret here", "nothing secret here"],
  ])("%s", (text, expected) => {
    expect(redactSecrets(text, [address])).toBe(expected);
  });

  it("masks tokens and proxy credentials, and ignores absent or blank secrets", () => {
    const proxy = "http://relay:p%40ssw0rd@proxy.internal:3128";
    expect(redactSecrets("token xoxb-1234 via relay:p@ssw0rd", ["xoxb-1234", proxy, undefined, "  "])).toBe("token [redacted] via [redacted]:[redacted]");
  });
});
