/**
 * The scenarios in examples/scenarios do what their descriptions say, for every example Canary:
 * played through the real state machine, with each metric value judged by the real threshold
 * assessment and each webhook answer by Flagger's "≤ 202 is success" rule.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assessMetric } from "../../../../src/core/analysis/assess-metric.js";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import type { WebhookOutcome } from "../../../../src/core/machine/types.js";
import { scenarioMetric, scenarioReading, scenarioWebhookStatus } from "../../../../src/core/scenario/lookup.js";
import { parseScenario } from "../../../../src/core/scenario/parse-scenario.js";
import { unknownScenarioNames } from "../../../../src/core/scenario/scenario-names.js";
import type { Scenario } from "../../../../src/core/scenario/types.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";
import type { ResolvedCanary, WebhookType } from "../../../../src/core/spec/model.js";
import type { PlayResult } from "../machine/harness.js";
import { play } from "../machine/harness.js";

const EXAMPLES = join(import.meta.dirname, "../../../../examples");

function readTree(root: string, dir = ""): RepositoryFile[] {
  return readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = dir === "" ? name : `${dir}/${name}`;
      return statSync(join(root, path)).isDirectory() ? readTree(root, path) : [{ path, content: readFileSync(join(root, path), "utf8") }];
    });
}

function scenario(name: string): Scenario {
  const file = `scenarios/${name}.yaml`;
  const result = parseScenario(file, readFileSync(join(EXAMPLES, file), "utf8"));
  if ("issues" in result) throw new Error(result.issues.map(formatSpecIssue).join("\n"));
  return result.scenario;
}

const HOOK_TYPES: readonly WebhookType[] = ["confirm-rollout", "pre-rollout", "rollout", "confirm-traffic-increase", "confirm-promotion", "rollback"];

function playScenario(canary: ResolvedCanary, s: Scenario): PlayResult {
  const hookAnswer = (type: WebhookType) => (call: number): WebhookOutcome[] =>
    canary.analysis.webhooks
      .filter((hook) => hook.type === type)
      .map((hook) => {
        const status = scenarioWebhookStatus(s, hook.name, call);
        return { name: hook.name, type, ok: status <= 202, status, durationMs: 10 };
      });
  return play(canary, {
    hooks: Object.fromEntries(HOOK_TYPES.map((type) => [type, hookAnswer(type)])),
    metrics: (round, ctx) =>
      canary.analysis.metrics.map((metric) => {
        const value = scenarioMetric(s, metric.name, round);
        if (value === undefined) throw new Error(`${s.file} has no values for ${metric.name}`);
        return assessMetric(metric, scenarioReading(value, s.file), ctx.now);
      }),
  });
}

/** Highest canary weight the rollout reached before it ended. */
function peakWeight(result: PlayResult): number {
  return Math.max(...result.trail.filter((t) => t.phase === "Progressing").map((t) => t.canaryWeight));
}

describe("example scenarios", () => {
  const index = loadRepository(readTree(join(EXAMPLES, "gitops")));
  const canaries = [...index.canaries].sort((a, b) => a.namespace.localeCompare(b.namespace));

  it("are written for the example Canaries' metrics and webhooks", () => {
    expect(canaries).toHaveLength(5);
    for (const name of ["healthy", "failing", "flapping", "no-traffic"]) {
      const s = scenario(name);
      expect(s.description?.length).toBeGreaterThan(10);
      for (const canary of canaries) {
        // Webhooks a Canary does not have (smoke-test on the A/B one) are simply never called.
        const metricIssues = unknownScenarioNames(s, canary).filter((i) => i.field.startsWith("metrics"));
        expect(metricIssues.map(formatSpecIssue)).toEqual([]);
      }
    }
  });

  it.each(["test", "ab-test", "bg-test", "mirror-test", "sa-test"])("healthy: %s is promoted with no failed check", (namespace) => {
    const result = playScenario(canaries.find((c) => c.namespace === namespace)!, scenario("healthy"));
    expect(result.record).toMatchObject({ phase: "Succeeded", failedChecks: 0 });
  });

  it("failing: the weighted canary is rolled back at 30 % after five failed checks", () => {
    const result = playScenario(canaries.find((c) => c.namespace === "test")!, scenario("failing"));
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 5 });
    expect(peakWeight(result)).toBe(30);
    // Four failed checks hold the weight at 30 %; the fifth rolls back in the same step.
    expect(result.record!.steps.filter((s) => s.metrics.some((m) => m.status === "fail")).map((s) => s.traffic.canaryWeight)).toEqual([30, 30, 30, 30, 0]);
    expect(result.world.traffic).toMatchObject({ primaryWeight: 100, canaryWeight: 0 });
  });

  it.each(["ab-test", "bg-test", "mirror-test", "sa-test"])("failing: %s is rolled back too", (namespace) => {
    const result = playScenario(canaries.find((c) => c.namespace === namespace)!, scenario("failing"));
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 5 });
  });

  it.each(["test", "ab-test", "bg-test", "mirror-test", "sa-test"])("flapping: %s fails three checks and is still promoted", (namespace) => {
    const result = playScenario(canaries.find((c) => c.namespace === namespace)!, scenario("flapping"));
    expect(result.record).toMatchObject({ phase: "Succeeded", failedChecks: 3 });
  });

  it.each(["test", "ab-test", "bg-test", "mirror-test", "sa-test"])("no-traffic: %s fails on no data and is rolled back", (namespace) => {
    const result = playScenario(canaries.find((c) => c.namespace === namespace)!, scenario("no-traffic"));
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 5 });
    const failed = result.record!.steps.flatMap((s) => s.metrics).filter((m) => m.status !== "pass");
    expect(new Set(failed.map((m) => m.status))).toEqual(new Set(["no-data"]));
  });
});
