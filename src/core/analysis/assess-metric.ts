/**
 * Flagger's verdict on one metric value (`scheduler_metrics.go`):
 * - `thresholdRange`: fails when `value < min` or `value > max`; both bounds inclusive, either
 *   optional.
 * - deprecated `threshold` (also used when neither is set, as 0): the builtin
 *   `request-success-rate` fails when `value < threshold`, every other check when
 *   `value > threshold` — so a template metric with no threshold at all fails on any value
 *   above 0, and the threshold shown says so (`max 0`).
 * - the builtin `request-duration` is compared in milliseconds, truncated to a whole
 *   millisecond as Flagger's `time.Duration` conversion does.
 * - no data (empty result or NaN) is its own status, never 0; errors are errors.
 *
 * Infinite values (PromQL division by zero, e.g. a ratio whose denominator has no traffic yet)
 * are compared as infinities: +Inf fails any `max`. Flagger converts +Inf to an undefined
 * duration for `request-duration`, which can pass. The outcome then carries no `value` (it would
 * not survive JSON) and its reason says `+Inf`.
 */
import type { MetricOutcome } from "../machine/types.js";
import type { ResolvedMetric } from "../spec/model.js";
import { isBuiltinMetricName } from "./builtin-queries.js";
import type { MetricCheck, MetricReading } from "./metric-check.js";

function toCheck(metric: ResolvedMetric | MetricCheck): MetricCheck {
  if ("source" in metric) return metric;
  const source = isBuiltinMetricName(metric.name) ? "builtin" : metric.query !== undefined ? "query" : "template";
  return { name: metric.name, metric, source, label: `${source} ${metric.name}` };
}

function isDurationBuiltin(check: MetricCheck): boolean {
  return check.source === "builtin" && check.name === "request-duration";
}

/** A number as people read it in reasons: at most 6 significant digits, `+Inf` for infinity. */
export function formatMetricNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(Number(value.toPrecision(6)));
}

interface Bound {
  readonly side: "min" | "max";
  readonly limit: number;
}

function boundsOf(check: MetricCheck): readonly Bound[] {
  const { thresholdRange, threshold } = check.metric;
  if (thresholdRange) {
    const bounds: Bound[] = [];
    if (thresholdRange.min !== undefined) bounds.push({ side: "min", limit: thresholdRange.min });
    if (thresholdRange.max !== undefined) bounds.push({ side: "max", limit: thresholdRange.max });
    return bounds;
  }
  const side = check.source === "builtin" && check.name === "request-success-rate" ? "min" : "max";
  return [{ side, limit: threshold ?? 0 }];
}

/** The threshold as people read it: `max 1`, `min 99 · max 100`, `max 500 ms`. */
export function describeThreshold(metric: ResolvedMetric | MetricCheck): string | undefined {
  const check = toCheck(metric);
  const unit = isDurationBuiltin(check) ? " ms" : "";
  const bounds = boundsOf(check);
  if (bounds.length === 0) return undefined;
  return bounds.map((b) => `${b.side} ${formatMetricNumber(b.limit)}${unit}`).join(" · ");
}

/** The outcome of one check at `evaluatedAt` (epoch ms). */
export function assessMetric(
  metric: ResolvedMetric | MetricCheck,
  reading: MetricReading,
  evaluatedAt: number,
): MetricOutcome {
  const check = toCheck(metric);
  const threshold = describeThreshold(check);
  const base = {
    name: check.name,
    window: check.metric.interval,
    evaluatedAt,
    ...(threshold !== undefined ? { threshold } : {}),
  };
  switch (reading.kind) {
    case "no-data":
      return { ...base, status: "no-data", reason: reading.reason };
    case "error":
      return { ...base, status: "error", reason: reading.reason };
    case "value":
      break;
  }
  if (Number.isNaN(reading.value)) return { ...base, status: "no-data", reason: "the query returned NaN" };
  const durationBuiltin = isDurationBuiltin(check);
  const value = durationBuiltin ? Math.trunc(reading.value * 1000) : reading.value;
  const unit = durationBuiltin ? " ms" : "";
  const finite = Number.isFinite(value);
  const shown = { ...base, ...(finite ? { value } : {}) };
  for (const bound of boundsOf(check)) {
    const outside = bound.side === "min" ? value < bound.limit : value > bound.limit;
    if (outside) {
      const op = bound.side === "min" ? "<" : ">";
      return {
        ...shown,
        status: "fail",
        reason: `${formatMetricNumber(value)}${unit} ${op} ${bound.side} ${formatMetricNumber(bound.limit)}${unit}`,
      };
    }
  }
  return finite ? { ...shown, status: "pass" } : { ...shown, status: "pass", reason: `value is ${formatMetricNumber(value)}` };
}
