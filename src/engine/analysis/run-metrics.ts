/**
 * One round of analysis metrics: plan the checks (core), resolve MetricTemplate credentials,
 * send every query at the same evaluation time, and assess the answers. Every metric is
 * evaluated — Flagger stops at the first failure, but the check run shows every value; the
 * state machine still counts one failed check when any metric did not pass.
 *
 * Never throws: a failing resolver or provider becomes that metric's `error` outcome.
 */
import { assessMetric } from "../../core/analysis/assess-metric.js";
import { combineCheckOutcomes, type CheckOutcome } from "../../core/analysis/combine-checks.js";
import type { PlannedMetricCheck, PlannedQuery } from "../../core/analysis/metric-check.js";
import { planMetricQueries } from "../../core/analysis/plan-metric-queries.js";
import type { MetricOutcome } from "../../core/machine/types.js";
import type { ResolvedCanary, ResolvedMetricTemplate } from "../../core/spec/model.js";
import type { MetricValue, MetricsProvider, ProviderCredentials } from "../../ports/metrics-provider.js";

/** Reads the provider Secret `secretName` in `namespace`; an `{ error }` says why it cannot. */
export type CredentialsResolver = (
  namespace: string,
  secretName: string,
) => Promise<ProviderCredentials | { readonly error: string }>;

export interface RunMetricsOptions {
  /** Prometheus for builtin metrics and inline queries when the Canary has no `metricsServer`. */
  readonly defaultMetricsServer?: string;
  /** Per query; Flagger's Prometheus client uses 5 s. */
  readonly timeoutMs?: number;
}

export interface RunMetricsInput {
  readonly canary: ResolvedCanary;
  readonly templates: readonly ResolvedMetricTemplate[];
  readonly provider: MetricsProvider;
  readonly resolveCredentials: CredentialsResolver;
  /** Evaluation time of every query, epoch ms. */
  readonly now: number;
  readonly options?: RunMetricsOptions;
}

export const DEFAULT_METRIC_TIMEOUT_MS = 5000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runMetrics(input: RunMetricsInput): Promise<MetricOutcome[]> {
  const { canary, templates, provider, resolveCredentials, now, options = {} } = input;
  const timeoutMs = options.timeoutMs ?? DEFAULT_METRIC_TIMEOUT_MS;
  const plan = planMetricQueries(
    canary,
    templates,
    options.defaultMetricsServer !== undefined ? { defaultMetricsServer: options.defaultMetricsServer } : {},
  );

  // One read per Secret per round, however many metrics use it.
  const secrets = new Map<string, Promise<ProviderCredentials | { readonly error: string }>>();
  const credentialsFor = (query: PlannedQuery): Promise<ProviderCredentials | { readonly error: string }> => {
    const ref = query.secretRef;
    if (!ref) return Promise.resolve({ kind: "none" });
    const key = `${ref.namespace}/${ref.name}`;
    let pending = secrets.get(key);
    if (!pending) {
      pending = resolveCredentials(ref.namespace, ref.name).catch((error: unknown) => ({ error: message(error) }));
      secrets.set(key, pending);
    }
    return pending;
  };

  const measure = async (planned: PlannedMetricCheck): Promise<MetricValue> => {
    if (planned.kind === "immediate") return planned.reading;
    const { query } = planned;
    const credentials = await credentialsFor(query);
    if ("error" in credentials) {
      const ref = query.secretRef;
      const secret = ref ? `Secret ${ref.namespace}/${ref.name}` : "the provider Secret";
      return { kind: "error", reason: `${planned.check.label}: cannot use ${secret}: ${credentials.error}` };
    }
    try {
      return await provider.query({
        providerType: query.providerType,
        address: query.address,
        query: query.query,
        time: now,
        timeoutMs,
        headers: query.headers,
        credentials,
        insecureSkipVerify: query.insecureSkipVerify,
      });
    } catch (error: unknown) {
      return { kind: "error", reason: `the metrics provider failed: ${message(error)}` };
    }
  };

  // Flagger's hint for "no values found": usually the canary gets no traffic (no load tester).
  const hint = `probably ${canary.targetRef.name}.${canary.namespace} is not receiving traffic`;
  const results = await Promise.all(
    plan.map(async (planned): Promise<CheckOutcome> => {
      const measured = await measure(planned);
      const reading: MetricValue = measured.kind === "no-data" ? { ...measured, reason: `${measured.reason}; ${hint}` } : measured;
      return { check: planned.check, outcome: assessMetric(planned.check, reading, now) };
    }),
  );
  return combineCheckOutcomes(results);
}
