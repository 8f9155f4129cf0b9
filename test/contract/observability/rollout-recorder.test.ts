import { describe, expect, it } from "vitest";
import { createMetrics, type Metrics } from "../../../src/adapters/observability/create-metrics.js";
import type { MetricOutcome, Phase, RolloutRecord, StepRecord } from "../../../src/core/machine/types.js";
import type { ResolvedCanary, Strategy } from "../../../src/core/spec/model.js";
import { makeCanary } from "../../support/canary-builder.js";
import { Exposition } from "./exposition.js";

const REPO = "acme/deploy";

function metric(name: string, value: number | undefined): MetricOutcome {
  return { name, status: value === undefined ? "no-data" : "pass", ...(value === undefined ? {} : { value }), window: "1m", evaluatedAt: 0 };
}

function step(index: number, metrics: readonly MetricOutcome[] = []): StepRecord {
  return { index, at: index * 60_000, phase: "Progressing", traffic: { primaryWeight: 90, canaryWeight: 10, mirrored: false }, iteration: 0, metrics, webhooks: [], note: `step ${String(index)}` };
}

function record(overrides: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    canary: { namespace: "test", name: "podinfo" },
    phase: "Progressing",
    revision: "r2",
    primaryRevision: "r1",
    failedChecks: 0,
    iterations: 0,
    traffic: { primaryWeight: 90, canaryWeight: 10, mirrored: false },
    startedAt: 1_000,
    lastTransitionAt: 1_000,
    steps: [],
    preRolloutPassed: true,
    alertedWaits: [],
    ...overrides,
  };
}

function finished(phase: "Succeeded" | "Failed", startedAt = 1_000): RolloutRecord {
  return record({ phase, startedAt, finishedAt: startedAt + 600_000, traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false } });
}

/** One tick as the engine reports it: the saved record, then the decision. */
function tick(metrics: Metrics, canary: ResolvedCanary, r: RolloutRecord, code: string, repo = REPO): void {
  metrics.events.rollout({ repo, canary, record: r });
  metrics.events.tick({ repo, canary: `${canary.namespace}/${canary.name}`, code, phase: r.phase, durationMs: 120 });
}

async function exposition(metrics: Metrics): Promise<Exposition> {
  return new Exposition(await metrics.text());
}

function fresh(): Metrics {
  return createMetrics({ version: "0.1.0", processMetrics: false });
}

describe("Flagger's run counters", () => {
  const canary = makeCanary();
  const labels = { name: "podinfo", namespace: "test", deployment_strategy: "canary", analysis_status: "completed" };

  it("count a run once, in the tick that ends it, however often the finished record is reported", async () => {
    const metrics = fresh();
    tick(metrics, canary, record(), "weight-increased");
    tick(metrics, canary, finished("Succeeded"), "succeeded");
    for (let i = 0; i < 3; i++) tick(metrics, canary, finished("Succeeded"), "up-to-date");
    // The same deciding tick replayed (a retried delivery) does not count the run again.
    tick(metrics, canary, finished("Succeeded"), "succeeded");
    expect((await exposition(metrics)).samples("flagger_canary_successes_total")).toEqual([{ labels, value: 1 }]);

    tick(metrics, canary, record({ startedAt: 9_000 }), "rollout-started");
    tick(metrics, canary, finished("Succeeded", 9_000), "succeeded");
    tick(metrics, canary, finished("Failed", 20_000), "rolled-back");
    const e = await exposition(metrics);
    expect(e.samples("flagger_canary_successes_total")).toEqual([{ labels, value: 2 }]);
    expect(e.samples("flagger_canary_failures_total")).toEqual([{ labels, value: 1 }]);
  });

  it("do not count a run that ended before the process started (a restart re-reports it)", async () => {
    const metrics = fresh();
    tick(metrics, canary, finished("Succeeded"), "up-to-date");
    tick(metrics, canary, finished("Succeeded"), "waiting-applied");
    const e = await exposition(metrics);
    expect(e.samples("flagger_canary_successes_total")).toEqual([]);
    expect(e.value("flagger_canary_status", { name: "podinfo", namespace: "test" })).toBe(1);
  });

  it("need the finished record from the same tick: a blocked finishing decision saves the old record", async () => {
    const metrics = fresh();
    tick(metrics, canary, record({ phase: "Finalising" }), "succeeded");
    expect((await exposition(metrics)).samples("flagger_canary_successes_total")).toEqual([]);
    // A tick that saved nothing reports no record; the previous one is not reused.
    metrics.events.tick({ repo: REPO, canary: "test/podinfo", code: "succeeded", phase: "Succeeded", durationMs: 1 });
    expect((await exposition(metrics)).samples("flagger_canary_successes_total")).toEqual([]);
  });

  it.each<[Strategy, boolean, string, string]>([
    ["canary", false, "canary", "completed"],
    ["canary-session-affinity", false, "canary", "completed"],
    ["blue-green", false, "blue-green", "completed"],
    ["blue-green-mirroring", false, "blue-green", "completed"],
    ["ab-testing", false, "ab-testing", "completed"],
    ["canary", true, "canary", "skipped"],
  ])("label a %s run (skipAnalysis %s) deployment_strategy=%s analysis_status=%s", async (strategy, skipAnalysis, label, status) => {
    const metrics = fresh();
    tick(metrics, makeCanary({ strategy, skipAnalysis }), finished("Failed"), "promotion-failed");
    expect((await exposition(metrics)).samples("flagger_canary_failures_total")).toEqual([
      { labels: { name: "podinfo", namespace: "test", deployment_strategy: label, analysis_status: status }, value: 1 },
    ]);
  });
});

describe("Flagger's gauges", () => {
  it.each<[Phase, number]>([
    ["Initializing", 1],
    ["Initialized", 1],
    ["Waiting", 1],
    ["Progressing", 0],
    ["WaitingPromotion", 1],
    ["Promoting", 1],
    ["Finalising", 1],
    ["Succeeded", 1],
    ["Failed", 2],
    ["Terminating", 1],
    ["Terminated", 1],
  ])("flagger_canary_status is %s → %d", async (phase, value) => {
    const metrics = fresh();
    tick(metrics, makeCanary(), record({ phase }), "waiting-interval");
    expect((await exposition(metrics)).samples("flagger_canary_status")).toEqual([{ labels: { name: "podinfo", namespace: "test" }, value }]);
  });

  it("label per-canary series with the target's name, as Flagger does", async () => {
    const metrics = fresh();
    const canary = makeCanary({ name: "web-canary", namespace: "shop", targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" } });
    tick(metrics, canary, record({ canary: { namespace: "shop", name: "web-canary" }, traffic: { primaryWeight: 60, canaryWeight: 40, mirrored: false }, steps: [step(0, [metric("error-rate", 0.5)])] }), "weight-increased");
    const e = await exposition(metrics);
    expect(e.samples("flagger_canary_status")).toEqual([{ labels: { name: "web", namespace: "shop" }, value: 0 }]);
    expect(e.samples("flagger_canary_weight")).toEqual([
      { labels: { workload: "web", namespace: "shop" }, value: 40 },
      { labels: { workload: "web-primary", namespace: "shop" }, value: 60 },
    ]);
    expect(e.samples("flagger_canary_metric_analysis")).toEqual([{ labels: { name: "web", namespace: "shop", metric: "error-rate" }, value: 0.5 }]);
    expect(e.line("flagger_canary_duration_seconds_count", 'name="web",namespace="shop"')).toBe(1);
    expect(e.line("flagger_canary_duration_seconds_sum", 'name="web",namespace="shop"')).toBe(0.12);
  });

  it("keep each metric's most recent value; a step without data keeps the earlier value", async () => {
    const metrics = fresh();
    const steps = [step(0, [metric("error-rate", 0.2), metric("latency", 0.3)]), step(1, [metric("error-rate", 0.4), metric("latency", undefined)]), step(2)];
    tick(metrics, makeCanary(), record({ steps }), "weight-increased");
    expect((await exposition(metrics)).samples("flagger_canary_metric_analysis")).toEqual([
      { labels: { name: "podinfo", namespace: "test", metric: "error-rate" }, value: 0.4 },
      { labels: { name: "podinfo", namespace: "test", metric: "latency" }, value: 0.3 },
    ]);
  });
});

describe("inventory", () => {
  const inventory = (metrics: Metrics, repo: string, canaries: string[]) => {
    metrics.events.inventory({ repo, canaries: canaries.map((c) => ({ namespace: c.split("/")[0] ?? "", name: c.split("/")[1] ?? "" })) });
  };

  it("flagger_canary_total counts Canaries per namespace across repositories", async () => {
    const metrics = fresh();
    inventory(metrics, "acme/a", ["test/one", "test/two", "other/three"]);
    inventory(metrics, "acme/b", ["test/four"]);
    inventory(metrics, "acme/b", ["test/four"]);
    expect((await exposition(metrics)).samples("flagger_canary_total")).toEqual([
      { labels: { namespace: "other" }, value: 1 },
      { labels: { namespace: "test" }, value: 3 },
    ]);
    inventory(metrics, "acme/a", ["test/one"]);
    expect((await exposition(metrics)).samples("flagger_canary_total")).toEqual([{ labels: { namespace: "test" }, value: 2 }]);
  });

  it("a Canary removed from its repository loses its gauges, keeps its counters", async () => {
    const metrics = fresh();
    const gone = makeCanary({ name: "gone", targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gone" } });
    const kept = makeCanary({ name: "kept", targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "kept" } });
    tick(metrics, gone, record({ canary: { namespace: "test", name: "gone" }, steps: [step(0, [metric("error-rate", 1)])] }), "weight-increased");
    tick(metrics, gone, { ...finished("Succeeded"), canary: { namespace: "test", name: "gone" } }, "succeeded");
    tick(metrics, kept, record({ canary: { namespace: "test", name: "kept" } }), "weight-increased");
    inventory(metrics, REPO, ["test/kept"]);
    const e = await exposition(metrics);
    expect(e.samples("flagger_canary_status")).toEqual([{ labels: { name: "kept", namespace: "test" }, value: 0 }]);
    expect(e.samples("flagger_canary_weight").map((s) => s.labels.workload)).toEqual(["kept", "kept-primary"]);
    expect(e.samples("flagger_canary_metric_analysis")).toEqual([]);
    expect(e.samples("flagger_canary_successes_total")).toEqual([{ labels: { name: "gone", namespace: "test", deployment_strategy: "canary", analysis_status: "completed" }, value: 1 }]);
  });
});

describe("the bot's own series", () => {
  it("count step rows once: rows from before the process watched are not counted, a new run counts all of its rows", async () => {
    const metrics = fresh();
    const canary = makeCanary();
    tick(metrics, canary, record({ steps: [step(0), step(1), step(2)] }), "weight-increased");
    tick(metrics, canary, record({ steps: [step(0), step(1), step(2)] }), "waiting-applied");
    tick(metrics, canary, record({ steps: [step(0), step(1), step(2), step(3), step(4)] }), "weight-increased");
    expect((await exposition(metrics)).value("canary_bot_rollout_steps_total", { repo: REPO, canary: "test/podinfo" })).toBe(2);
    tick(metrics, canary, record({ startedAt: 50_000, steps: [step(0)] }), "rollout-started");
    expect((await exposition(metrics)).value("canary_bot_rollout_steps_total", { repo: REPO, canary: "test/podinfo" })).toBe(3);
  });

  it("count effects and ticks by their labels", async () => {
    const metrics = fresh();
    metrics.events.effect({ kind: "commit", outcome: "done" });
    metrics.events.effect({ kind: "commit", outcome: "done" });
    metrics.events.effect({ kind: "notify", outcome: "failed" });
    metrics.events.tick({ repo: REPO, canary: "test/podinfo", code: "waiting-applied", phase: "Progressing", durationMs: 2_500 });
    const e = await exposition(metrics);
    expect(e.samples("canary_bot_effects_total")).toEqual([
      { labels: { kind: "commit", outcome: "done" }, value: 2 },
      { labels: { kind: "notify", outcome: "failed" }, value: 1 },
    ]);
    expect(e.samples("canary_bot_ticks_total")).toEqual([{ labels: { code: "waiting-applied" }, value: 1 }]);
    expect(e.family("canary_bot_tick_duration_seconds").metrics[0]).toEqual({
      buckets: { "0.005": "0", "0.01": "0", "0.025": "0", "0.05": "0", "0.1": "0", "0.25": "0", "0.5": "0", "1": "0", "2.5": "1", "5": "1", "10": "1", "+Inf": "1" },
      count: "1",
      sum: "2.5",
    });
    // An unknown canary is labelled with its Canary name.
    expect(e.line("flagger_canary_duration_seconds_count", 'name="podinfo",namespace="test"')).toBe(1);
  });

  it("ask the queue for its depth on every scrape; a failing count is NaN, not zero, and the scrape still works", async () => {
    let depth: number | Error = 7;
    const metrics = createMetrics({ version: "0.1.0", processMetrics: false, queueDepth: () => (depth instanceof Error ? Promise.reject(depth) : Promise.resolve(depth)) });
    expect((await exposition(metrics)).value("canary_bot_queue_depth")).toBe(7);
    depth = 12;
    expect((await exposition(metrics)).value("canary_bot_queue_depth")).toBe(12);
    depth = new Error("redis is down");
    expect((await exposition(metrics)).value("canary_bot_queue_depth")).toBeNaN();
    await expect(fresh().text()).resolves.not.toContain("canary_bot_queue_depth");
  });

  it("export Node.js process metrics with the bot's prefix, in registries that do not clash", async () => {
    const one = createMetrics({ version: "0.1.0" });
    const two = createMetrics({ version: "0.2.0" });
    const e = await exposition(two);
    expect(e.family("canary_bot_process_cpu_user_seconds_total").type).toBe("COUNTER");
    expect(e.family("canary_bot_nodejs_heap_size_used_bytes").type).toBe("GAUGE");
    expect(e.samples("flagger_info")).toEqual([{ labels: { version: "0.2.0", mesh_provider: "gatewayapi:v1" }, value: 1 }]);
    expect((await exposition(one)).samples("flagger_info")).toEqual([{ labels: { version: "0.1.0", mesh_provider: "gatewayapi:v1" }, value: 1 }]);
  });

  it("never let a failure while recording reach the engine", async () => {
    const warnings: object[] = [];
    const metrics = createMetrics({ version: "0.1.0", processMetrics: false, log: { warn: (meta) => warnings.push(meta) } });
    const broken = { ...record(), steps: null } as unknown as RolloutRecord;
    expect(() => {
      metrics.events.rollout({ repo: REPO, canary: makeCanary(), record: broken });
    }).not.toThrow();
    expect(warnings).toEqual([{ event: "rollout", error: expect.stringMatching(/null/) }]);
    expect((await exposition(metrics)).samples("canary_bot_ticks_total")).toEqual([]);
  });
});
