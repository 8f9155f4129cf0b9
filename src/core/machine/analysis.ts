/**
 * One analysis round (Flagger step 17). Before any traffic reaches the canary: pre-rollout hooks,
 * once per revision (Flagger re-runs them every tick while a gate blocks the first step, #1248).
 * Afterwards: rollout hooks, then metrics. A failed hook, a failed metric, and a metric with no
 * data or an error all count one failed check; a not-ready canary never does.
 */
import { canaryId } from "./commit-message.js";
import { allPassed, askHooks, askMetrics, failedNames } from "./hooks.js";
import { rollBack, thresholdReached } from "./rollback.js";
import type { Tick } from "./tick.js";
import { addStep, decide, update } from "./tick.js";
import { intervalMs } from "./timing.js";
import type { DecisionPlan, MetricOutcome, NeedPlan } from "./types.js";

export type AnalysisResult =
  | { readonly kind: "need"; readonly plan: NeedPlan }
  | { readonly kind: "passed" }
  | { readonly kind: "failed"; readonly detail: string };

const PASSED: AnalysisResult = { kind: "passed" };

export function analyse(tick: Tick): AnalysisResult {
  const { traffic, iterations } = tick.record;
  if (traffic.canaryWeight === 0 && iterations === 0 && !traffic.mirrored) return preRollout(tick);

  const hooks = askHooks(tick, "rollout", "Progressing");
  if (hooks.kind === "need") return hooks;
  if (!allPassed(hooks.outcomes)) return { kind: "failed", detail: `rollout hook ${failedNames(hooks.outcomes)} failed` };

  const metrics = askMetrics(tick);
  if (metrics.kind === "need") return metrics;
  const failing = metrics.outcomes.filter((metric) => metric.status !== "pass");
  if (failing.length > 0) return { kind: "failed", detail: failing.map(describeFailure).join("; ") };
  return PASSED;
}

function preRollout(tick: Tick): AnalysisResult {
  if (tick.record.preRolloutPassed) return PASSED;
  const hooks = askHooks(tick, "pre-rollout", "Progressing");
  if (hooks.kind === "need") return hooks;
  if (!allPassed(hooks.outcomes)) return { kind: "failed", detail: `pre-rollout hook ${failedNames(hooks.outcomes)} failed` };
  update(tick, { preRolloutPassed: true });
  return PASSED;
}

function describeFailure(metric: MetricOutcome): string {
  switch (metric.status) {
    case "no-data":
      return `metric ${metric.name}: no data${metric.reason === undefined ? "" : ` (${metric.reason})`}`;
    case "error":
      return `metric ${metric.name}: error${metric.reason === undefined ? "" : ` (${metric.reason})`}`;
    case "fail":
    case "pass": {
      const value = metric.value === undefined ? "" : ` ${String(metric.value)}`;
      const threshold = metric.threshold === undefined ? "" : ` (${metric.threshold})`;
      return `metric ${metric.name}${value} out of range${threshold}`;
    }
  }
}

/**
 * Count a failed check. Reaching the threshold rolls back in the same tick, whatever gate the run
 * waits at (Flagger checks at the start of the next tick, and users report breaches left
 * waiting behind a closed gate, #1801).
 */
export function failCheck(tick: Tick, detail: string): DecisionPlan {
  const failedChecks = tick.record.failedChecks + 1;
  const threshold = tick.canary.analysis.threshold;
  update(tick, { failedChecks });
  if (failedChecks >= threshold) {
    return rollBack(tick, thresholdReached(failedChecks, `failed check ${String(failedChecks)}/${String(threshold)}: ${detail}`));
  }
  addStep(tick, `failed check ${String(failedChecks)}/${String(threshold)}: ${detail}`);
  return decide(tick, "check-failed", `Halt ${canaryId(tick.canary)} advancement: ${detail}`, {
    requeueAfterMs: intervalMs(tick.canary),
    eventType: "Warning",
  });
}
