/**
 * Flagger's series, with its names, help texts, label names and buckets (`pkg/metrics/recorder.go`,
 * subsystem `flagger`), so Flagger's Grafana dashboards and alerts keep working unchanged.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Flagger reports the Gateway API provider this way (`provider: gatewayapi:v1`). */
export const MESH_PROVIDER = "gatewayapi:v1";

/** Prometheus' default buckets (`prometheus.DefBuckets`), as Flagger uses them. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface FlaggerSeries {
  readonly info: Gauge<"version" | "mesh_provider">;
  readonly duration: Histogram<"name" | "namespace">;
  readonly total: Gauge<"namespace">;
  readonly status: Gauge<"name" | "namespace">;
  readonly weight: Gauge<"workload" | "namespace">;
  readonly analysis: Gauge<"name" | "namespace" | "metric">;
  readonly successes: Counter<"name" | "namespace" | "deployment_strategy" | "analysis_status">;
  readonly failures: Counter<"name" | "namespace" | "deployment_strategy" | "analysis_status">;
}

export function createFlaggerSeries(registry: Registry): FlaggerSeries {
  const registers = [registry];
  return {
    info: new Gauge({ name: "flagger_info", help: "Flagger version and mesh provider information", labelNames: ["version", "mesh_provider"], registers }),
    duration: new Histogram({
      name: "flagger_canary_duration_seconds",
      help: "Seconds spent performing canary analysis.",
      labelNames: ["name", "namespace"],
      buckets: [...DEFAULT_BUCKETS],
      registers,
    }),
    total: new Gauge({ name: "flagger_canary_total", help: "Total number of canary object", labelNames: ["namespace"], registers }),
    status: new Gauge({ name: "flagger_canary_status", help: "Last canary analysis result", labelNames: ["name", "namespace"], registers }),
    weight: new Gauge({ name: "flagger_canary_weight", help: "The virtual service destination weight current value", labelNames: ["workload", "namespace"], registers }),
    analysis: new Gauge({ name: "flagger_canary_metric_analysis", help: "Last canary analysis result per metric", labelNames: ["name", "namespace", "metric"], registers }),
    successes: new Counter({
      name: "flagger_canary_successes_total",
      help: "Total number of canary successes",
      labelNames: ["name", "namespace", "deployment_strategy", "analysis_status"],
      registers,
    }),
    failures: new Counter({
      name: "flagger_canary_failures_total",
      help: "Total number of canary failures",
      labelNames: ["name", "namespace", "deployment_strategy", "analysis_status"],
      registers,
    }),
  };
}
