/** The numbers of a driven rollout: weights, analysis steps and durations. */
import type { ResolvedCanary } from "../spec/model.js";
import type { DrivenRollout } from "./drive-rollout.js";
import { stageOf } from "./stage.js";

export interface RolloutSummary {
  readonly weights: readonly number[];
  readonly analysisSteps: number;
  readonly minDurationMs: number;
  readonly totalDurationMs: number;
  readonly rollbackAfterMs: number;
}

export function summarise(canary: ResolvedCanary, driven: DrivenRollout): RolloutSummary {
  const analysis = driven.steps.filter((s) => stageOf(s.code) === "analysis");
  const weighted = canary.strategy === "canary" || canary.strategy === "canary-session-affinity";
  const at = (row: { readonly at: number } | undefined): number => (row === undefined ? 0 : row.at - driven.startedAt);
  const last = driven.steps.at(-1)?.row;
  return {
    weights: weighted ? analysis.filter((s) => s.code === "weight-increased").map((s) => s.row.traffic.canaryWeight) : [],
    analysisSteps: analysis.length,
    minDurationMs: at(driven.steps.find((s) => s.code === "promotion-started")?.row ?? last),
    totalDurationMs: at(last),
    // Flagger's documented time to roll back once every check fails.
    rollbackAfterMs: canary.analysis.intervalSeconds * canary.analysis.threshold * 1000,
  };
}
