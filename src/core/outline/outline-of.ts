/** The short outline the check run and the PR comment show, from the same drive as the plan. */
import type { RolloutOutline } from "../render/context.js";
import type { ResolvedCanary } from "../spec/model.js";
import { driveRollout } from "./drive-rollout.js";
import { PLACEHOLDER_REVISION } from "./plan-rollout.js";
import { summarise } from "./summary.js";
import type { RolloutPlan } from "./types.js";

export function outlineOfPlan(plan: RolloutPlan): RolloutOutline {
  return {
    strategy: plan.strategy,
    weights: plan.weights,
    iterations: plan.iterations,
    intervalSeconds: plan.intervalSeconds,
    totalSteps: plan.analysisSteps,
    minDurationMs: plan.minDurationMs,
    rollbackAfterMs: plan.rollbackAfterMs,
    threshold: plan.threshold,
  };
}

/**
 * Never fails: a Canary that cannot complete even when every check passes (which validation
 * rules out) gets the outline of the steps it does take.
 */
export function outlineOf(canary: ResolvedCanary): RolloutOutline {
  const summary = summarise(canary, driveRollout(canary, { revision: PLACEHOLDER_REVISION, canaryReplicas: 1, promotionGate: "webhooks" }));
  return {
    strategy: canary.strategy,
    weights: summary.weights,
    iterations: canary.analysis.iterations ?? 0,
    intervalSeconds: canary.analysis.intervalSeconds,
    totalSteps: summary.analysisSteps,
    minDurationMs: summary.minDurationMs,
    rollbackAfterMs: summary.rollbackAfterMs,
    threshold: canary.analysis.threshold,
  };
}
