import type { MetricProviderType, ResolvedMetric } from "../spec/model.js";

/**
 * How a metric is measured. Flagger evaluates a metric once per applicable way: a builtin name
 * (`request-success-rate`, `request-duration`), an inline `query`, and a `templateRef` — so
 * a metric can have several checks, and it passes only when all of them pass.
 */
export type MetricCheckSource = "builtin" | "query" | "template";

export interface MetricCheck {
  /** The metric's name; every check of a metric reports under it. */
  readonly name: string;
  readonly metric: ResolvedMetric;
  readonly source: MetricCheckSource;
  /** Which check this is, for messages: `builtin request-duration`, `MetricTemplate flagger-system/latency`. */
  readonly label: string;
}

/**
 * A query's answer. Same shape as the metrics port's `MetricValue`; declared here because the
 * core imports nothing outside the core.
 */
export type MetricReading =
  | { readonly kind: "value"; readonly value: number }
  /** Empty result or NaN: Flagger's "no values found", never 0. */
  | { readonly kind: "no-data"; readonly reason: string }
  | { readonly kind: "error"; readonly reason: string };

/** A query ready to send, except for the evaluation time, the timeout and the credentials. */
export interface PlannedQuery {
  readonly providerType: MetricProviderType;
  readonly address: string;
  /** Rendered, whitespace collapsed: exactly what is sent. */
  readonly query: string;
  /** The metric's query window (`1m`). */
  readonly window: string;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly insecureSkipVerify: boolean;
  /** Secret with the provider credentials; it lives in the MetricTemplate's namespace. */
  readonly secretRef?: { readonly namespace: string; readonly name: string };
}

export type PlannedMetricCheck =
  | { readonly kind: "query"; readonly check: MetricCheck; readonly query: PlannedQuery }
  /** Decided without a query: a template that cannot be found or rendered, a missing address… */
  | { readonly kind: "immediate"; readonly check: MetricCheck; readonly reading: MetricReading };
