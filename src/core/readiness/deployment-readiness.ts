import type { Readiness } from "../machine/types.js";
import { describeCondition, findCondition, timestampMs } from "./condition.js";
import type { DeploymentLike, DeploymentRole } from "./deployment-like.js";

/**
 * Flagger's `isDeploymentReady` (pkg/canary/deployment_ready.go), plus its primary check.
 *
 * Order and wording follow Flagger:
 * 1. `metadata.generation > status.observedGeneration` → not ready (the controller has not seen
 *    the new spec yet), always retriable.
 * 2. `Progressing` condition with reason `ProgressDeadlineExceeded` (Kubernetes' own deadline)
 *    → failed.
 * 3. When a `Progressing` condition exists and `Available` is `False` with reason
 *    `MinimumReplicasUnavailable`, and its `lastUpdateTime + progressDeadlineSeconds` is before
 *    `now`, the not-ready outcomes below become failed (Flagger's non-retriable error).
 * 4. Not ready while `updatedReplicas < spec.replicas`, while old replicas are pending termination
 *    (`status.replicas > updatedReplicas`), or while `availableReplicas` is below
 *    `updatedReplicas × readyThreshold / 100` truncated to an integer.
 * 5. A primary that is otherwise ready but has `spec.replicas: 0` has failed: nothing serves the
 *    stable traffic.
 *
 * The threshold product is computed in float32 as Flagger does
 * (`int32(float32(updated) * (float32(threshold) / float32(100)))`), so it can be one replica
 * below the exact floor, e.g. 53% of 100 replicas needs 52 available, not 53. Canaries must
 * behave identically when moved from Flagger, so the quirk is kept.
 *
 * A missing `lastUpdateTime` is Go's zero time in Flagger, which makes any deadline already
 * exceeded; here the condition's `lastTransitionTime` is used instead, and with neither the
 * deadline is not considered exceeded (the Deployment controller always sets both).
 */
export function deploymentReadiness(
  deployment: DeploymentLike,
  readyThresholdPercent: number,
  progressDeadlineSeconds: number,
  now: number,
  role: DeploymentRole = "canary",
): Readiness {
  const name = deployment.metadata?.name ?? "";
  const id = `${role} deployment ${deployment.metadata?.namespace ?? ""}/${name}`;
  const status = deployment.status ?? {};
  const generation = deployment.metadata?.generation ?? 0;
  const observedGeneration = status.observedGeneration ?? 0;

  if (generation > observedGeneration) {
    return {
      state: "not-ready",
      reason:
        `${id} not ready: waiting for rollout to finish: observed deployment generation ` +
        `${observedGeneration} less than desired generation ${generation}`,
    };
  }

  const progressing = findCondition(status.conditions, "Progressing");
  let stuckSince: number | undefined;
  if (progressing !== undefined) {
    const available = findCondition(status.conditions, "Available");
    if (available?.status === "False" && available.reason === "MinimumReplicasUnavailable") {
      const since = timestampMs(available.lastUpdateTime) ?? timestampMs(available.lastTransitionTime);
      if (since !== undefined && since + progressDeadlineSeconds * 1000 < now) stuckSince = since;
    }
  }

  if (progressing?.reason === "ProgressDeadlineExceeded") {
    const detail = progressing.message === undefined ? "" : ` (${describeCondition(progressing)})`;
    return { state: "failed", reason: `${id} not ready: deployment "${name}" exceeded its progress deadline${detail}` };
  }

  const notReady = notReadyReason(deployment, readyThresholdPercent);
  if (notReady !== undefined) {
    const reason = `${id} not ready: ${notReady}`;
    if (stuckSince === undefined) return { state: "not-ready", reason };
    return {
      state: "failed",
      reason:
        `${reason}; Available=False (MinimumReplicasUnavailable) since ` +
        `${new Date(stuckSince).toISOString()}, past the ${progressDeadlineSeconds}s progress deadline`,
    };
  }

  if (role === "primary" && deployment.spec?.replicas === 0) {
    return { state: "failed", reason: `${id} has 0 replicas (spec.replicas: 0): halt advancement` };
  }
  return { state: "ready" };
}

function notReadyReason(deployment: DeploymentLike, readyThresholdPercent: number): string | undefined {
  const status = deployment.status ?? {};
  const replicas = status.replicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const wanted = deployment.spec?.replicas;

  if (wanted !== undefined && updated < wanted) {
    return `waiting for rollout to finish: ${updated} out of ${wanted} new replicas have been updated`;
  }
  if (replicas > updated) {
    return `waiting for rollout to finish: ${replicas - updated} old replicas are pending termination`;
  }
  const needed = readyThresholdReplicas(updated, readyThresholdPercent);
  if (available < needed) {
    return (
      `waiting for rollout to finish: ${available} of ${needed} ` +
      `(readyThreshold ${readyThresholdPercent}%) updated replicas are available`
    );
  }
  return undefined;
}

/** Flagger's float32 arithmetic: `int32(float32(updated) * (float32(threshold) / float32(100)))`. */
export function readyThresholdReplicas(updatedReplicas: number, readyThresholdPercent: number): number {
  const ratio = Math.fround(Math.fround(readyThresholdPercent) / 100);
  return Math.trunc(Math.fround(Math.fround(updatedReplicas) * ratio));
}
