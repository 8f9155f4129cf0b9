/**
 * A real Prometheus scrapes `/metrics` and answers the PromQL that docs/observability.md shows
 * and Flagger's Grafana dashboards use; promtool lints the exposition.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../../src/adapters/observability/create-metrics.js";
import type { RolloutRecord } from "../../../src/core/machine/types.js";
import { makeCanary } from "../../support/canary-builder.js";
import { freePort, prometheusUnavailable } from "../../support/prometheus.js";

const REPO = "acme/deploy";
const DOC = readFileSync(new URL("../../../docs/observability.md", import.meta.url), "utf8");

/** The fenced code blocks of docs/observability.md in one language. */
function blocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");
}

function feed(metrics: Metrics): void {
  const podinfo = makeCanary();
  const web = makeCanary({ name: "web", namespace: "shop", strategy: "blue-green", targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" } });
  const base: RolloutRecord = {
    canary: { namespace: "test", name: "podinfo" },
    phase: "Progressing",
    revision: "r2",
    primaryRevision: "r1",
    failedChecks: 1,
    iterations: 0,
    traffic: { primaryWeight: 70, canaryWeight: 30, mirrored: false },
    startedAt: 1_000,
    lastTransitionAt: 1_000,
    steps: [{ index: 0, at: 1_000, phase: "Progressing", traffic: { primaryWeight: 70, canaryWeight: 30, mirrored: false }, iteration: 0, metrics: [{ name: "error-rate", status: "fail", value: 1.8, window: "1m", evaluatedAt: 1_000 }], webhooks: [], note: "" }],
    preRolloutPassed: true,
    alertedWaits: [],
  };
  metrics.events.inventory({ repo: REPO, canaries: [{ namespace: "test", name: "podinfo" }, { namespace: "shop", name: "web" }] });
  metrics.events.rollout({ repo: REPO, canary: podinfo, record: base });
  metrics.events.tick({ repo: REPO, canary: "test/podinfo", code: "check-failed", phase: "Progressing", durationMs: 40 });
  metrics.events.rollout({ repo: REPO, canary: web, record: { ...base, canary: { namespace: "shop", name: "web" }, phase: "Succeeded", finishedAt: 9_000, traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false } } });
  metrics.events.tick({ repo: REPO, canary: "shop/web", code: "succeeded", phase: "Succeeded", durationMs: 300 });
  metrics.events.effect({ kind: "commit", outcome: "done" });
}

describe.skipIf(prometheusUnavailable !== undefined)("Prometheus scraping /metrics", () => {
  const dir = mkdtempSync(join(tmpdir(), "canary-bot-scrape-"));
  const metrics = createMetrics({ version: "0.1.0", queueDepth: () => Promise.resolve(2) });
  let server: Server | undefined;
  let prometheus: ChildProcess | undefined;
  let url = "";

  async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== "success") throw new Error(`${promql}: ${body.error ?? "failed"}`);
    return body.data?.result ?? [];
  }

  async function value(promql: string): Promise<number | undefined> {
    const [first] = await query(promql);
    return first === undefined ? undefined : Number(first.value[1]);
  }

  beforeAll(async () => {
    feed(metrics);
    server = createServer((req, res) => {
      if (!metrics.handler(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const target = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    const config = join(dir, "prometheus.yml");
    writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: canary-bot\n    static_configs:\n      - targets: ["${target}"]\n`);
    const port = await freePort();
    url = `http://127.0.0.1:${String(port)}`;
    prometheus = spawn("prometheus", [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${String(port)}`, "--log.level=warn"], { stdio: "ignore" });
    // Wait (bounded) for Prometheus to be up and to have scraped the bot once.
    for (let attempt = 0; attempt < 400; attempt++) {
      try {
        if ((await value('up{job="canary-bot"}')) === 1 && (await value("flagger_info")) === 1) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("Prometheus did not scrape the bot within 40 s");
  }, 60_000);

  afterAll(async () => {
    const running = prometheus?.exitCode === null && prometheus.signalCode === null;
    const exited = new Promise((resolve) => prometheus?.once("exit", resolve));
    prometheus?.kill("SIGTERM");
    if (running) await exited;
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the dashboards' queries for status, weight and duration", async () => {
    expect(await value('flagger_canary_status{name="podinfo",namespace="test"}')).toBe(0);
    expect(await value('flagger_canary_status{name="web",namespace="shop"}')).toBe(1);
    expect(await value('flagger_canary_weight{workload="podinfo",namespace="test"}')).toBe(30);
    expect(await value('flagger_canary_weight{workload="podinfo-primary",namespace="test"}')).toBe(70);
    expect(await value('flagger_canary_metric_analysis{name="podinfo",namespace="test",metric="error-rate"}')).toBe(1.8);
    expect(await value('sum(flagger_canary_duration_seconds_count{namespace="test"})')).toBe(1);
    expect(await value('histogram_quantile(0.5, sum by (le) (flagger_canary_duration_seconds_bucket{name="web"}))')).toBeCloseTo(0.375, 6);
    expect(await value("sum(flagger_canary_total)")).toBe(2);
    expect(await value('sum by (deployment_strategy) (flagger_canary_successes_total{deployment_strategy="blue-green"})')).toBe(1);
    expect(await value("count(flagger_canary_status == 2)")).toBeUndefined();
    expect(await value("min(canary_bot_queue_depth)")).toBe(2);
    expect(await value('canary_bot_effects_total{kind="commit",outcome="done"}')).toBe(1);
    expect(await value("canary_bot_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("passes promtool's lint but for names kept as Flagger and prom-client's Node.js metrics have them", async () => {
    const lint = spawnSync("promtool", ["check", "metrics"], { input: await metrics.text(), encoding: "utf8" });
    expect(`${lint.stdout}${lint.stderr}`.trim().split("\n")).toEqual(
      ["canary_bot_nodejs_active_handles_total", "canary_bot_nodejs_active_requests_total", "canary_bot_nodejs_active_resources_total", "flagger_canary_total"].map(
        (name) => `${name} non-counter metrics should not have "_total" suffix`,
      ),
    );
  });

  it("evaluates every PromQL example of docs/observability.md", async () => {
    const examples = blocks("promql").flatMap((b) => b.split("\n")).filter((l) => l.trim() !== "" && !l.startsWith("#"));
    expect(examples.length).toBeGreaterThan(8);
    for (const promql of examples) await expect(query(promql), promql).resolves.toBeInstanceOf(Array);
  });

  it("documents only series the bot exports, and every one of them", async () => {
    const exported = new Set((await metrics.text()).split("\n").filter((l) => l.startsWith("# TYPE ")).map((l) => l.split(" ")[2] ?? ""));
    const documented = new Set([...DOC.matchAll(/\b(?:flagger|canary_bot)_[a-z_]*[a-z]\b/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, "")));
    const own = [...exported].filter((n) => !/^canary_bot_(process|nodejs)_/.test(n));
    expect([...documented].filter((n) => !exported.has(n) && !["canary_bot_process", "canary_bot_nodejs"].includes(n))).toEqual([]);
    expect(own.filter((n) => !documented.has(n))).toEqual([]);
  });

  it("has alert rules in docs/observability.md that promtool accepts", () => {
    const [rules] = blocks("yaml").filter((b) => b.startsWith("groups:"));
    const file = join(dir, "rules.yml");
    writeFileSync(file, rules ?? "");
    const check = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    expect([check.status, check.stdout]).toEqual([0, expect.stringContaining("SUCCESS: 4 rules found")]);
  });
});
