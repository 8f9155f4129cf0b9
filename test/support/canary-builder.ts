/**
 * Builds resolved Canaries for tests with Flagger's defaults, so a test states only what it is
 * about: `makeCanary({ analysis: { stepWeight: 20, maxWeight: 50 } })`.
 */
import type { ResolvedAnalysis, ResolvedCanary, ResolvedService } from "../../src/core/spec/model.js";
import { strategyOf } from "../../src/core/spec/strategy.js";

export { strategyOf };

type DeepPartial<T> = { -readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface CanaryOverrides extends Omit<DeepPartial<ResolvedCanary>, "analysis" | "service"> {
  analysis?: Partial<ResolvedAnalysis>;
  service?: Partial<ResolvedService>;
}

const emptyMetadata = { labels: {}, annotations: {} };

export function makeCanary(overrides: CanaryOverrides = {}): ResolvedCanary {
  const name = overrides.name ?? "podinfo";
  const namespace = overrides.namespace ?? "test";
  const analysis: ResolvedAnalysis = {
    intervalSeconds: 60,
    threshold: 5,
    maxWeight: 50,
    stepWeight: 10,
    stepWeightPromotion: 0,
    mirror: false,
    mirrorWeight: 100,
    match: [],
    primaryReadyThreshold: 100,
    canaryReadyThreshold: 100,
    metrics: [],
    webhooks: [],
    alerts: [],
    ...overrides.analysis,
  };
  const service: ResolvedService = {
    apex: overrides.targetRef?.name ?? name,
    port: 9898,
    portName: "http",
    targetPort: 9898,
    gatewayRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gateway", namespace: "istio-ingress" }],
    hosts: ["www.example.com"],
    match: [],
    mirror: [],
    apexMetadata: emptyMetadata,
    primaryMetadata: emptyMetadata,
    canaryMetadata: emptyMetadata,
    ...overrides.service,
  };
  return {
    name,
    namespace,
    file: overrides.file ?? "apps/podinfo/canary.yaml",
    location: { file: overrides.file ?? "apps/podinfo/canary.yaml", line: 1, column: 1 },
    gatewayApi: overrides.gatewayApi ?? "v1",
    strategy: overrides.strategy ?? strategyOf(analysis),
    targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: overrides.targetRef?.name ?? name },
    service,
    analysis,
    skipAnalysis: overrides.skipAnalysis ?? false,
    suspend: overrides.suspend ?? false,
    progressDeadlineSeconds: overrides.progressDeadlineSeconds ?? 600,
    revertOnDeletion: overrides.revertOnDeletion ?? false,
  };
}
