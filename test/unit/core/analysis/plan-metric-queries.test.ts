import { describe, expect, it } from "vitest";
import type { PlannedMetricCheck } from "../../../../src/core/analysis/metric-check.js";
import { planMetricQueries } from "../../../../src/core/analysis/plan-metric-queries.js";
import type { ResolvedCanary, ResolvedMetric, ResolvedMetricTemplate } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { exampleTemplate, loadExampleTemplates } from "../../../support/prometheus-templates.js";

function metric(name: string, fields: Partial<ResolvedMetric> = {}): ResolvedMetric {
  return { name, interval: "1m", intervalSeconds: 60, templateVariables: {}, ...fields };
}

function canaryWith(metrics: ResolvedMetric[], metricsServer?: string): ResolvedCanary {
  const canary = makeCanary({ analysis: { metrics } });
  return metricsServer === undefined ? canary : { ...canary, metricsServer };
}

const seedTemplates: ResolvedMetricTemplate[] = loadExampleTemplates("e2e-gatewayapi-metric-templates.yaml");
const ref = (name: string) => ({ templateRef: { name, namespace: "flagger-system" } });

function summary(plan: readonly PlannedMetricCheck[]) {
  return plan.map((p) =>
    p.kind === "query"
      ? { name: p.check.name, source: p.check.source, address: p.query.address, query: p.query.query }
      : { name: p.check.name, source: p.check.source, reading: p.reading },
  );
}

const SUCCESS_RATE =
  'sum( rate( http_request_duration_seconds_count{ kubernetes_namespace="test", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)", status!~"5.*" }[1m] ) ) / sum( rate( http_request_duration_seconds_count{ kubernetes_namespace="test", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) * 100';
const DURATION =
  'histogram_quantile( 0.99, sum( rate( http_request_duration_seconds_bucket{ kubernetes_namespace="test", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) by (le) )';

describe("planMetricQueries", () => {
  it("renders the builtin metrics for the gatewayapi provider on the Canary's metricsServer", () => {
    const canary = canaryWith([metric("request-success-rate"), metric("request-duration", { interval: "30s" })], "http://prometheus.istio-system:9090");
    expect(planMetricQueries(canary, [], { defaultMetricsServer: "http://default:9090" })).toEqual([
      {
        kind: "query",
        check: { name: "request-success-rate", metric: canary.analysis.metrics[0], source: "builtin", label: "builtin request-success-rate" },
        query: { providerType: "prometheus", address: "http://prometheus.istio-system:9090", query: SUCCESS_RATE, window: "1m", headers: {}, insecureSkipVerify: false },
      },
      {
        kind: "query",
        check: { name: "request-duration", metric: canary.analysis.metrics[1], source: "builtin", label: "builtin request-duration" },
        query: {
          providerType: "prometheus",
          address: "http://prometheus.istio-system:9090",
          query: DURATION.replace("[1m]", "[30s]"),
          window: "30s",
          headers: {},
          insecureSkipVerify: false,
        },
      },
    ]);
  });

  it("uses the configured default metrics server when the Canary has none", () => {
    const plan = planMetricQueries(canaryWith([metric("request-success-rate")]), [], { defaultMetricsServer: "http://default:9090" });
    expect(summary(plan)).toEqual([{ name: "request-success-rate", source: "builtin", address: "http://default:9090", query: SUCCESS_RATE }]);
  });

  it("says where to configure a metrics server when there is none", () => {
    expect(summary(planMetricQueries(canaryWith([metric("request-duration")]), []))).toEqual([
      {
        name: "request-duration",
        source: "builtin",
        reading: {
          kind: "error",
          reason:
            "apps/podinfo/canary.yaml:1:1: spec.metricsServer: builtin request-duration needs a Prometheus: set spec.metricsServer in the Canary or a default metrics server in canary-bot's configuration",
        },
      },
    ]);
  });

  it("rejects a metrics server that is not an http(s) URL", () => {
    expect(summary(planMetricQueries(canaryWith([metric("request-duration")], "prometheus:9090"), []))).toEqual([
      {
        name: "request-duration",
        source: "builtin",
        reading: { kind: "error", reason: 'apps/podinfo/canary.yaml:1:1: spec.metricsServer: "prometheus:9090" is not an http(s) URL' },
      },
    ]);
  });

  it("orders builtins and inline queries first, then templateRef metrics (Flagger's order)", () => {
    const canary = canaryWith(
      [
        metric("error-rate", ref("error-rate")),
        metric("request-success-rate"),
        metric("custom", { query: 'sum(up{namespace="{{ namespace }}"})' }),
        metric("latency", ref("latency")),
        metric("request-duration"),
      ],
      "http://prom:9090",
    );
    expect(summary(planMetricQueries(canary, seedTemplates))).toEqual([
      { name: "request-success-rate", source: "builtin", address: "http://prom:9090", query: SUCCESS_RATE },
      { name: "custom", source: "query", address: "http://prom:9090", query: 'sum(up{namespace="test"})' },
      { name: "request-duration", source: "builtin", address: "http://prom:9090", query: DURATION },
      {
        name: "error-rate",
        source: "template",
        address: "http://prometheus.istio-system:9090",
        query:
          '100 - sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", response_code!~"5.*" }[1m] ) ) / sum( rate( istio_requests_total{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) * 100',
      },
      {
        name: "latency",
        source: "template",
        address: "http://prometheus.istio-system:9090",
        query:
          'histogram_quantile(0.99, sum( rate( istio_request_duration_milliseconds_bucket{ reporter="source", destination_workload_namespace=~"test", destination_workload=~"podinfo", }[1m] ) ) by (le) )/1000',
      },
    ]);
  });

  it("passes the template's headers, TLS setting and Secret (in the template's namespace) along", () => {
    const template: ResolvedMetricTemplate = {
      ...exampleTemplate("metrics-05.yaml", "my-metric"),
      query: "vector(1)",
      provider: {
        type: "prometheus",
        address: "https://prometheus.monitoring:9090/prom",
        headers: { "X-Scope-OrgID": ["tenant-a"] },
        secretRef: { name: "prom-auth" },
        insecureSkipVerify: true,
      },
    };
    const canary = canaryWith([metric("m", { templateRef: { name: "my-metric", namespace: "flagger" } })]);
    expect(planMetricQueries(canary, [template])).toEqual([
      {
        kind: "query",
        check: { name: "m", metric: canary.analysis.metrics[0], source: "template", label: "MetricTemplate flagger/my-metric" },
        query: {
          providerType: "prometheus",
          address: "https://prometheus.monitoring:9090/prom",
          query: "vector(1)",
          window: "1m",
          headers: { "X-Scope-OrgID": ["tenant-a"] },
          insecureSkipVerify: true,
          secretRef: { namespace: "flagger", name: "prom-auth" },
        },
      },
    ]);
  });

  it.each([
    [
      "a template that does not exist",
      metric("error-rate", ref("errors")),
      seedTemplates,
      "apps/podinfo/canary.yaml:1:1: spec.analysis.metrics[0].templateRef: MetricTemplate flagger-system/errors not found in the repository",
    ],
    [
      "a template variable the metric does not define (names template, file and key)",
      metric("latency", { templateRef: { name: "my-metric", namespace: "default" } }),
      loadExampleTemplates("metrics-02.yaml"),
      `metrics/metrics-02.yaml:2:1: spec.query: MetricTemplate default/my-metric: cannot render the query for metric "latency" of Canary test/podinfo: line 8, column 23: {{ variables.direction }}: map has no entry for key "direction" (the metric's templateVariables defines: none)`,
    ],
    [
      "a provider other than Prometheus",
      metric("nf", { templateRef: { name: "not-found-percentage", namespace: "istio-system" } }),
      loadExampleTemplates("metrics-06.yaml"),
      'metrics/metrics-06.yaml:2:1: spec.provider.type: MetricTemplate istio-system/not-found-percentage: provider "datadog" is not supported yet; canary-bot queries Prometheus only',
    ],
    [
      "a template without a query",
      metric("m", { templateRef: { name: "my-metric", namespace: "flagger" } }),
      loadExampleTemplates("metrics-05.yaml"),
      "metrics/metrics-05.yaml:2:1: spec.query: MetricTemplate flagger/my-metric: the query is empty",
    ],
    [
      "a template without an address",
      metric("m", { templateRef: { name: "my-metric", namespace: "default" } }),
      loadExampleTemplates("metrics-01.yaml"),
      "metrics/metrics-01.yaml:2:1: spec.provider.address: MetricTemplate default/my-metric: a prometheus provider needs an address",
    ],
    [
      "a metric with neither builtin name, query nor templateRef",
      metric("mystery"),
      [],
      'apps/podinfo/canary.yaml:1:1: spec.analysis.metrics[0]: metric "mystery": no usable metrics template and query were configured (set templateRef or query, or use request-success-rate / request-duration)',
    ],
  ])("%s is an immediate error", (_label, m, templates, reason) => {
    const plan = planMetricQueries(canaryWith([m], "http://prom:9090"), templates);
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ kind: "immediate", check: { name: m.name }, reading: { kind: "error", reason } });
  });

  it("renders a template with the metric's variables", () => {
    const m = metric("latency", { templateRef: { name: "my-metric", namespace: "default" }, templateVariables: { direction: "inbound" } });
    const [planned] = planMetricQueries(canaryWith([m]), loadExampleTemplates("metrics-02.yaml"));
    expect(planned?.kind === "query" ? planned.query.query : planned).toBe(
      'histogram_quantile( 0.99, sum( rate( response_latency_ms_bucket{ namespace="test", deployment=~"podinfo", direction="inbound" }[1m] ) ) by (le) )',
    );
  });

  it("evaluates a builtin name with a templateRef both ways, as Flagger does", () => {
    const m = metric("request-duration", ref("request-duration"));
    const plan = planMetricQueries(canaryWith([m], "http://prom:9090"), seedTemplates);
    expect(plan.map((p) => [p.kind, p.check.source, p.check.label])).toEqual([
      ["query", "builtin", "builtin request-duration"],
      ["query", "template", "MetricTemplate flagger-system/request-duration"],
    ]);
  });
});
