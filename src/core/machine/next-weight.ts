/**
 * Flagger's weight arithmetic (scheduler.go `maxWeight`, `nextStepWeight`, `runCanary`,
 * `runPromotionTrafficShift`). The route's weights always add up to 100.
 */
import type { ResolvedAnalysis } from "../spec/model.js";

export const TOTAL_WEIGHT = 100;

type WeightSettings = Pick<ResolvedAnalysis, "maxWeight" | "stepWeight" | "stepWeights">;

/** The last weight before promotion: `min(100, last(stepWeights))`, else `maxWeight`, else 100. */
export function maxWeight(analysis: WeightSettings): number {
  const ladder = analysis.stepWeights ?? [];
  const last = ladder[ladder.length - 1];
  if (last !== undefined) return Math.min(TOTAL_WEIGHT, last);
  return analysis.maxWeight > 0 ? analysis.maxWeight : TOTAL_WEIGHT;
}

/**
 * The next increment from `canaryWeight`. With a `stepWeights` ladder: the distance to the next
 * rung (the first rung from 0, the rest of the way from an off-ladder weight, and 1 at 100 so the
 * rollout still moves on to promotion). 0 means the spec configures no step at all.
 */
export function nextStepWeight(analysis: WeightSettings, canaryWeight: number): number {
  const stepWeight = analysis.stepWeight ?? 0;
  const ladder = analysis.stepWeights ?? [];
  if (stepWeight > 0 || ladder.length === 0) return Math.max(0, stepWeight);

  const maxStep = TOTAL_WEIGHT - canaryWeight;
  if (maxStep === 0) return 1;
  const first = ladder[0] ?? maxStep;
  if (canaryWeight === 0) return Math.min(maxStep, first);
  for (let i = 0; i < ladder.length - 1; i++) {
    const rung = ladder[i];
    const next = ladder[i + 1];
    if (rung === canaryWeight && next !== undefined) return Math.min(maxStep, next - canaryWeight);
  }
  return maxStep;
}

/** The canary weight after one increase: may overshoot `maxWeight` by up to one step, never 100. */
export function increasedWeight(analysis: WeightSettings, canaryWeight: number): number {
  return clampWeight(canaryWeight + nextStepWeight(analysis, canaryWeight));
}

/**
 * The canary weight after one step of the promotion traffic shift: `stepWeightPromotion` back to
 * the primary per tick, or everything at once when it is 0.
 */
export function promotionWeight(stepWeightPromotion: number, canaryWeight: number): number {
  if (stepWeightPromotion <= 0) return 0;
  return clampWeight(canaryWeight - stepWeightPromotion);
}

export function clampWeight(weight: number): number {
  return Math.min(TOTAL_WEIGHT, Math.max(0, weight));
}
