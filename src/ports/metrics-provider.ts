import type { SecretCredentials as ProviderCredentials } from "../core/analysis/credentials-from-secret.js";
import type { MetricReading as MetricValue } from "../core/analysis/metric-check.js";
import type { MetricProviderType } from "../core/spec/model.js";

/** Credentials resolved from a provider's `secretRef`; adapters never log them. */
export type { SecretCredentials as ProviderCredentials } from "../core/analysis/credentials-from-secret.js";

export interface MetricQuery {
  readonly providerType: MetricProviderType;
  readonly address: string;
  /** Already rendered (template variables substituted). */
  readonly query: string;
  /** Evaluation time, epoch ms: queries are instant queries at an explicit time. */
  readonly time: number;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly credentials: ProviderCredentials;
  readonly insecureSkipVerify: boolean;
}

/** A query's answer as a value, never thrown: a number, no data (empty or NaN, never 0), or an error. */
export type { MetricReading as MetricValue } from "../core/analysis/metric-check.js";

export interface MetricsProvider {
  query(q: MetricQuery): Promise<MetricValue>;
}
