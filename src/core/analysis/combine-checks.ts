import type { MetricOutcome } from "../machine/types.js";
import { formatMetricNumber } from "./assess-metric.js";
import type { MetricCheck } from "./metric-check.js";

export interface CheckOutcome {
  readonly check: MetricCheck;
  readonly outcome: MetricOutcome;
}

function summary({ check, outcome }: CheckOutcome): string {
  const value = outcome.value !== undefined ? formatMetricNumber(outcome.value) : outcome.status;
  return `${check.label}: ${value}`;
}

/**
 * One outcome per metric, in the order metrics first appear. A metric with several checks
 * (a builtin name together with a query or templateRef, which Flagger evaluates each) reports
 * its first check that did not pass, labelled; when all pass, the last one with every value.
 */
export function combineCheckOutcomes(results: readonly CheckOutcome[]): MetricOutcome[] {
  // Keyed by the metric itself: Flagger does not forbid two metrics with the same name.
  const groups = new Map<MetricCheck["metric"], CheckOutcome[]>();
  for (const result of results) {
    const group = groups.get(result.check.metric);
    if (group) group.push(result);
    else groups.set(result.check.metric, [result]);
  }
  return [...groups.values()].map((group) => {
    const [only] = group;
    if (only && group.length === 1) return only.outcome;
    const failed = group.find((r) => r.outcome.status !== "pass");
    if (failed) {
      const reason = failed.outcome.reason ?? failed.outcome.status;
      return { ...failed.outcome, reason: `${failed.check.label}: ${reason}` };
    }
    const last = group[group.length - 1];
    if (!last) throw new RangeError("empty check group");
    return { ...last.outcome, reason: `all checks passed (${group.map(summary).join("; ")})` };
  });
}
