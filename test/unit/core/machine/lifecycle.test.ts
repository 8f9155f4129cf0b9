import { describe, expect, it } from "vitest";
import { step } from "../../../../src/core/machine/step.js";
import type { DecisionPlan, Plan } from "../../../../src/core/machine/types.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { baseObservation, initialWorld, initializedRecord, metric, play, T0, trailOf, webhook } from "./harness.js";

function decision(plan: Plan): DecisionPlan {
  if (plan.kind !== "decision") throw new Error(`expected a decision, got ${JSON.stringify(plan)}`);
  return plan;
}

const canary = makeCanary({ analysis: { stepWeight: 25, maxWeight: 50, metrics: [metric("error-rate")] } });

describe("initialization", () => {
  it("asks for the bootstrap PR while the generated objects are not in Git", () => {
    const observation = baseObservation(initialWorld({ bootstrapped: false }));
    const first = decision(step({ canary, record: undefined, observation, now: T0 }));
    expect(first).toMatchObject({ phase: "Initializing", code: "bootstrap-required", requeueAfterMs: 60_000 });
    expect(first.effects).toEqual([{ kind: "open-bootstrap-pr" }, { kind: "report" }]);
    const again = decision(step({ canary, record: first.record, observation, now: T0 + 60_000 }));
    expect(again.effects).toEqual([{ kind: "open-bootstrap-pr" }]);
    expect(again.record).toBe(first.record);
  });

  it("is Initialized once bootstrapped, with no analysis for the first version", () => {
    const observation = baseObservation(initialWorld());
    const plan = decision(step({ canary, record: undefined, observation, now: T0 }));
    expect(plan).toMatchObject({ phase: "Initialized", code: "initialized" });
    expect(plan.record).toMatchObject({ revision: "rev-1", primaryRevision: "rev-1", traffic: { primaryWeight: 100, canaryWeight: 0 } });
    expect(plan.effects).toEqual([
      { kind: "notify", severity: "info", message: "New Deployment detected, initialization completed.", withMetadata: true },
      { kind: "report" },
    ]);
    const next = decision(step({ canary, record: plan.record, observation, now: T0 + 60_000 }));
    expect(next).toMatchObject({ code: "up-to-date", effects: [] });
  });

  it("starts a run in the same tick when the target already differs from the primary", () => {
    const observation = baseObservation(initialWorld({ targetRevision: "rev-2" }));
    const plan = decision(step({ canary, record: undefined, observation, now: T0 }));
    expect(plan).toMatchObject({ phase: "Progressing", code: "rollout-started" });
    expect(plan.effects.map((e) => e.kind)).toEqual(["commit", "notify", "notify", "report"]);
  });
});

describe("which revisions start a run", () => {
  it("going back to the primary's revision starts nothing", () => {
    const record = initializedRecord(canary);
    const plan = decision(step({ canary, record, observation: baseObservation(initialWorld()), now: T0 }));
    expect(plan.code).toBe("up-to-date");
    expect(plan.effects).toEqual([]);
  });

  it("a failed rollout is not sticky: a newer revision starts a new run", () => {
    const failed = play(canary, { metrics: () => "fail" });
    expect(failed.record!.phase).toBe("Failed");
    const next = play(canary, {}, { record: failed.record!, world: { ...failed.world, targetRevision: "rev-3" }, now: failed.now + 60_000 });
    expect(next.record).toMatchObject({ phase: "Succeeded", revision: "rev-3", failedChecks: 0 });
    expect(next.world.primaryRevision).toBe("rev-3");
  });

  it("merging the revert PR starts nothing, and re-applying the failed revision later runs it again", () => {
    const failed = play(canary, { metrics: () => "fail" });
    const reverted = decision(
      step({ canary, record: failed.record, observation: baseObservation({ ...failed.world, targetRevision: "rev-1" }), now: failed.now + 60_000 }),
    );
    // The only news is that the rollback commit is now live.
    expect(reverted).toMatchObject({ phase: "Failed", code: "up-to-date", effects: [{ kind: "report" }] });
    expect(reverted.record!.steps.at(-1)!.commit).toEqual({ subject: "canary: test/podinfo roll back (failed checks threshold reached 5)", verified: true });
    expect(reverted.record!.revision).toBe("rev-1");
    const reapplied = play(canary, {}, { record: reverted.record!, world: { ...failed.world, targetRevision: "rev-2" }, now: failed.now + 120_000 });
    expect(reapplied.record).toMatchObject({ phase: "Succeeded", revision: "rev-2" });
  });
});

describe("a new revision mid-run", () => {
  it("routes traffic back to 0 in one commit and restarts the analysis for the new revision", () => {
    const withHooks = makeCanary({ ...canary, analysis: { ...canary.analysis, stepWeight: 10, webhooks: [webhook("smoke", "pre-rollout")] } });
    const result = play(withHooks, {
      metrics: (n) => (n === 1 ? "fail" : "pass"),
      before: (ctx) =>
        ctx.record?.traffic.canaryWeight === 30 && ctx.record.revision === "rev-2"
          ? { targetRevision: "rev-3", source: { sha: "beef", pullRequest: { number: 43, title: "Bump again" } } }
          : undefined,
    });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/10",
      "Progressing/20",
      "Progressing/20",
      "Progressing/30",
      "Progressing/0",
      "Progressing/10",
      "Progressing/20",
      "Progressing/30",
      "Progressing/40",
      "Progressing/50",
      "Promoting/50",
      "Finalising/0",
      "Succeeded/0",
    ]);
    const restart = result.decisions.find((d) => d.code === "run-restarted")!;
    expect(restart.effects[0]).toMatchObject({
      kind: "commit",
      subject: "canary: test/podinfo 30% → 0% (new revision rev-3)",
      trailers: { "Canary-Revision": "rev-3", "Canary-Source": "#43", "Canary-Step": "0" },
    });
    const superseded = restart.effects.find((e) => e.kind === "report" && e.record !== undefined);
    expect(superseded).toMatchObject({ kind: "report", record: { revision: "rev-2", supersededBy: "rev-3", failedChecks: 1 } });
    expect(restart.record).toMatchObject({ revision: "rev-3", failedChecks: 0, iterations: 0, preRolloutPassed: false });
    expect(result.requests.filter((r) => r.kind === "webhooks" && r.type === "pre-rollout")).toHaveLength(2);
    expect(result.world.primaryRevision).toBe("rev-3");
  });

  it("restarts without a commit when no traffic reached the canary yet", () => {
    const result = play(canary, {
      before: (ctx) => (ctx.decision === 1 ? { targetRevision: "rev-3" } : undefined),
      canaryReadiness: (ctx) => (ctx.decision < 3 ? { state: "not-ready", reason: "starting" } : { state: "ready" }),
    });
    const restart = result.decisions.find((d) => d.code === "run-restarted")!;
    expect(restart.effects.some((e) => e.kind === "commit")).toBe(false);
    expect(result.commits.map((c) => c.subject)[0]).toBe("canary: test/podinfo scale up canary");
    expect(result.commits.filter((c) => c.intent.type === "scale-up-canary")).toHaveLength(1);
  });

  it("cancels the run when the target goes back to the primary's revision (no revert PR)", () => {
    const result = play(canary, {
      before: (ctx) => (ctx.record?.traffic.canaryWeight === 25 ? { targetRevision: "rev-1" } : undefined),
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/25", "Failed/0"]);
    const last = result.decisions.at(-1)!;
    expect(last.code).toBe("run-cancelled");
    expect(last.effects.map((e) => e.kind)).toEqual(["commit", "notify", "report"]);
    expect(result.commits.at(-1)!.subject).toBe("canary: test/podinfo roll back (target back on the primary's revision)");
  });
});

describe("skipAnalysis", () => {
  it("waits for the canary, then promotes without hooks or metrics", () => {
    const skip = makeCanary({
      skipAnalysis: true,
      analysis: { stepWeight: 25, metrics: [metric("error-rate")], webhooks: [webhook("load", "rollout"), webhook("smoke", "pre-rollout")] },
    });
    const result = play(skip, {
      canaryReadiness: (ctx) => (ctx.decision < 4 ? { state: "not-ready", reason: "starting" } : { state: "ready" }),
      primaryReadiness: () => ({ state: "not-ready", reason: "ignored when analysis is skipped" }),
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Promoting/0", "Succeeded/0"]);
    expect(result.requests).toEqual([]);
    expect(result.codes).toContain("waiting-canary-ready");
    expect(result.alerts.at(-1)!.message).toBe("Canary analysis was skipped, promotion finished.");
    expect(result.commits.map((c) => c.intent.type)).toEqual(["scale-up-canary", "promote", "finalise"]);
  });
});

describe("suspend", () => {
  it("returns at once with no effects and the record unchanged", () => {
    const running = play(canary, {}, { until: (plan) => plan.record?.traffic.canaryWeight === 25 });
    const suspended = makeCanary({ ...canary, suspend: true });
    const plan = decision(
      step({ canary: suspended, record: running.record, observation: baseObservation(running.world, { command: { type: "rollback", by: "alice" } }), now: running.now + 600_000 }),
    );
    expect(plan).toEqual({
      kind: "decision",
      phase: "Progressing",
      code: "suspended",
      message: "test/podinfo is suspended: skipping canary run",
      effects: [],
      record: running.record,
      requeueAfterMs: 60_000,
    });
    expect(plan.record).toBe(running.record);
  });
});
