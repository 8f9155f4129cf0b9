import { describe, expect, it } from "vitest";
import { hooksOfType } from "../../../../src/core/hooks/hooks-of-type.js";
import type { ResolvedWebhook, WebhookType } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";

function hook(name: string, type: WebhookType): ResolvedWebhook {
  return { name, type, url: `http://flagger-loadtester.test/${name}`, timeoutMs: 10_000, retries: 0, metadata: {}, muteAlert: false, disableTLS: false };
}

describe("hooksOfType", () => {
  const canary = makeCanary({
    analysis: {
      webhooks: [hook("load-1", "rollout"), hook("gate", "confirm-rollout"), hook("load-2", "rollout"), hook("smoke", "pre-rollout"), hook("load-3", "rollout")],
    },
  });

  it("keeps spec order", () => {
    expect(hooksOfType(canary, "rollout").map((h) => h.name)).toEqual(["load-1", "load-2", "load-3"]);
    expect(hooksOfType(canary, "confirm-rollout").map((h) => h.name)).toEqual(["gate"]);
  });

  it("is empty when no hook has the type", () => {
    expect(hooksOfType(canary, "event")).toEqual([]);
    expect(hooksOfType(makeCanary(), "rollout")).toEqual([]);
  });
});
