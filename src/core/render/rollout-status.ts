import type { MetricOutcome, RolloutRecord } from "../machine/types.js";
import type { RolloutOutline } from "./context.js";
import { formatValue } from "./format.js";

/** Which analysis step the rollout is at: the index of the current weight, or the iteration. */
export function currentStep(record: RolloutRecord, outline: RolloutOutline): number {
  if (outline.iterations > 0) return Math.min(record.iterations, outline.totalSteps);
  const index = outline.weights.indexOf(record.traffic.canaryWeight);
  if (index >= 0) return index + 1;
  return outline.weights.filter((w) => w <= record.traffic.canaryWeight).length;
}

export function isFinished(record: RolloutRecord): boolean {
  return record.phase === "Succeeded" || record.phase === "Failed" || record.phase === "Initialized";
}

/** The metric that failed last, for one-line explanations ("error-rate 4.2 > max 1"). */
export function lastFailingMetric(record: RolloutRecord): MetricOutcome | undefined {
  for (let i = record.steps.length - 1; i >= 0; i--) {
    const failing = record.steps[i]?.metrics.find((m) => m.status !== "pass");
    if (failing) return failing;
  }
  return undefined;
}

export function describeMetricFailure(m: MetricOutcome): string {
  switch (m.status) {
    case "fail":
      return `${m.name} ${formatValue(m.value ?? 0)} outside ${m.threshold ?? "its threshold"}`;
    case "no-data":
      return `${m.name}: no data`;
    case "error":
      return `${m.name}: ${m.reason ?? "query failed"}`;
    case "pass":
      return `${m.name} ${formatValue(m.value ?? 0)}`;
  }
}

/** The one-line headline used by the check-run title and the sticky comment. */
export function headline(record: RolloutRecord, outline: RolloutOutline): string {
  const weight = record.traffic.canaryWeight;
  const failed = `${String(record.failedChecks)} failed check${record.failedChecks === 1 ? "" : "s"}`;
  if (record.paused) return `Paused at ${String(weight)}% by @${record.paused.by}`;
  switch (record.phase) {
    case "Initializing":
      return "Waiting for the bootstrap PR to be merged";
    case "Initialized":
      return "Initialized · primary serves 100%";
    case "Waiting":
      return "Waiting for approval to start (confirm-rollout)";
    case "Progressing": {
      const step = currentStep(record, outline);
      if (outline.iterations > 0) {
        const mode = record.traffic.mirrored ? " · mirroring" : weight === 100 ? " · all traffic on canary" : "";
        return `iteration ${String(step)} of ${String(outline.totalSteps)}${mode} · ${failed}`;
      }
      return `${String(weight)}% canary · step ${String(step)} of ${String(outline.totalSteps)} · ${failed}`;
    }
    case "WaitingPromotion":
      return `Waiting for promotion approval · ${String(weight)}% canary · ${failed}`;
    case "Promoting":
      return weight > 0 ? `Promoting · ${String(weight)}% canary` : "Promoting · primary updating";
    case "Finalising":
      return "Finalising · scaling the canary down";
    case "Succeeded": {
      const took = record.finishedAt !== undefined && record.startedAt !== undefined ? record.finishedAt - record.startedAt : undefined;
      return took !== undefined ? `Promoted in ${formatTook(took)}` : "Promoted";
    }
    case "Failed": {
      const at = record.steps.reduce((max, s) => Math.max(max, s.traffic.canaryWeight), 0);
      const metric = lastFailingMetric(record);
      const why = metric && record.failedChecks > 0 ? describeMetricFailure(metric) : (record.failureReason ?? "rolled back");
      const checks = record.failedChecks > 0 ? ` (${String(record.failedChecks)} of ${String(outline.threshold)} checks failed)` : "";
      return `Rolled back at ${String(at)}% · ${why}${checks}`;
    }
    case "Terminating":
    case "Terminated":
      return "Canary deleted";
  }
}

function formatTook(ms: number): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  return m > 0 ? `${String(m)}m ${String(s % 60)}s` : `${String(s)}s`;
}
