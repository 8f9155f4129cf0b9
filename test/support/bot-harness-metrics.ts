/**
 * Prometheus for the example Canary's two MetricTemplates (error-rate and latency, Istio
 * queries): a local HTTP server answering `/api/v1/query` with the values the test sets, so
 * a test decides whether the analysis passes or fails.
 */
import { startStubServer, vectorAnswer, type StubServer } from "./prometheus-stub-server.js";

export interface MetricValues {
  /** error-rate (threshold max 1): percent of 5xx answers. */
  readonly errorRate: number;
  /** latency (threshold max 0.5): p99 in seconds. */
  readonly latency: number;
}

export const HEALTHY: MetricValues = { errorRate: 0.2, latency: 0.12 };
export const FAILING: MetricValues = { errorRate: 9.5, latency: 0.12 };

export interface MetricsStub {
  readonly url: string;
  readonly server: StubServer;
  set(values: MetricValues): void;
  /** How many instant queries were answered. */
  queries(): number;
  close(): Promise<void>;
}

export async function startMetricsStub(initial: MetricValues = HEALTHY): Promise<MetricsStub> {
  let values = initial;
  const server = await startStubServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://prometheus");
    if (url.pathname !== "/api/v1/query") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "error", errorType: "not_found", error: `no ${url.pathname}` }));
      return;
    }
    const query = url.searchParams.get("query") ?? "";
    const value = query.includes("istio_request_duration") ? values.latency : values.errorRate;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(vectorAnswer(String(value)));
  });
  return {
    url: server.url,
    server,
    set(next) {
      values = next;
    },
    queries: () => server.requests.filter((r) => r.url.startsWith("/api/v1/query")).length,
    close: () => server.close(),
  };
}
