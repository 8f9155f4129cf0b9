import { describe, expect, it } from "vitest";
import { httpRouteErrors } from "../../../support/crd-validator.js";

const valid = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "r", namespace: "n" },
  spec: { parentRefs: [{ name: "gw" }], rules: [{ backendRefs: [{ name: "a", port: 80, weight: 60 }, { name: "b", port: 80, weight: 40 }] }] },
};

describe("the HTTPRoute CRD validator (test support)", () => {
  it("accepts a valid route in both versions", () => {
    expect(httpRouteErrors(valid)).toEqual([]);
    expect(httpRouteErrors({ ...valid, apiVersion: "gateway.networking.k8s.io/v1beta1" })).toEqual([]);
  });

  it("rejects what the CRD schema rejects", () => {
    const bad = structuredClone(valid) as any;
    bad.spec.rules[0].backendRefs[0].weight = -1;
    bad.spec.rules[0].matches = [{ path: { type: "Suffix", value: "/" } }];
    const errors = httpRouteErrors(bad);
    expect(errors.some((e) => e.startsWith("/spec/rules/0/backendRefs/0/weight: must be >= 0"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/spec/rules/0/matches/0/path/type: must be equal to one of the allowed values"))).toBe(true);
  });

  it("runs the cheap CEL-equivalent checks", () => {
    const bad = structuredClone(valid) as any;
    bad.spec.rules[0].backendRefs[1] = { name: "b", weight: 30 };
    bad.spec.rules[0].filters = [
      { type: "ResponseHeaderModifier", responseHeaderModifier: {} },
      { type: "ResponseHeaderModifier", responseHeaderModifier: {} },
    ];
    bad.spec.rules.push({ name: "x", backendRefs: [] }, { name: "x", backendRefs: [] });
    expect(httpRouteErrors(bad)).toEqual([
      "spec.rules[0].filters: ResponseHeaderModifier filter cannot be repeated",
      "spec.rules[0].backendRefs[1]: Must have port for Service reference",
      "spec.rules[0].backendRefs: weights sum to 90, not 100",
      "spec.rules[2].name: Rule name must be unique within the route",
    ]);
    expect(httpRouteErrors({ ...valid, apiVersion: "v1" })).toEqual(["apiVersion: v1 is not an HTTPRoute version of the CRD"]);
  });
});
