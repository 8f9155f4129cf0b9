/** Answers of a scenario, by round or call: the last listed answer repeats. */
import type { MetricReading } from "../analysis/metric-check.js";
import type { Scenario, ScenarioValue } from "./types.js";

function nth<T>(list: readonly T[] | undefined, n: number): T | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return list[Math.min(Math.max(0, Math.floor(n)), list.length - 1)];
}

/**
 * The answer of metric `name` in analysis round `round` (0 = the first analysis); undefined when
 * the scenario does not mention the metric, so the caller decides what an unlisted metric does.
 */
export function scenarioMetric(scenario: Scenario, name: string, round: number): ScenarioValue | undefined {
  return nth(scenario.metrics.get(name), round);
}

/** The answer as a metrics query's reading, ready for `assessMetric`. */
export function scenarioReading(value: ScenarioValue, file: string): MetricReading {
  switch (value.kind) {
    case "value":
      return value;
    case "no-data":
      return { kind: "no-data", reason: `no data (scenario ${file})` };
    case "error":
      return { kind: "error", reason: value.message };
  }
}

/** Default status of a webhook the scenario does not mention: it answers 200 OK. */
export const DEFAULT_WEBHOOK_STATUS = 200;

/** The HTTP status of the `call`-th call (0-based) to the webhook named `hookName`. */
export function scenarioWebhookStatus(scenario: Scenario, hookName: string, call: number): number {
  return nth(scenario.webhooks.get(hookName), call) ?? DEFAULT_WEBHOOK_STATUS;
}
