import type { ResolvedAnalysis, Strategy } from "./model.js";

/**
 * Flagger's `Canary.DeploymentStrategy`: `match` with iterations is A/B testing, iterations alone
 * blue/green (mirrored when `mirror`), otherwise weighted canary (sticky with `sessionAffinity`).
 */
export function strategyOf(analysis: Pick<ResolvedAnalysis, "iterations" | "match" | "mirror" | "sessionAffinity">): Strategy {
  const iterations = analysis.iterations ?? 0;
  if (analysis.match.length > 0 && iterations > 0) return "ab-testing";
  if (iterations > 0) return analysis.mirror ? "blue-green-mirroring" : "blue-green";
  return analysis.sessionAffinity ? "canary-session-affinity" : "canary";
}
