import { describe, expect, it } from "vitest";
import type { ConditionLike } from "../../../../src/core/readiness/condition.js";
import type { HTTPRouteLike } from "../../../../src/core/readiness/route-applied.js";
import { routeApplied } from "../../../../src/core/readiness/route-applied.js";

const gateway = { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "gateway", name: "public" };
const expected = [
  { backend: "podinfo-primary", weight: 90 },
  { backend: "podinfo-canary", weight: 10 },
];

function backends(primary: number, canary: number) {
  return [
    { group: "", kind: "Service", name: "podinfo-primary", port: 9898, weight: primary },
    { group: "", kind: "Service", name: "podinfo-canary", port: 9898, weight: canary },
  ];
}

function route(options: {
  generation?: number;
  weights?: [number, number];
  accepted?: Partial<ConditionLike> | null;
  extraConditions?: ConditionLike[];
  parentRef?: Record<string, unknown>;
}): HTTPRouteLike {
  const [primary, canary] = options.weights ?? [90, 10];
  const generation = options.generation ?? 7;
  const conditions: ConditionLike[] = [];
  if (options.accepted !== null) {
    conditions.push({ type: "Accepted", status: "True", reason: "Accepted", observedGeneration: generation, ...options.accepted });
  }
  conditions.push(...(options.extraConditions ?? []));
  return {
    metadata: { namespace: "test", name: "podinfo", generation },
    spec: { parentRefs: [{ name: "public", namespace: "gateway" }], rules: [{ backendRefs: backends(primary, canary) }] },
    status: {
      parents: [{ parentRef: (options.parentRef ?? gateway) as never, controllerName: "example.net/gateway", conditions }],
    },
  };
}

describe("routeApplied", () => {
  it("is applied with the expected weights accepted at the current generation", () => {
    expect(routeApplied(route({}), expected)).toEqual({
      state: "applied",
      verified: true,
      via: "HTTPRoute test/podinfo generation 7 routes podinfo-primary=90, podinfo-canary=10, accepted by Gateway gateway/public",
    });
  });

  it("is pending while the weights differ", () => {
    expect(routeApplied(route({ weights: [100, 0] }), expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo routes podinfo-primary=100, podinfo-canary=0 in rule 1, expected podinfo-primary=90, podinfo-canary=10",
    });
  });

  it("is pending until the Gateway accepts the new generation", () => {
    expect(routeApplied(route({ accepted: { observedGeneration: 6 } }), expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo: waiting for parent Gateway gateway/public to accept generation 7 (it has accepted generation 6)",
    });
  });

  it("is pending when the Gateway rejects the route", () => {
    expect(routeApplied(route({ accepted: { status: "False", reason: "NotAllowedByListeners", message: "no listener allows this route" } }), expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo: parent Gateway gateway/public reports Accepted=False (NotAllowedByListeners: no listener allows this route)",
    });
  });

  it("is pending while a backend is unresolved at the current generation", () => {
    const r = route({ extraConditions: [{ type: "ResolvedRefs", status: "False", reason: "BackendNotFound", message: 'service "podinfo-canary" not found', observedGeneration: 7 }] });
    expect(routeApplied(r, expected)).toEqual({
      state: "pending",
      reason: `HTTPRoute test/podinfo: parent Gateway gateway/public reports ResolvedRefs=False (BackendNotFound: service "podinfo-canary" not found)`,
    });
  });

  it("accepts a parent without observedGeneration, with a note (linkerd/linkerd2#14964)", () => {
    expect(routeApplied(route({ accepted: { observedGeneration: undefined } }), expected)).toEqual({
      state: "applied",
      verified: true,
      via: "HTTPRoute test/podinfo generation 7 routes podinfo-primary=90, podinfo-canary=10, accepted by Gateway gateway/public",
      note: "parent Gateway gateway/public reports Accepted without observedGeneration, so acceptance of generation 7 is assumed",
    });
  });

  it("ignores status parents that are not in spec, and notes when none reported", () => {
    const r = route({ accepted: { status: "False" }, parentRef: { name: "other", namespace: "gateway" } });
    expect(routeApplied(r, expected)).toEqual({
      state: "applied",
      verified: true,
      via: "HTTPRoute test/podinfo generation 7 routes podinfo-primary=90, podinfo-canary=10",
      note: "no parent has reported status for this route, so only the weights were verified",
    });
  });

  it("matches parentRefs with Gateway API defaults", () => {
    const r = route({ parentRef: { name: "public", namespace: "gateway" } });
    expect(routeApplied(r, expected).state).toBe("applied");
  });

  it("is pending when the parent has not reported Accepted", () => {
    expect(routeApplied(route({ accepted: null }), expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo: parent Gateway gateway/public has not reported Accepted yet",
    });
  });

  it("checks the weighted rule and skips session-affinity cookie rules", () => {
    const r = route({});
    const rules = [
      { matches: [{ headers: [{ name: "Cookie", type: "RegularExpression" }] }], backendRefs: backends(0, 100) },
      { backendRefs: backends(90, 10) },
    ];
    expect(routeApplied({ ...r, spec: { ...r.spec, rules } }, expected).state).toBe("applied");
    const stale = [rules[0]!, { backendRefs: backends(80, 20) }];
    expect(routeApplied({ ...r, spec: { ...r.spec, rules: stale } }, expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo routes podinfo-primary=80, podinfo-canary=20 in rule 2, expected podinfo-primary=90, podinfo-canary=10",
    });
  });

  it("needs every rule that routes to both backends updated (adopted routes with several rules)", () => {
    const r = route({});
    const rules = [{ backendRefs: backends(90, 10) }, { backendRefs: backends(100, 0) }];
    expect(routeApplied({ ...r, spec: { ...r.spec, rules } }, expected).state).toBe("pending");
  });

  it("takes a missing weight as the Gateway API default 1", () => {
    const r = route({});
    const rules = [{ backendRefs: [{ name: "podinfo-primary" }, { name: "podinfo-canary", weight: 0 }] }];
    expect(routeApplied({ ...r, spec: { ...r.spec, rules } }, expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo routes podinfo-primary=1, podinfo-canary=0 in rule 1, expected podinfo-primary=90, podinfo-canary=10",
    });
  });

  it("is pending when no rule routes to the backends", () => {
    const r = route({});
    expect(routeApplied({ ...r, spec: { ...r.spec, rules: [{ backendRefs: [{ name: "other", weight: 100 }] }] } }, expected)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo has no rule routing to podinfo-primary and podinfo-canary",
    });
  });
});
