import type { MetricProviderType } from "../core/spec/model.js";

/** Credentials resolved from a provider's `secretRef`; adapters never log them. */
export type ProviderCredentials =
  | { readonly kind: "none" }
  | { readonly kind: "bearer"; readonly token: string }
  | { readonly kind: "basic"; readonly username: string; readonly password: string };

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

/** A query's answer as a value, never thrown. */
export type MetricValue =
  | { readonly kind: "value"; readonly value: number }
  /** Empty result or NaN: Flagger's "no values found", never 0. */
  | { readonly kind: "no-data"; readonly reason: string }
  | { readonly kind: "error"; readonly reason: string };

export interface MetricsProvider {
  query(q: MetricQuery): Promise<MetricValue>;
}
