/** `GET /metrics`: the registry in Prometheus' text format. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}

export function isMetricsRequest(request: IncomingMessage): boolean {
  return pathOf(request) === METRICS_PATH;
}

/** Answers a request for `/metrics`; never rejects (a failing collector becomes a 500). */
export async function serveMetrics(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    response.end(`${method} is not allowed on ${METRICS_PATH}\n`);
    return;
  }
  let text: string;
  try {
    text = await registry.metrics();
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
    response.end(`collecting metrics failed: ${message}\n`);
    return;
  }
  response.writeHead(200, {
    "content-type": registry.contentType,
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
  });
  response.end(method === "HEAD" ? undefined : text);
}
