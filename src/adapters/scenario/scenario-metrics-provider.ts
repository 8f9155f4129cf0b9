import { planMetricQueries } from "../../core/analysis/plan-metric-queries.js";
import { scenarioMetric, scenarioReading } from "../../core/scenario/lookup.js";
import type { Scenario } from "../../core/scenario/types.js";
import type { ResolvedCanary, ResolvedMetricTemplate } from "../../core/spec/model.js";
import type { MetricQuery, MetricValue, MetricsProvider } from "../../ports/metrics-provider.js";

/**
 * Metric answers from a scenario file instead of Prometheus: each query is recognised by the
 * text canary-bot renders for it, and answers with the scenario's value for that metric and
 * analysis round. A metric the scenario does not list has no data, as an idle Prometheus would.
 */
export class ScenarioMetricsProvider implements MetricsProvider {
  readonly #scenario: Scenario;
  readonly #names = new Map<string, string>();
  readonly #rounds = new Map<string, number>();

  constructor(scenario: Scenario, canary: ResolvedCanary, templates: readonly ResolvedMetricTemplate[], defaultMetricsServer?: string) {
    this.#scenario = scenario;
    const planned = planMetricQueries(canary, templates, defaultMetricsServer !== undefined ? { defaultMetricsServer } : {});
    for (const check of planned) {
      if (check.kind === "query") this.#names.set(check.query.query, check.check.name);
    }
  }

  query(q: MetricQuery): Promise<MetricValue> {
    const name = this.#names.get(q.query);
    if (name === undefined) return Promise.resolve({ kind: "error", reason: "the scenario has no metric for this query" });
    const round = this.#rounds.get(name) ?? 0;
    this.#rounds.set(name, round + 1);
    const value = scenarioMetric(this.#scenario, name, round);
    if (value === undefined) return Promise.resolve({ kind: "no-data", reason: `metric ${name} is not in scenario ${this.#scenario.file}` });
    return Promise.resolve(scenarioReading(value, this.#scenario.file));
  }
}
