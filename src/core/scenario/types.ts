/**
 * A metric scenario for `canary-bot simulate`: what every metric query returns and what every
 * webhook answers, round by round, so a rollout can be played without Prometheus or a load tester.
 */
import type { SourceLocation } from "../spec/model.js";

/** One answer of a metric query: a value, no data (a failed check, as in Flagger), or a query error. */
export type ScenarioValue =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "no-data" }
  | { readonly kind: "error"; readonly message: string };

export interface Scenario {
  readonly file: string;
  readonly description?: string;
  /** Per metric name, one answer per analysis round; the last one repeats. Never empty. */
  readonly metrics: ReadonlyMap<string, readonly ScenarioValue[]>;
  /** Per webhook name, the HTTP status of each call; the last one repeats. Never empty. */
  readonly webhooks: ReadonlyMap<string, readonly number[]>;
  /** Where each name is written, so issues about a name can point at it. */
  readonly locations: {
    readonly metrics: ReadonlyMap<string, SourceLocation>;
    readonly webhooks: ReadonlyMap<string, SourceLocation>;
  };
}
