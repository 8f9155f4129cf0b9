import { describe, expect, expectTypeOf, it } from "vitest";
import { alertMetadataFields } from "../../../../src/core/alerts/alert-metadata.js";
import { buildAlertMessage, type AlertContent } from "../../../../src/core/alerts/alert-message.js";
import type { ResolvedAnalysis, ResolvedCanary } from "../../../../src/core/spec/model.js";
import type { AlertMessage } from "../../../../src/ports/notifier.js";
import { makeCanary } from "../../../support/canary-builder.js";

/** A Canary whose analysis has none of the traffic-routing settings, to add them one at a time. */
function canaryWith(overrides: Partial<ResolvedAnalysis>): ResolvedCanary {
  const analysis: ResolvedAnalysis = {
    intervalSeconds: 60,
    threshold: 5,
    maxWeight: 100,
    stepWeightPromotion: 0,
    mirror: false,
    mirrorWeight: 100,
    match: [],
    primaryReadyThreshold: 100,
    canaryReadyThreshold: 100,
    metrics: [],
    webhooks: [],
    alerts: [],
    ...overrides,
  };
  return { ...makeCanary({ name: "podinfo", namespace: "test", progressDeadlineSeconds: 60 }), analysis };
}

describe("alertMetadataFields", () => {
  it("canary with stepWeight: Weight step and max", () => {
    expect(alertMetadataFields(canaryWith({ stepWeight: 10, maxWeight: 50 }))).toEqual([
      { name: "Target", value: "Deployment/podinfo.test" },
      { name: "Failed checks threshold", value: "5" },
      { name: "Progress deadline", value: "60s" },
      { name: "Traffic routing", value: "Weight step: 10 max: 50" },
    ]);
  });

  it("canary with stepWeights: the ladder and its real maximum", () => {
    expect(alertMetadataFields(canaryWith({ stepWeights: [1, 5, 10, 80], maxWeight: 100 }))[3]).toEqual({
      name: "Traffic routing",
      value: "Weight steps: 1,5,10,80 max: 80",
    });
  });

  it("A/B testing and blue/green", () => {
    const match = [{ headers: { "x-canary": { exact: "insider" } } }];
    expect(alertMetadataFields(canaryWith({ iterations: 10, match }))[3]).toEqual({ name: "Traffic routing", value: "A/B Testing" });
    expect(alertMetadataFields(canaryWith({ iterations: 10 }))[3]).toEqual({ name: "Traffic routing", value: "Blue/Green" });
    expect(alertMetadataFields(canaryWith({ iterations: 10, mirror: true }))[3]).toEqual({ name: "Traffic routing", value: "Blue/Green" });
  });

  it("stepWeight wins over match, in Flagger's rule order", () => {
    const match = [{ headers: { "x-canary": { exact: "insider" } } }];
    expect(alertMetadataFields(canaryWith({ stepWeight: 20, maxWeight: 60, match }))[3]?.value).toBe("Weight step: 20 max: 60");
  });

  it("no routing field when nothing applies", () => {
    expect(alertMetadataFields(canaryWith({}))).toHaveLength(3);
  });

  it("Target uses the target's name and the Canary's namespace", () => {
    const canary = makeCanary({ name: "web", namespace: "shop", targetRef: { name: "web-deployment" } });
    expect(alertMetadataFields(canary)[0]).toEqual({ name: "Target", value: "Deployment/web-deployment.shop" });
  });
});

describe("buildAlertMessage", () => {
  const canary = canaryWith({ stepWeight: 10, maxWeight: 50 });

  it("with metadata", () => {
    const message = buildAlertMessage({ kind: "notify", severity: "info", message: "New revision detected, progressing canary analysis.", withMetadata: true }, canary, {
      url: "https://github.com/acme/gitops/runs/1",
      clusterName: "prod-eu",
    });
    expect(message).toStrictEqual({
      severity: "info",
      canary: { name: "podinfo", namespace: "test" },
      message: "New revision detected, progressing canary analysis.",
      fields: alertMetadataFields(canary),
      url: "https://github.com/acme/gitops/runs/1",
      clusterName: "prod-eu",
    });
  });

  it("without metadata, and empty options left out", () => {
    expect(buildAlertMessage({ kind: "notify", severity: "error", message: "Failed checks threshold reached 5", withMetadata: false }, canary, { url: "", clusterName: "" })).toStrictEqual({
      severity: "error",
      canary: { name: "podinfo", namespace: "test" },
      message: "Failed checks threshold reached 5",
      fields: [],
    });
  });

  it("has the port's message shape", () => {
    expectTypeOf<AlertContent>().toEqualTypeOf<AlertMessage>();
  });
});
