/**
 * PrometheusMetricsProvider against a real Prometheus holding backfilled history, and against
 * local HTTP servers for the failures a healthy Prometheus does not produce.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusMetricsProvider } from "../../../src/adapters/prometheus/prometheus-metrics-provider.js";
import { planMetricQueries } from "../../../src/core/analysis/plan-metric-queries.js";
import type { ResolvedMetric, ResolvedMetricTemplate } from "../../../src/core/spec/model.js";
import type { MetricQuery, MetricValue } from "../../../src/ports/metrics-provider.js";
import { makeCanary } from "../../support/canary-builder.js";
import { freePort, prometheusUnavailable, startPrometheus, type RunningPrometheus } from "../../support/prometheus.js";
import { reply, startStubServer, vectorAnswer, type StubServer } from "../../support/prometheus-stub-server.js";
import { loadExampleTemplates } from "../../support/prometheus-templates.js";
import { canaryHistory, canaryTimeline, lastSample } from "../../fixtures/prometheus/canary-history.js";

const timeline = canaryTimeline(Date.now());
/** Evaluation time: the last sample (Unix seconds). */
const T = lastSample(timeline);
const provider = new PrometheusMetricsProvider();

function instant(address: string, query: string, extra: Partial<MetricQuery> = {}): MetricQuery {
  return {
    providerType: "prometheus",
    address,
    query,
    time: T * 1000,
    timeoutMs: 5000,
    headers: {},
    credentials: { kind: "none" },
    insecureSkipVerify: false,
    ...extra,
  };
}

function metric(name: string, fields: Partial<ResolvedMetric> = {}): ResolvedMetric {
  return { name, interval: "1m", intervalSeconds: 60, templateVariables: {}, ...fields };
}

/** The queries canary-bot sends for the seed's templates and the builtins, for `target`. */
function plannedQueries(address: string, target = "podinfo"): Map<string, string> {
  const templates: ResolvedMetricTemplate[] = loadExampleTemplates("e2e-gatewayapi-metric-templates.yaml").map((t) => ({
    ...t,
    provider: { ...t.provider, address },
  }));
  const ref = (name: string) => ({ templateRef: { name, namespace: "flagger-system" } });
  const canary = {
    ...makeCanary({
      name: target,
      targetRef: { name: target },
      analysis: {
        metrics: [
          metric("request-success-rate"),
          metric("builtin-duration", { query: "unused" }),
          metric("request-duration"),
          metric("error-rate", ref("error-rate")),
          metric("latency", ref("latency")),
          metric("e2e-request-duration", ref("request-duration")),
        ],
      },
    }),
    metricsServer: address,
  };
  const queries = new Map<string, string>();
  for (const planned of planMetricQueries(canary, templates)) {
    if (planned.kind === "query") queries.set(planned.check.name, planned.query.query);
  }
  return queries;
}

describe.skipIf(prometheusUnavailable !== undefined)(
  `PrometheusMetricsProvider on a real Prometheus${prometheusUnavailable ? ` (skipped: ${prometheusUnavailable})` : ""}`,
  () => {
    let prom: RunningPrometheus;
    let queries: Map<string, string>;
    const run = (query: string, extra: Partial<MetricQuery> = {}) => provider.query(instant(prom.url, query, extra));

    beforeAll(async () => {
      prom = await startPrometheus({ openMetrics: canaryHistory(timeline) });
      queries = plannedQueries(prom.url);
    });
    afterAll(async () => {
      await prom.stop();
    });

    it("evaluates the seed's error-rate template: 100 − 14/16 × 100", async () => {
      expect(await run(queries.get("error-rate")!)).toEqual({ kind: "value", value: 12.5 });
    });

    it("evaluates the seed's latency template: P99 375 ms / 1000", async () => {
      expect(await run(queries.get("latency")!)).toEqual({ kind: "value", value: 0.375 });
    });

    it("evaluates a histogram_quantile latency in seconds (e2e request-duration template)", async () => {
      expect(await run(queries.get("e2e-request-duration")!)).toEqual({ kind: "value", value: 0.75 });
    });

    it("evaluates the builtin request-success-rate over canary pods only: 175/200 × 100", async () => {
      expect(await run(queries.get("request-success-rate")!)).toEqual({ kind: "value", value: 87.5 });
    });

    it("evaluates the builtin request-duration in seconds (assessed as 750 ms)", async () => {
      expect(await run(queries.get("request-duration")!)).toEqual({ kind: "value", value: 0.75 });
    });

    it("queries at the explicit evaluation time", async () => {
      expect(await run("time()")).toEqual({ kind: "value", value: T });
      expect(await run("time()", { time: (T - 3600) * 1000 + 250 })).toEqual({ kind: "value", value: T - 3600 + 0.25 });
    });

    it("reads a scalar result", async () => {
      expect(await run("scalar(vector(42))")).toEqual({ kind: "value", value: 42 });
    });

    it("takes the last series' value when the query returns several, as Flagger", async () => {
      const bySeries =
        'sort(sum by (response_code) (rate(istio_requests_total{reporter="source",destination_workload_namespace="test",destination_workload="podinfo"}[1m])))';
      expect(await run(bySeries)).toEqual({ kind: "value", value: 12 });
      expect(await run(bySeries.replace("sort(", "sort_desc("))).toEqual({ kind: "value", value: 1 });
    });

    it("reports an empty result as no data: a workload that does not exist", async () => {
      expect(await run(plannedQueries(prom.url, "missing").get("error-rate")!)).toEqual({
        kind: "no-data",
        reason: "the query returned no data",
      });
    });

    it("reports NaN as no data: a workload without traffic (0/0)", async () => {
      expect(await run(plannedQueries(prom.url, "idle").get("error-rate")!)).toEqual({ kind: "no-data", reason: "the query returned NaN" });
    });

    it("reads +Inf as a value", async () => {
      expect(await run("vector(1) / vector(0)")).toEqual({ kind: "value", value: Number.POSITIVE_INFINITY });
    });

    it("refuses a range vector: query returned multiple values", async () => {
      expect(await run("istio_requests_total[1m]")).toEqual({
        kind: "error",
        reason: `Prometheus ${prom.url}: query returned multiple values: the result is a range vector; aggregate it to one instant value (e.g. sum(rate(…[1m])))`,
      });
    });

    it("reports Prometheus' own message for an invalid query (HTTP 400)", async () => {
      const result = await run("sum(rate(istio_requests_total[1m])");
      expect(result.kind).toBe("error");
      expect(result.kind === "error" ? result.reason : "").toMatch(
        new RegExp(`^Prometheus ${prom.url.replace(/\./g, "\\.")} answered HTTP 400: bad_data: .*unclosed left parenthesis`),
      );
    });

    it("keeps a path prefix of the address, as Flagger's path.Join does", async () => {
      const stub = await startStubServer(reply(200, vectorAnswer("7")));
      try {
        expect(await provider.query(instant(`${stub.url}/prometheus/`, "up"))).toEqual({ kind: "value", value: 7 });
        expect(stub.requests[0]?.url).toBe(`/prometheus/api/v1/query?query=up&time=${String(T)}.000`);
      } finally {
        await stub.close();
      }
    });
  },
);

describe("PrometheusMetricsProvider against misbehaving servers", () => {
  let stub: StubServer | undefined;
  afterAll(async () => {
    await stub?.close();
  });
  const serve = async (handler: Parameters<typeof startStubServer>[0]) => {
    await stub?.close();
    stub = await startStubServer(handler);
    return stub;
  };

  it("sends the query, whitespace as given, and the time as Unix seconds with ms", async () => {
    const server = await serve(reply(200, vectorAnswer("1.5")));
    const result = await provider.query(instant(server.url, 'sum(rate(x{a="b c"}[1m])) / 2', { time: 1_700_000_000_123 }));
    expect(result).toEqual({ kind: "value", value: 1.5 });
    expect(server.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        url: "/api/v1/query?query=sum%28rate%28x%7Ba%3D%22b+c%22%7D%5B1m%5D%29%29+%2F+2&time=1700000000.123",
      }),
    ]);
    expect(server.requests[0]?.headers.accept).toBe("application/json");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("reports a 4xx with the server's message", async () => {
    const server = await serve(reply(403, "Forbidden: tenant not allowed\n", "text/plain"));
    expect(await provider.query(instant(server.url, "up"))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url} answered HTTP 403: Forbidden: tenant not allowed`,
    });
  });

  it("reports a 5xx with Prometheus' errorType and error", async () => {
    const server = await serve(
      reply(503, JSON.stringify({ status: "error", errorType: "unavailable", error: "too many concurrent queries" })),
    );
    expect(await provider.query(instant(server.url, "up"))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url} answered HTTP 503: unavailable: too many concurrent queries`,
    });
  });

  it("reports a body that is not JSON", async () => {
    const server = await serve(reply(200, "<html><body>Sign in</body></html>", "text/html"));
    expect(await provider.query(instant(server.url, "up"))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url}: the answer is not JSON (text/html): <html><body>Sign in</body></html>`,
    });
  });

  it("reports an unreachable address, naming it", async () => {
    const port = await freePort();
    expect(await provider.query(instant(`http://127.0.0.1:${String(port)}`, "up"))).toEqual({
      kind: "error",
      reason: `cannot reach Prometheus at http://127.0.0.1:${String(port)}: connect ECONNREFUSED 127.0.0.1:${String(port)}`,
    });
  });

  it("gives up on a slow server after the timeout", async () => {
    const server = await serve(() => {
      // Never answers.
    });
    expect(await provider.query(instant(server.url, "up", { timeoutMs: 150 }))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url} timed out after 150 ms`,
    });
  });

  it("gives up on a server that stalls in the middle of the body", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"status":"success",');
    });
    expect(await provider.query(instant(server.url, "up", { timeoutMs: 150 }))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url} timed out after 150 ms`,
    });
  });

  it("sends a bearer token and the template's headers", async () => {
    const server = await serve(reply(200, vectorAnswer("1")));
    await provider.query(
      instant(server.url, "up", {
        credentials: { kind: "bearer", token: "s3cr3t-t0ken" },
        headers: { "X-Scope-OrgID": ["tenant-a"], "X-Multi": ["a", "b"] },
      }),
    );
    const headers = server.requests[0]?.headers;
    expect(headers?.authorization).toBe("Bearer s3cr3t-t0ken");
    expect(headers?.["x-scope-orgid"]).toBe("tenant-a");
    expect(headers?.["x-multi"]).toBe("a, b");
  });

  it("sends basic credentials", async () => {
    const server = await serve(reply(200, vectorAnswer("1")));
    await provider.query(instant(server.url, "up", { credentials: { kind: "basic", username: "flagger", password: "p@ss:word" } }));
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("flagger:p@ss:word").toString("base64")}`);
  });

  it("uses user info in the address as basic auth and never shows it", async () => {
    const server = await serve(reply(401, "unauthorized"));
    const address = server.url.replace("http://", "http://admin:hunter2@");
    const result = await provider.query(instant(address, "up"));
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("admin:hunter2").toString("base64")}`);
    expect(result).toEqual({ kind: "error", reason: `Prometheus ${server.url} answered HTTP 401: unauthorized` });
  });

  it("never puts credentials in a reason, even when the server echoes them", async () => {
    const server = await serve((req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`bad auth: ${req.headers.authorization ?? ""}`);
    });
    const bearer = await provider.query(instant(server.url, "up", { credentials: { kind: "bearer", token: "s3cr3t-t0ken" } }));
    expect(bearer).toEqual({ kind: "error", reason: `Prometheus ${server.url} answered HTTP 500: bad auth: [redacted]` });
    const basic = await provider.query(instant(server.url, "up", { credentials: { kind: "basic", username: "u", password: "pw-123456" } }));
    expect(basic).toEqual({ kind: "error", reason: `Prometheus ${server.url} answered HTTP 500: bad auth: [redacted]` });
  });

  it("refuses an answer larger than the limit", async () => {
    const server = await serve(reply(200, JSON.stringify({ status: "success", data: { resultType: "vector", result: [], pad: "x".repeat(5000) } })));
    const small = new PrometheusMetricsProvider({ maxBodyBytes: 1024 });
    expect(await small.query(instant(server.url, "up"))).toEqual({
      kind: "error",
      reason: `Prometheus ${server.url}: the response is larger than 1024 bytes`,
    });
  });

  it("refuses an invalid address without throwing", async () => {
    expect(await provider.query(instant("not a url", "up"))).toEqual({ kind: "error", reason: '"not a url" is not a valid URL' });
  });

  it("refuses a token that cannot be sent as a header, without showing it", async () => {
    const server = await serve(reply(200, vectorAnswer("1")));
    const result = await provider.query(instant(server.url, "up", { credentials: { kind: "bearer", token: "abc\ndef-secret" } }));
    expect(result).toEqual({
      kind: "error",
      reason: `cannot send the query to Prometheus at ${server.url}: Invalid character in header content ["authorization"]`,
    });
    expect(server.requests).toEqual([]);
  });

  it("follows a redirect and drops the credentials when it leaves the origin", async () => {
    const target = await startStubServer(reply(200, vectorAnswer("3")));
    try {
      const server = await serve((req, res) => {
        res.writeHead(307, { location: `${target.url}${req.url ?? ""}` });
        res.end();
      });
      const result = await provider.query(instant(server.url, "up", { credentials: { kind: "bearer", token: "t0ken" } }));
      expect(result).toEqual({ kind: "value", value: 3 });
      expect(server.requests[0]?.headers.authorization).toBe("Bearer t0ken");
      expect(target.requests[0]?.headers.authorization).toBeUndefined();
      expect(target.requests[0]?.url).toBe(`/api/v1/query?query=up&time=${String(T)}.000`);
    } finally {
      await target.close();
    }
  });

  it.each<[string, unknown, MetricValue | ((url: string) => MetricValue)]>([
    ["a string result", { resultType: "string", result: [1, "x"] }, (url) => ({ kind: "error", reason: `Prometheus ${url}: the query returned a string, not a number` })],
    ["a scalar NaN", { resultType: "scalar", result: [1, "NaN"] }, { kind: "no-data", reason: "the query returned NaN" }],
    ["a negative infinity", { resultType: "vector", result: [{ metric: {}, value: [1, "-Inf"] }] }, { kind: "value", value: Number.NEGATIVE_INFINITY }],
    ["a last series with NaN", { resultType: "vector", result: [{ metric: {}, value: [1, "5"] }, { metric: {}, value: [1, "NaN"] }] }, { kind: "no-data", reason: "the query returned NaN" }],
    ["an unreadable sample", { resultType: "vector", result: [{ metric: {}, value: [1, "12abc"] }] }, (url) => ({ kind: "error", reason: `Prometheus ${url}: cannot read the sample value "12abc"` })],
  ])("reads %s", async (_label, data, expected) => {
    const server = await serve(reply(200, JSON.stringify({ status: "success", data })));
    const result = await provider.query(instant(server.url, "up"));
    expect(result).toEqual(typeof expected === "function" ? expected(server.url) : expected);
  });
});
