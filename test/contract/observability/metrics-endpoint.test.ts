import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Gauge } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createRequestHandler } from "../../../src/adapters/http/request-handler.js";
import { createMetrics, type Metrics } from "../../../src/adapters/observability/create-metrics.js";
import { Exposition } from "./exposition.js";

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

function send(port: number, method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("GET /metrics", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** A server that tries `handle` first and answers 404 "next handler" otherwise, as a handler chain does. */
  async function serve(handle: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>): Promise<number> {
    const server = createServer((req, res) => {
      void Promise.resolve(handle(req, res)).then((handled) => {
        if (!handled) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("next handler");
        }
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  function metricsWithATick(): Metrics {
    const metrics = createMetrics({ version: "0.1.0", processMetrics: false });
    metrics.events.effect({ kind: "commit", outcome: "done" });
    return metrics;
  }

  it("serves the registry in Prometheus' text format", async () => {
    const metrics = metricsWithATick();
    const port = await serve(metrics.handler);
    const answer = await send(port, "GET", "/metrics");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.body).toBe(await metrics.text());
    const exposition = new Exposition(answer.body);
    expect(exposition.value("flagger_info", { version: "0.1.0", mesh_provider: "gatewayapi:v1" })).toBe(1);
    expect(exposition.value("canary_bot_effects_total", { kind: "commit", outcome: "done" })).toBe(1);
    expect((await send(port, "GET", "/metrics?format=text")).status).toBe(200);
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const port = await serve(metricsWithATick().handler);
    const head = await send(port, "HEAD", "/metrics");
    expect([head.status, head.body, Number(head.headers["content-length"]) > 0]).toEqual([200, "", true]);
    const post = await send(port, "POST", "/metrics");
    expect([post.status, post.headers.allow, post.body]).toEqual([405, "GET, HEAD", "POST is not allowed on /metrics\n"]);
  });

  it("leaves every other path to the next handler", async () => {
    const port = await serve(metricsWithATick().handler);
    for (const path of ["/", "/healthz", "/metrics/", "/metricsx", "/api/metrics"]) {
      expect([path, (await send(port, "GET", path)).body]).toEqual([path, "next handler"]);
    }
  });

  it("answers 500 with the reason when a collector fails", async () => {
    const metrics = metricsWithATick();
    new Gauge({
      name: "broken",
      help: "a collector that throws",
      registers: [metrics.registry],
      collect() {
        throw new Error("collector exploded");
      },
    });
    const answer = await send(await serve(metrics.handler), "GET", "/metrics");
    expect([answer.status, answer.body]).toEqual([500, "collecting metrics failed: collector exploded\n"]);
  });

  it("is also a route for the status endpoints' request handler", async () => {
    const metrics = metricsWithATick();
    const port = await serve(createRequestHandler([metrics.route]));
    const answer = await send(port, "GET", "/metrics");
    expect([answer.status, answer.headers["content-type"]]).toEqual([200, "text/plain; version=0.0.4; charset=utf-8"]);
    expect(answer.body).toBe(await metrics.text());
    expect((await send(port, "GET", "/readyz")).body).toBe("next handler");
  });
});
