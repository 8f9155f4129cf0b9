import { describe, expect, it } from "vitest";
import type { ConditionLike } from "../../../../src/core/readiness/condition.js";
import type { DeploymentLike } from "../../../../src/core/readiness/deployment-like.js";
import { deploymentReadiness, readyThresholdReplicas } from "../../../../src/core/readiness/deployment-readiness.js";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString();

function deployment(overrides: {
  name?: string;
  generation?: number;
  observedGeneration?: number;
  replicas?: number;
  statusReplicas?: number;
  updated?: number;
  available?: number;
  conditions?: readonly ConditionLike[];
}): DeploymentLike {
  return {
    metadata: { name: overrides.name ?? "podinfo", namespace: "test", generation: overrides.generation ?? 2 },
    spec: { replicas: overrides.replicas ?? 2 },
    status: {
      observedGeneration: overrides.observedGeneration ?? 2,
      replicas: overrides.statusReplicas ?? overrides.updated ?? 2,
      updatedReplicas: overrides.updated ?? 2,
      availableReplicas: overrides.available ?? 2,
      conditions: overrides.conditions ?? [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
      ],
    },
  };
}

const stuck = (sinceSeconds: number): ConditionLike[] => [
  { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", lastUpdateTime: ago(sinceSeconds), message: "Deployment does not have minimum availability." },
  { type: "Progressing", status: "True", reason: "ReplicaSetUpdated" },
];

describe("deploymentReadiness (Flagger's isDeploymentReady)", () => {
  it.each([
    {
      case: "ready",
      dep: deployment({}),
      expected: { state: "ready" },
    },
    {
      case: "generation not yet observed",
      dep: deployment({ generation: 3, observedGeneration: 2 }),
      expected: {
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: observed deployment generation 2 less than desired generation 3",
      },
    },
    {
      case: "new replicas not all updated",
      dep: deployment({ replicas: 3, updated: 1, statusReplicas: 3, available: 1 }),
      expected: {
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 out of 3 new replicas have been updated",
      },
    },
    {
      case: "old replicas pending termination",
      dep: deployment({ replicas: 2, updated: 2, statusReplicas: 3 }),
      expected: {
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 old replicas are pending termination",
      },
    },
    {
      case: "updated replicas not available",
      dep: deployment({ replicas: 4, updated: 4, available: 3 }),
      expected: {
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 3 of 4 (readyThreshold 100%) updated replicas are available",
      },
    },
    {
      case: "Kubernetes' ProgressDeadlineExceeded",
      dep: deployment({
        conditions: [
          { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "podinfo-5d8f" has timed out progressing.' },
        ],
      }),
      expected: {
        state: "failed",
        reason:
          'canary deployment test/podinfo not ready: deployment "podinfo" exceeded its progress deadline (ProgressDeadlineExceeded: ReplicaSet "podinfo-5d8f" has timed out progressing.)',
      },
    },
    {
      case: "MinimumReplicasUnavailable past the progress deadline",
      dep: deployment({ replicas: 2, updated: 2, available: 1, conditions: stuck(61) }),
      expected: {
        state: "failed",
        reason:
          "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated replicas are available; " +
          "Available=False (MinimumReplicasUnavailable) since 2026-03-01T11:58:59.000Z, past the 60s progress deadline",
      },
    },
    {
      case: "MinimumReplicasUnavailable within the progress deadline",
      dep: deployment({ replicas: 2, updated: 2, available: 1, conditions: stuck(60) }),
      expected: {
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated replicas are available",
      },
    },
    {
      case: "stale MinimumReplicasUnavailable on a deployment that is ready",
      dep: deployment({ conditions: stuck(3600) }),
      expected: { state: "ready" },
    },
  ])("$case", ({ dep, expected }) => {
    expect(deploymentReadiness(dep, 100, 60, NOW)).toEqual(expected);
  });

  it("does not apply the deadline without a Progressing condition (as Flagger)", () => {
    const dep = deployment({ available: 1, conditions: [stuck(3600)[0]!] });
    expect(deploymentReadiness(dep, 100, 60, NOW).state).toBe("not-ready");
  });

  it("falls back to lastTransitionTime when lastUpdateTime is missing", () => {
    const dep = deployment({
      available: 1,
      conditions: [
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", lastTransitionTime: ago(120) },
        { type: "Progressing", status: "True", reason: "ReplicaSetUpdated" },
      ],
    });
    expect(deploymentReadiness(dep, 100, 60, NOW).state).toBe("failed");
  });

  it("accepts Date timestamps as client-node deserialises them", () => {
    const dep = deployment({
      available: 1,
      conditions: [
        { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", lastUpdateTime: new Date(NOW - 120_000) },
        { type: "Progressing", status: "True", reason: "ReplicaSetUpdated" },
      ],
    });
    expect(deploymentReadiness(dep, 100, 60, NOW).state).toBe("failed");
  });

  it("fails a primary scaled to 0 and accepts a canary at 0", () => {
    const dep = deployment({ name: "podinfo-primary", replicas: 0, updated: 0, available: 0, statusReplicas: 0 });
    expect(deploymentReadiness(dep, 100, 60, NOW, "primary")).toEqual({
      state: "failed",
      reason: "primary deployment test/podinfo-primary has 0 replicas (spec.replicas: 0): halt advancement",
    });
    expect(deploymentReadiness(dep, 100, 60, NOW, "canary")).toEqual({ state: "ready" });
  });

  it("reports a primary that is not ready before its replica count (Flagger's order)", () => {
    const dep = deployment({ name: "podinfo-primary", generation: 5, observedGeneration: 4, replicas: 0 });
    expect(deploymentReadiness(dep, 100, 60, NOW, "primary").state).toBe("not-ready");
  });

  describe("readyThreshold arithmetic", () => {
    it.each([
      { updated: 3, threshold: 50, needed: 1 },
      { updated: 4, threshold: 50, needed: 2 },
      { updated: 5, threshold: 99, needed: 4 },
      { updated: 10, threshold: 100, needed: 10 },
      { updated: 1, threshold: 0, needed: 0 },
      // float32 like Flagger: 0.53f × 100 = 52.99999… → 52, one below the exact floor.
      { updated: 100, threshold: 53, needed: 52 },
      { updated: 100, threshold: 59, needed: 58 },
    ])("$threshold% of $updated updated replicas needs $needed available", ({ updated, threshold, needed }) => {
      expect(readyThresholdReplicas(updated, threshold)).toBe(needed);
    });

    it("is ready at the threshold and not below it", () => {
      expect(deploymentReadiness(deployment({ replicas: 4, updated: 4, available: 2 }), 50, 60, NOW)).toEqual({ state: "ready" });
      expect(deploymentReadiness(deployment({ replicas: 4, updated: 4, available: 1 }), 50, 60, NOW)).toEqual({
        state: "not-ready",
        reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 of 2 (readyThreshold 50%) updated replicas are available",
      });
    });
  });
});
