/**
 * A whole round of analysis metrics — planning, credentials, queries, assessment — against a
 * real Prometheus holding backfilled history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusMetricsProvider } from "../../../src/adapters/prometheus/prometheus-metrics-provider.js";
import type { ResolvedCanary, ResolvedMetric, ResolvedMetricTemplate } from "../../../src/core/spec/model.js";
import { runMetrics, type CredentialsResolver } from "../../../src/engine/analysis/run-metrics.js";
import { secretCredentialsResolver } from "../../../src/engine/analysis/secret-credentials-resolver.js";
import type { MetricQuery, MetricsProvider } from "../../../src/ports/metrics-provider.js";
import { makeCanary } from "../../support/canary-builder.js";
import { prometheusUnavailable, startPrometheus, type RunningPrometheus } from "../../support/prometheus.js";
import { reply, startStubServer, vectorAnswer } from "../../support/prometheus-stub-server.js";
import { exampleTemplate, loadExampleTemplates } from "../../support/prometheus-templates.js";
import { canaryHistory, canaryTimeline, lastSample } from "../../fixtures/prometheus/canary-history.js";

const timeline = canaryTimeline(Date.now());
const NOW = lastSample(timeline) * 1000;

function metric(name: string, fields: Partial<ResolvedMetric> = {}): ResolvedMetric {
  return { name, interval: "1m", intervalSeconds: 60, templateVariables: {}, ...fields };
}

const ref = (name: string, namespace = "flagger-system") => ({ templateRef: { name, namespace } });

function templatesAt(address: string): ResolvedMetricTemplate[] {
  const seed = loadExampleTemplates("e2e-gatewayapi-metric-templates.yaml");
  const errorRate = seed.find((t) => t.name === "error-rate")!;
  return [
    ...seed,
    { ...errorRate, name: "error-rate-authenticated", provider: { ...errorRate.provider, secretRef: { name: "prom-auth" } } },
    { ...errorRate, name: "error-rate-broken-secret", provider: { ...errorRate.provider, secretRef: { name: "missing" } } },
    { ...exampleTemplate("metrics-02.yaml", "my-metric"), namespace: "flagger-system" },
  ].map((t) => ({ ...t, provider: { ...t.provider, address } }));
}

function canaryAt(address: string, metrics: ResolvedMetric[]): ResolvedCanary {
  return { ...makeCanary({ analysis: { metrics } }), metricsServer: address };
}

const idleErrorRate =
  '100 - sum(rate(istio_requests_total{reporter="source",destination_workload="idle",response_code!~"5.*"}[{{ interval }}])) / sum(rate(istio_requests_total{reporter="source",destination_workload="idle"}[{{ interval }}])) * 100';

describe.skipIf(prometheusUnavailable !== undefined)(
  `runMetrics on a real Prometheus${prometheusUnavailable ? ` (skipped: ${prometheusUnavailable})` : ""}`,
  () => {
    let prom: RunningPrometheus;
    beforeAll(async () => {
      prom = await startPrometheus({ openMetrics: canaryHistory(timeline) });
    });
    afterAll(async () => {
      await prom.stop();
    });

    it("evaluates every metric, in Flagger's order, with exact values", async () => {
      const secretReads: string[] = [];
      const resolveCredentials: CredentialsResolver = (namespace, name) => {
        secretReads.push(`${namespace}/${name}`);
        return Promise.resolve(name === "prom-auth" ? { kind: "bearer", token: "t0ken" } : { error: `Secret ${namespace}/${name} not found` });
      };
      const canary = canaryAt(prom.url, [
        metric("error-rate", { ...ref("error-rate"), thresholdRange: { max: 1 } }),
        metric("latency", { ...ref("latency"), thresholdRange: { max: 0.5 }, interval: "30s" }),
        metric("request-success-rate", { thresholdRange: { min: 99 } }),
        metric("request-duration", { thresholdRange: { max: 500 } }),
        // Flagger's e2e blue/green: a template in seconds against the deprecated `threshold: 500`.
        metric("custom-requst-duration", { ...ref("request-duration"), threshold: 500, interval: "30s" }),
        metric("canary-rps", {
          query: 'sum(rate(istio_requests_total{reporter="source",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}]))',
          thresholdRange: { min: 10 },
        }),
        metric("idle-error-rate", { query: idleErrorRate, thresholdRange: { max: 1 } }),
        metric("missing", { ...ref("does-not-exist"), thresholdRange: { max: 1 } }),
        metric("authenticated", { ...ref("error-rate-authenticated"), thresholdRange: { max: 20 } }),
        metric("authenticated-again", { ...ref("error-rate-authenticated"), thresholdRange: { max: 10 } }),
        metric("broken-secret", { ...ref("error-rate-broken-secret"), thresholdRange: { max: 1 } }),
        metric("linkerd-latency", { ...ref("my-metric"), thresholdRange: { max: 500 } }),
      ]);

      const outcomes = await runMetrics({
        canary,
        templates: templatesAt(prom.url),
        provider: new PrometheusMetricsProvider(),
        resolveCredentials,
        now: NOW,
      });

      const at = { evaluatedAt: NOW };
      expect(outcomes).toEqual([
        { name: "request-success-rate", status: "fail", value: 87.5, threshold: "min 99", window: "1m", ...at, reason: "87.5 < min 99" },
        { name: "request-duration", status: "fail", value: 750, threshold: "max 500 ms", window: "1m", ...at, reason: "750 ms > max 500 ms" },
        { name: "canary-rps", status: "pass", value: 16, threshold: "min 10", window: "1m", ...at },
        {
          name: "idle-error-rate",
          status: "no-data",
          threshold: "max 1",
          window: "1m",
          ...at,
          reason: "the query returned NaN; probably podinfo.test is not receiving traffic",
        },
        { name: "error-rate", status: "fail", value: 12.5, threshold: "max 1", window: "1m", ...at, reason: "12.5 > max 1" },
        { name: "latency", status: "pass", value: 0.375, threshold: "max 0.5", window: "30s", ...at },
        { name: "custom-requst-duration", status: "pass", value: 0.75, threshold: "max 500", window: "30s", ...at },
        {
          name: "missing",
          status: "error",
          threshold: "max 1",
          window: "1m",
          ...at,
          reason:
            "apps/podinfo/canary.yaml:1:1: spec.analysis.metrics[7].templateRef: MetricTemplate flagger-system/does-not-exist not found in the repository",
        },
        { name: "authenticated", status: "pass", value: 12.5, threshold: "max 20", window: "1m", ...at },
        { name: "authenticated-again", status: "fail", value: 12.5, threshold: "max 10", window: "1m", ...at, reason: "12.5 > max 10" },
        {
          name: "broken-secret",
          status: "error",
          threshold: "max 1",
          window: "1m",
          ...at,
          reason: "MetricTemplate flagger-system/error-rate-broken-secret: cannot use Secret flagger-system/missing: Secret flagger-system/missing not found",
        },
        {
          name: "linkerd-latency",
          status: "error",
          threshold: "max 500",
          window: "1m",
          ...at,
          reason: `metrics/metrics-02.yaml:2:1: spec.query: MetricTemplate flagger-system/my-metric: cannot render the query for metric "linkerd-latency" of Canary test/podinfo: line 8, column 23: {{ variables.direction }}: map has no entry for key "direction" (the metric's templateVariables defines: none)`,
        },
      ]);
      // One read per Secret per round.
      expect(secretReads.sort()).toEqual(["flagger-system/missing", "flagger-system/prom-auth"]);
    });

    it("reports no data for a canary without traffic, never 0", async () => {
      const canary = { ...canaryAt(prom.url, [metric("error-rate", { ...ref("error-rate"), thresholdRange: { max: 1 } })]) };
      const idle = { ...canary, name: "idle", targetRef: { ...canary.targetRef, name: "idle" } };
      const outcomes = await runMetrics({
        canary: idle,
        templates: templatesAt(prom.url),
        provider: new PrometheusMetricsProvider(),
        resolveCredentials: () => Promise.resolve({ error: "unused" }),
        now: NOW,
      });
      expect(outcomes).toEqual([
        {
          name: "error-rate",
          status: "no-data",
          threshold: "max 1",
          window: "1m",
          evaluatedAt: NOW,
          reason: "the query returned NaN; probably idle.test is not receiving traffic",
        },
      ]);
    });

    it("evaluates a builtin name that also has a templateRef both ways, as Flagger does", async () => {
      const canary = canaryAt(prom.url, [metric("request-duration", { ...ref("request-duration"), thresholdRange: { max: 500 } })]);
      const outcomes = await runMetrics({
        canary,
        templates: templatesAt(prom.url),
        provider: new PrometheusMetricsProvider(),
        resolveCredentials: () => Promise.resolve({ error: "unused" }),
        now: NOW,
      });
      expect(outcomes).toEqual([
        {
          name: "request-duration",
          status: "fail",
          value: 750,
          threshold: "max 500 ms",
          window: "1m",
          evaluatedAt: NOW,
          reason: "builtin request-duration: 750 ms > max 500 ms",
        },
      ]);
    });
  },
);

describe("runMetrics when its collaborators fail", () => {
  it("turns a throwing provider or resolver into error outcomes and still evaluates the rest", async () => {
    const seen: MetricQuery[] = [];
    const provider: MetricsProvider = {
      query: (q) => {
        seen.push(q);
        if (q.query.includes("boom")) return Promise.reject(new Error("socket exploded"));
        return Promise.resolve({ kind: "value", value: 0.5 });
      },
    };
    const templates: ResolvedMetricTemplate[] = templatesAt("http://prom.example:9090");
    const canary = canaryAt("http://prom.example:9090", [
      metric("boom", { query: "boom", thresholdRange: { max: 1 } }),
      metric("ok", { query: "vector(0.5)", thresholdRange: { max: 1 } }),
      metric("secret", { ...ref("error-rate-authenticated"), thresholdRange: { max: 1 } }),
    ]);
    const outcomes = await runMetrics({
      canary,
      templates,
      provider,
      resolveCredentials: () => Promise.reject(new Error("apiserver unavailable")),
      now: NOW,
      options: { timeoutMs: 1234 },
    });
    expect(outcomes.map((o) => [o.name, o.status, o.reason])).toEqual([
      ["boom", "error", "the metrics provider failed: socket exploded"],
      ["ok", "pass", undefined],
      ["secret", "error", "MetricTemplate flagger-system/error-rate-authenticated: cannot use Secret flagger-system/prom-auth: apiserver unavailable"],
    ]);
    expect(seen.map((q) => [q.query, q.time, q.timeoutMs, q.credentials.kind])).toEqual([
      ["boom", NOW, 1234, "none"],
      ["vector(0.5)", NOW, 1234, "none"],
    ]);
  });

  it("uses the default metrics server and 5 s timeout when the Canary sets none", async () => {
    const seen: MetricQuery[] = [];
    const provider: MetricsProvider = {
      query: (q) => {
        seen.push(q);
        return Promise.resolve({ kind: "value", value: 99.5 });
      },
    };
    const canary = makeCanary({ analysis: { metrics: [metric("request-success-rate", { thresholdRange: { min: 99 } })] } });
    const outcomes = await runMetrics({
      canary,
      templates: [],
      provider,
      resolveCredentials: () => Promise.resolve({ kind: "none" }),
      now: NOW,
      options: { defaultMetricsServer: "http://prometheus.monitoring:9090" },
    });
    expect(outcomes).toEqual([{ name: "request-success-rate", status: "pass", value: 99.5, threshold: "min 99", window: "1m", evaluatedAt: NOW }]);
    expect(seen.map((q) => [q.address, q.timeoutMs])).toEqual([["http://prometheus.monitoring:9090", 5000]]);
  });

  it("sends the credentials a Secret holds (token) to the template's Prometheus", async () => {
    const stub = await startStubServer(reply(200, vectorAnswer("0.25")));
    try {
      const resolveCredentials = secretCredentialsResolver((namespace, name) =>
        Promise.resolve(
          namespace === "flagger-system" && name === "prom-auth" ? { data: { token: "s3cr3t\n" } } : { error: "not found" },
        ),
      );
      const canary = canaryAt(stub.url, [metric("authenticated", { ...ref("error-rate-authenticated"), thresholdRange: { max: 1 } })]);
      const outcomes = await runMetrics({
        canary,
        templates: templatesAt(stub.url),
        provider: new PrometheusMetricsProvider(),
        resolveCredentials,
        now: NOW,
      });
      expect(outcomes.map((o) => [o.status, o.value])).toEqual([["pass", 0.25]]);
      expect(stub.requests.map((r) => r.headers.authorization)).toEqual(["Bearer s3cr3t"]);
    } finally {
      await stub.close();
    }
  });

  it("explains a Secret without usable keys", async () => {
    const resolveCredentials = secretCredentialsResolver(() => Promise.resolve({ data: { apikey: "x" } }));
    const canary = canaryAt("http://prom.example:9090", [metric("authenticated", { ...ref("error-rate-authenticated"), thresholdRange: { max: 1 } })]);
    const outcomes = await runMetrics({
      canary,
      templates: templatesAt("http://prom.example:9090"),
      provider: { query: () => Promise.reject(new Error("must not be called")) },
      resolveCredentials,
      now: NOW,
    });
    expect(outcomes.map((o) => [o.status, o.reason])).toEqual([
      [
        "error",
        'MetricTemplate flagger-system/error-rate-authenticated: cannot use Secret flagger-system/prom-auth: expected key "token", or keys "username" and "password"; found "apikey"',
      ],
    ]);
  });
});
