import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webhookChecksum } from "../../../../src/core/hooks/webhook-checksum.js";

describe("webhookChecksum", () => {
  it("is the first 16 hex digits of SHA-256 over canonical JSON", () => {
    const expected = createHash("sha256").update('{"trackedConfigs":{"podinfo-config":"a1b2","podinfo-secret":"c3d4"},"revision":"7d9c6b5f"}').digest("hex").slice(0, 16);
    expect(webhookChecksum({ revision: "7d9c6b5f", trackedConfigs: { "podinfo-secret": "c3d4", "podinfo-config": "a1b2" } })).toBe(expected);
    expect(webhookChecksum({ revision: "7d9c6b5f" })).toBe(createHash("sha256").update('{"trackedConfigs":{},"revision":"7d9c6b5f"}').digest("hex").slice(0, 16));
  });

  it("is deterministic and ignores the order of tracked configs", () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (revision, configs) => {
        const reversed = Object.fromEntries(Object.entries(configs).reverse());
        const a = webhookChecksum({ revision, trackedConfigs: configs });
        expect(a).toMatch(/^[0-9a-f]{16}$/);
        expect(webhookChecksum({ revision, trackedConfigs: reversed })).toBe(a);
        expect(webhookChecksum({ revision, trackedConfigs: { ...configs } })).toBe(a);
      }),
    );
  });

  it("changes with the revision and with any tracked config", () => {
    const base = webhookChecksum({ revision: "r1", trackedConfigs: { cm: "1" } });
    expect(webhookChecksum({ revision: "r2", trackedConfigs: { cm: "1" } })).not.toBe(base);
    expect(webhookChecksum({ revision: "r1", trackedConfigs: { cm: "2" } })).not.toBe(base);
    expect(webhookChecksum({ revision: "r1", trackedConfigs: { cm: "1", secret: "x" } })).not.toBe(base);
    expect(webhookChecksum({ revision: "r1" })).not.toBe(base);
  });
});
