/** Flagger's defaults, applied by resolveCanary to a schema-valid manifest. */
import { describe, expect, it } from "vitest";
import { canaryManifestSchema } from "../../../../src/core/spec/canary-manifest.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { resolveCanary } from "../../../../src/core/spec/resolve-canary.js";
import { strategyOf } from "../../../../src/core/spec/strategy.js";
import { strategyOf as builderStrategyOf } from "../../../support/canary-builder.js";

interface Overrides {
  spec?: Record<string, unknown>;
  service?: Record<string, unknown>;
  analysis?: Record<string, unknown>;
}

function resolve(overrides: Overrides = {}): ResolvedCanary {
  const manifest = canaryManifestSchema.parse({
    apiVersion: "flagger.app/v1beta1",
    kind: "Canary",
    metadata: { name: "podinfo", namespace: "test" },
    spec: {
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "podinfo" },
      service: { port: 9898, gatewayRefs: [{ name: "gateway" }], ...overrides.service },
      analysis: {
        stepWeight: 10,
        metrics: [{ name: "error-rate", templateRef: { name: "error-rate" } }],
        webhooks: [{ name: "load-test", url: "http://loadtester/" }],
        alerts: [{ name: "on-call", providerRef: { name: "slack" } }],
        ...overrides.analysis,
      },
      ...overrides.spec,
    },
  });
  const location = { file: "canary.yaml", line: 1, column: 1 };
  return resolveCanary(manifest, { file: "canary.yaml", location, namespace: "test" });
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

interface Row {
  readonly name: string;
  readonly overrides?: Overrides;
  readonly path: readonly (string | number)[];
  readonly expected: unknown;
}

const ROWS: readonly Row[] = [
  { name: "interval defaults to 60s", path: ["analysis", "intervalSeconds"], expected: 60 },
  { name: "interval below 10s is raised to 10s", overrides: { analysis: { interval: "5s" } }, path: ["analysis", "intervalSeconds"], expected: 10 },
  { name: "interval 500ms is raised to 10s", overrides: { analysis: { interval: "500ms" } }, path: ["analysis", "intervalSeconds"], expected: 10 },
  { name: "interval in Go syntax", overrides: { analysis: { interval: "1m30s" } }, path: ["analysis", "intervalSeconds"], expected: 90 },
  { name: "interval 15s stays", overrides: { analysis: { interval: "15s" } }, path: ["analysis", "intervalSeconds"], expected: 15 },
  { name: "threshold defaults to 1", path: ["analysis", "threshold"], expected: 1 },
  { name: "threshold 0 becomes 1", overrides: { analysis: { threshold: 0 } }, path: ["analysis", "threshold"], expected: 1 },
  { name: "negative threshold becomes 1", overrides: { analysis: { threshold: -3 } }, path: ["analysis", "threshold"], expected: 1 },
  { name: "threshold kept", overrides: { analysis: { threshold: 5 } }, path: ["analysis", "threshold"], expected: 5 },
  { name: "maxWeight defaults to 100", path: ["analysis", "maxWeight"], expected: 100 },
  { name: "maxWeight 0 means unset", overrides: { analysis: { maxWeight: 0 } }, path: ["analysis", "maxWeight"], expected: 100 },
  { name: "maxWeight kept", overrides: { analysis: { maxWeight: 50 } }, path: ["analysis", "maxWeight"], expected: 50 },
  {
    name: "maxWeight is the last stepWeight",
    overrides: { analysis: { stepWeight: undefined, stepWeights: [5, 10, 40], maxWeight: 80 } },
    path: ["analysis", "maxWeight"],
    expected: 40,
  },
  {
    name: "maxWeight from stepWeights is at most 100",
    overrides: { analysis: { stepWeight: undefined, stepWeights: [50, 150] } },
    path: ["analysis", "maxWeight"],
    expected: 100,
  },
  { name: "stepWeightPromotion defaults to 0", path: ["analysis", "stepWeightPromotion"], expected: 0 },
  { name: "mirror defaults to false", path: ["analysis", "mirror"], expected: false },
  { name: "mirrorWeight defaults to 100", path: ["analysis", "mirrorWeight"], expected: 100 },
  { name: "primaryReadyThreshold defaults to 100", path: ["analysis", "primaryReadyThreshold"], expected: 100 },
  { name: "canaryReadyThreshold defaults to 100", path: ["analysis", "canaryReadyThreshold"], expected: 100 },
  { name: "canaryReadyThreshold 0 is kept (any availability)", overrides: { analysis: { canaryReadyThreshold: 0 } }, path: ["analysis", "canaryReadyThreshold"], expected: 0 },
  { name: "metric interval defaults to 1m", path: ["analysis", "metrics", 0, "interval"], expected: "1m" },
  { name: "metric interval seconds", path: ["analysis", "metrics", 0, "intervalSeconds"], expected: 60 },
  { name: "templateRef namespace defaults to the canary's", path: ["analysis", "metrics", 0, "templateRef"], expected: { name: "error-rate", namespace: "test" } },
  { name: "templateVariables default to {}", path: ["analysis", "metrics", 0, "templateVariables"], expected: {} },
  { name: "webhook timeout defaults to 10s", path: ["analysis", "webhooks", 0, "timeoutMs"], expected: 10_000 },
  {
    name: "webhook timeout in Go syntax",
    overrides: { analysis: { webhooks: [{ name: "w", url: "http://w/", timeout: "1m30s" }] } },
    path: ["analysis", "webhooks", 0, "timeoutMs"],
    expected: 90_000,
  },
  { name: "webhook retries default to 0", path: ["analysis", "webhooks", 0, "retries"], expected: 0 },
  { name: "missing webhook type is rollout", path: ["analysis", "webhooks", 0, "type"], expected: "rollout" },
  {
    name: "empty webhook type is rollout",
    overrides: { analysis: { webhooks: [{ name: "w", url: "http://w/", type: "" }] } },
    path: ["analysis", "webhooks", 0, "type"],
    expected: "rollout",
  },
  { name: "webhook metadata defaults to {}", path: ["analysis", "webhooks", 0, "metadata"], expected: {} },
  { name: "webhook muteAlert defaults to false", path: ["analysis", "webhooks", 0, "muteAlert"], expected: false },
  { name: "webhook disableTLS defaults to false", path: ["analysis", "webhooks", 0, "disableTLS"], expected: false },
  { name: "missing alert severity is info", path: ["analysis", "alerts", 0, "severity"], expected: "info" },
  {
    name: "empty alert severity is info (Flagger's docs; its code never fires it)",
    overrides: { analysis: { alerts: [{ name: "a", severity: "", providerRef: { name: "p", namespace: "flagger" } }] } },
    path: ["analysis", "alerts", 0],
    expected: { name: "a", severity: "info", providerRef: { name: "p", namespace: "flagger" } },
  },
  { name: "providerRef namespace defaults to the canary's", path: ["analysis", "alerts", 0, "providerRef"], expected: { name: "slack", namespace: "test" } },
  {
    name: "session affinity maxAge defaults to 86400",
    overrides: { analysis: { sessionAffinity: { cookieName: "c" } } },
    path: ["analysis", "sessionAffinity"],
    expected: { cookieName: "c", maxAge: 86_400 },
  },
  {
    name: "session affinity maxAge 0 means 86400",
    overrides: { analysis: { sessionAffinity: { cookieName: "c", maxAge: 0 } } },
    path: ["analysis", "sessionAffinity", "maxAge"],
    expected: 86_400,
  },
  { name: "apex defaults to the target's name", path: ["service", "apex"], expected: "podinfo" },
  { name: "apex is service.name when set", overrides: { service: { name: "frontend" } }, path: ["service", "apex"], expected: "frontend" },
  { name: "portName defaults to http", path: ["service", "portName"], expected: "http" },
  { name: "targetPort defaults to port", path: ["service", "targetPort"], expected: 9898 },
  { name: "targetPort may be a name", overrides: { service: { targetPort: "http" } }, path: ["service", "targetPort"], expected: "http" },
  { name: "hosts default to none", path: ["service", "hosts"], expected: [] },
  { name: "match defaults to none (PathPrefix / when routed)", path: ["service", "match"], expected: [] },
  {
    name: "gatewayRefs get group and kind",
    path: ["service", "gatewayRefs"],
    expected: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gateway" }],
  },
  {
    name: "mirror backends get group \"\" and kind Service",
    overrides: { service: { mirror: [{ backendRef: { name: "shadow", port: 80 } }] } },
    path: ["service", "mirror"],
    expected: [{ group: "", kind: "Service", name: "shadow", port: 80 }],
  },
  { name: "rewrite type defaults to ReplaceFullPath", overrides: { service: { rewrite: { uri: "/v2" } } }, path: ["service", "rewrite"], expected: { uri: "/v2", type: "ReplaceFullPath" } },
  {
    name: "header operations are sorted by name, then value",
    overrides: { service: { headers: { request: { add: { "x-b": "2", "x-a": "1" } } } } },
    path: ["service", "requestHeaders"],
    expected: { add: [{ name: "x-a", value: "1" }, { name: "x-b", value: "2" }], set: [], remove: [] },
  },
  {
    name: "CORS: allowOrigin and exact allowOrigins, maxAge in seconds",
    overrides: { service: { corsPolicy: { allowOrigin: ["https://a.example"], allowOrigins: [{ exact: "https://b.example" }], maxAge: "1h30m" } } },
    path: ["service", "cors"],
    expected: { allowOrigins: ["https://a.example", "https://b.example"], allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 5400 },
  },
  { name: "service metadata defaults to empty", path: ["service", "apexMetadata"], expected: { labels: {}, annotations: {} } },
  {
    name: "Istio-only match conditions are recorded as ignored",
    overrides: { service: { match: [{ uri: { prefix: "/api" }, scheme: { exact: "https" }, ignoreUriCase: true }] } },
    path: ["service", "match"],
    expected: [{ uri: { prefix: "/api" }, ignored: ["scheme", "ignoreUriCase"] }],
  },
  { name: "progressDeadlineSeconds defaults to 600", path: ["progressDeadlineSeconds"], expected: 600 },
  { name: "skipAnalysis defaults to false", path: ["skipAnalysis"], expected: false },
  { name: "suspend defaults to false", path: ["suspend"], expected: false },
  { name: "revertOnDeletion defaults to false", path: ["revertOnDeletion"], expected: false },
  { name: "missing provider means gatewayapi:v1", path: ["gatewayApi"], expected: "v1" },
  { name: "provider gatewayapi:v1beta1", overrides: { spec: { provider: "gatewayapi:v1beta1" } }, path: ["gatewayApi"], expected: "v1beta1" },
  { name: "metricsServer unset by default", path: ["metricsServer"], expected: undefined },
  { name: "namespace from the context", path: ["namespace"], expected: "test" },
];

describe("resolveCanary defaults", () => {
  it.each(ROWS)("$name", ({ overrides, path, expected }) => {
    expect(at(resolve(overrides), path)).toEqual(expected);
  });

  it("strips undefined optional fields entirely (exactOptionalPropertyTypes)", () => {
    const canary = resolve();
    expect(Object.keys(canary.service).sort()).toEqual(
      ["apex", "apexMetadata", "canaryMetadata", "gatewayRefs", "hosts", "match", "mirror", "port", "portName", "primaryMetadata", "targetPort"].sort(),
    );
    expect("autoscalerRef" in canary).toBe(false);
  });
});

describe("strategy", () => {
  const cases = [
    { analysis: { iterations: 10, stepWeight: undefined, match: [{ headers: { x: { exact: "1" } } }] }, strategy: "ab-testing" },
    { analysis: { iterations: 10, stepWeight: undefined }, strategy: "blue-green" },
    { analysis: { iterations: 10, stepWeight: undefined, mirror: true }, strategy: "blue-green-mirroring" },
    { analysis: { stepWeight: 10 }, strategy: "canary" },
    { analysis: { stepWeight: 10, match: [{ headers: { x: { exact: "1" } } }] }, strategy: "canary" },
    { analysis: { stepWeight: 10, sessionAffinity: { cookieName: "c" } }, strategy: "canary-session-affinity" },
    { analysis: { iterations: 5, stepWeight: undefined, sessionAffinity: { cookieName: "c" } }, strategy: "blue-green" },
  ] as const;

  it.each(cases)("$strategy", ({ analysis, strategy }) => {
    const canary = resolve({ analysis });
    expect(canary.strategy).toBe(strategy);
    expect(builderStrategyOf(canary.analysis)).toBe(strategy);
    expect(strategyOf(canary.analysis)).toBe(builderStrategyOf(canary.analysis));
  });
});
