import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { createMetrics, type Metrics } from "../../../src/adapters/observability/create-metrics.js";
import type { RolloutEvents } from "../../../src/adapters/observability/rollout-events.js";
import { runSimulation } from "../../../src/cli/simulate/run-simulation.js";
import { parseScenario } from "../../../src/core/scenario/parse-scenario.js";
import type { Scenario } from "../../../src/core/scenario/types.js";
import type { EngineEvents } from "../../../src/engine/engine-deps.js";
import { exampleRepo } from "../../support/demo-repo.js";
import type { TestGitRepo } from "../../support/git-repo.js";
import { Exposition } from "./exposition.js";

function scenario(name: string): Scenario {
  const file = new URL(`../../../examples/scenarios/${name}.yaml`, import.meta.url);
  const parsed = parseScenario(`examples/scenarios/${name}.yaml`, readFileSync(file, "utf8"));
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

/** The value each metric of a scenario ends on (the last one repeats for every later round). */
function lastValues(s: Scenario): Record<string, number> {
  const last: Record<string, number> = {};
  for (const [name, values] of s.metrics) {
    const value = values.at(-1);
    if (value?.kind === "value") last[name] = value.value;
  }
  return last;
}

const CANARY = { name: "podinfo", namespace: "test" };
const STRATEGY = { ...CANARY, deployment_strategy: "canary", analysis_status: "completed" };
const EXAMPLE_NAMESPACES = ["ab-test", "bg-test", "mirror-test", "sa-test", "test"];

describe("metrics of a simulated rollout", () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  it("the metrics' events are the engine's events", () => {
    expectTypeOf<RolloutEvents>().toExtend<EngineEvents>();
    expectTypeOf<Required<EngineEvents>>().toExtend<RolloutEvents>();
  });

  async function simulate(name: string, atWeight30?: (text: Promise<string>) => void) {
    const { repo, before } = exampleRepo();
    cleanup.push(() => {
      repo.remove();
    });
    const out = mkdtempSync(join(tmpdir(), "canary-bot-out-"));
    cleanup.push(() => {
      rmSync(out, { recursive: true, force: true });
    });
    const metrics = createMetrics({ version: "1.2.3", processMetrics: false });
    let captured = false;
    const result = await runSimulation({
      repoDir: repo.dir,
      canary: "test/podinfo",
      from: before,
      scenario: scenario(name),
      speed: Number.POSITIVE_INFINITY,
      outDir: out,
      applyDelayMs: 30_000,
      promotionGate: "webhooks",
      maxSimulatedMs: 24 * 3_600_000,
      start: Date.UTC(2026, 10, 22, 14, 0, 0),
      events: metrics.events,
      onRecord: (record) => {
        if (!captured && record.phase === "Progressing" && record.traffic.canaryWeight === 30) {
          captured = true;
          // Gauges are read synchronously when the collection starts, so this is the state now.
          atWeight30?.(metrics.text());
        }
      },
      onNote: () => undefined,
    });
    return { result, repo, metrics, exposition: new Exposition(await metrics.text()) };
  }

  function botCommits(repo: TestGitRepo, from: string, to: string): number {
    return repo
      .git("log", "--format=%s", `${from}..${to}`)
      .split("\n")
      .filter((s) => s.startsWith("canary: test/podinfo") && !s.endsWith(" bootstrap")).length;
  }

  function expectTickHistograms(exposition: Exposition, metrics: Metrics): void {
    const ticks = exposition.samples("canary_bot_ticks_total").reduce((sum, s) => sum + s.value, 0);
    expect(ticks).toBeGreaterThan(10);
    expect(exposition.line("flagger_canary_duration_seconds_count", 'name="podinfo",namespace="test"')).toBe(ticks);
    expect(exposition.line("flagger_canary_duration_seconds_bucket", 'le="+Inf",name="podinfo",namespace="test"')).toBe(ticks);
    expect(exposition.line("canary_bot_tick_duration_seconds_count")).toBe(ticks);
    expect(exposition.family("flagger_canary_duration_seconds").type).toBe("HISTOGRAM");
    expect(Object.keys(exposition.family("canary_bot_tick_duration_seconds").metrics[0]?.buckets ?? {})).toEqual(
      expect.arrayContaining(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]),
    );
    expect(metrics.registry.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  }

  it("a healthy rollout: Flagger's series end promoted, the success is counted once", async () => {
    let during: Promise<string> | undefined;
    const { result, repo, metrics, exposition } = await simulate("healthy", (text) => {
      during = text;
    });
    expect(result.record?.phase).toBe("Succeeded");

    // While the canary had 30 % of the traffic.
    expect(during).toBeDefined();
    const progressing = new Exposition(await (during ?? Promise.resolve("")));
    expect(progressing.value("flagger_canary_status", CANARY)).toBe(0);
    expect(progressing.samples("flagger_canary_weight")).toEqual([
      { labels: { workload: "podinfo", namespace: "test" }, value: 30 },
      { labels: { workload: "podinfo-primary", namespace: "test" }, value: 70 },
    ]);
    expect(progressing.samples("flagger_canary_successes_total")).toEqual([]);

    // At the end.
    expect(exposition.samples("flagger_info")).toEqual([{ labels: { version: "1.2.3", mesh_provider: "gatewayapi:v1" }, value: 1 }]);
    expect(exposition.samples("flagger_canary_total")).toEqual(EXAMPLE_NAMESPACES.map((namespace) => ({ labels: { namespace }, value: 1 })));
    expect(exposition.samples("flagger_canary_status")).toEqual([{ labels: CANARY, value: 1 }]);
    expect(exposition.samples("flagger_canary_weight")).toEqual([
      { labels: { workload: "podinfo", namespace: "test" }, value: 0 },
      { labels: { workload: "podinfo-primary", namespace: "test" }, value: 100 },
    ]);
    const expected = lastValues(scenario("healthy"));
    expect(exposition.samples("flagger_canary_metric_analysis")).toEqual(
      Object.keys(expected).sort().map((metric) => ({ labels: { ...CANARY, metric }, value: expected[metric] })),
    );
    expect(exposition.samples("flagger_canary_successes_total")).toEqual([{ labels: STRATEGY, value: 1 }]);
    expect(exposition.samples("flagger_canary_failures_total")).toEqual([]);

    expect(exposition.value("canary_bot_effects_total", { kind: "commit", outcome: "done" })).toBe(botCommits(repo, result.startHead, result.endHead));
    expect(exposition.value("canary_bot_effects_total", { kind: "report", outcome: "done" })).toBeGreaterThan(0);
    expect(exposition.samples("canary_bot_effects_total").filter((s) => s.labels.outcome === "failed")).toEqual([]);
    expect(exposition.value("canary_bot_ticks_total", { code: "succeeded" })).toBe(1);
    expect(exposition.value("canary_bot_ticks_total", { code: "weight-increased" })).toBe(5);
    expect(exposition.value("canary_bot_rollout_steps_total", { repo: `local/${basename(repo.dir)}`, canary: "test/podinfo" })).toBe(result.record?.steps.length);
    expectTickHistograms(exposition, metrics);
  });

  it("a failing rollout: status Failed, primary back to 100 %, the failure is counted once", async () => {
    let during: Promise<string> | undefined;
    const { result, repo, metrics, exposition } = await simulate("failing", (text) => {
      during = text;
    });
    expect(result.record?.phase).toBe("Failed");

    const progressing = new Exposition(await (during ?? Promise.resolve("")));
    expect(progressing.value("flagger_canary_status", CANARY)).toBe(0);
    expect(progressing.value("flagger_canary_weight", { workload: "podinfo", namespace: "test" })).toBe(30);

    expect(exposition.samples("flagger_canary_status")).toEqual([{ labels: CANARY, value: 2 }]);
    expect(exposition.samples("flagger_canary_weight")).toEqual([
      { labels: { workload: "podinfo", namespace: "test" }, value: 0 },
      { labels: { workload: "podinfo-primary", namespace: "test" }, value: 100 },
    ]);
    const expected = lastValues(scenario("failing"));
    expect(exposition.samples("flagger_canary_metric_analysis")).toEqual(
      Object.keys(expected).sort().map((metric) => ({ labels: { ...CANARY, metric }, value: expected[metric] })),
    );
    expect(exposition.samples("flagger_canary_failures_total")).toEqual([{ labels: STRATEGY, value: 1 }]);
    expect(exposition.samples("flagger_canary_successes_total")).toEqual([]);

    expect(exposition.value("canary_bot_effects_total", { kind: "commit", outcome: "done" })).toBe(botCommits(repo, result.startHead, result.endHead));
    expect(exposition.value("canary_bot_effects_total", { kind: "report", outcome: "done" })).toBeGreaterThan(0);
    expect(exposition.value("canary_bot_effects_total", { kind: "open-revert", outcome: "done" })).toBe(1);
    expect(exposition.value("canary_bot_ticks_total", { code: "rolled-back" })).toBe(1);
    expect(exposition.value("canary_bot_ticks_total", { code: "check-failed" })).toBe(4);
    expectTickHistograms(exposition, metrics);
  });
});
