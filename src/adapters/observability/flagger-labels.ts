/** Label values and gauge values exactly as Flagger's `pkg/metrics/recorder.go` writes them. */
import type { Phase } from "../../core/machine/types.js";
import type { ResolvedCanary, Strategy } from "../../core/spec/model.js";

/** Flagger's `deployment_strategy` label: it knows three strategies. */
export type FlaggerStrategy = "canary" | "blue-green" | "ab-testing";

export function flaggerStrategy(strategy: Strategy): FlaggerStrategy {
  switch (strategy) {
    case "canary":
    case "canary-session-affinity":
      return "canary";
    case "blue-green":
    case "blue-green-mirroring":
      return "blue-green";
    case "ab-testing":
      return "ab-testing";
  }
}

/** Flagger's `analysis_status` label. */
export function analysisStatus(canary: ResolvedCanary): "completed" | "skipped" {
  return canary.skipAnalysis ? "skipped" : "completed";
}

/** `flagger_canary_status`: 0 Progressing, 2 Failed, 1 for every other phase (recorder.go SetStatus). */
export function flaggerStatus(phase: Phase): 0 | 1 | 2 {
  if (phase === "Progressing") return 0;
  if (phase === "Failed") return 2;
  return 1;
}

/** The `name` label of Flagger's per-canary series: the target Deployment's name (`cd.Spec.TargetRef.Name`). */
export function flaggerName(canary: ResolvedCanary): string {
  return canary.targetRef.name;
}
