/** A schema-valid Canary manifest with overrides, and its resolution, for rule tables. */
import { canaryManifestSchema } from "../../../../src/core/spec/canary-manifest.js";
import type { CanaryManifest } from "../../../../src/core/spec/canary-manifest.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { resolveCanary } from "../../../../src/core/spec/resolve-canary.js";

export interface ManifestOverrides {
  readonly spec?: Record<string, unknown>;
  readonly service?: Record<string, unknown>;
  readonly analysis?: Record<string, unknown>;
}

export function buildManifest(overrides: ManifestOverrides = {}): { manifest: CanaryManifest; canary: ResolvedCanary } {
  const manifest = canaryManifestSchema.parse({
    apiVersion: "flagger.app/v1beta1",
    kind: "Canary",
    metadata: { name: "podinfo", namespace: "test" },
    spec: {
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "podinfo" },
      service: { port: 9898, gatewayRefs: [{ name: "gateway" }], ...overrides.service },
      analysis: {
        interval: "1m",
        stepWeight: 10,
        metrics: [{ name: "error-rate", templateRef: { name: "error-rate" }, thresholdRange: { max: 1 } }],
        ...overrides.analysis,
      },
      ...overrides.spec,
    },
  });
  const location = { file: "canary.yaml", line: 1, column: 1 };
  return { manifest, canary: resolveCanary(manifest, { file: "canary.yaml", location, namespace: "test" }) };
}
