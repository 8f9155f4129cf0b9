import { describe, expect, it } from "vitest";
import { step } from "../../../../src/core/machine/step.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { APPLY_DELAY_MS, baseObservation, metric, play, T0, trailOf, webhook } from "./harness.js";

const canaryOf = (extra = {}) =>
  makeCanary({ analysis: { stepWeight: 10, maxWeight: 50, threshold: 3, metrics: [metric("error-rate")], ...extra } });

describe("failed checks", () => {
  it("rolls back after `threshold` failed analyses: one commit, revert PR, post-rollout, error alert", () => {
    const result = play(canaryOf({ webhooks: [webhook("notify", "post-rollout")] }), { metrics: () => "fail" });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Progressing/10", "Progressing/10", "Failed/0"]);
    const last = result.decisions.at(-1)!;
    expect(last.code).toBe("rolled-back");
    expect(last.effects).toEqual([
      {
        kind: "commit",
        intent: { type: "rollback", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false }, scaleCanaryToZero: true },
        subject: "canary: test/podinfo roll back (failed checks threshold reached 3)",
        trailers: {
          Canary: "test/podinfo",
          "Canary-Revision": "rev-2",
          "Canary-Step": "4",
          "Canary-Phase": "Failed",
          "Canary-Source": "#42",
        },
      },
      { kind: "open-revert", reason: "Failed checks threshold reached 3" },
      { kind: "call-webhooks", type: "post-rollout", phase: "Failed" },
      { kind: "notify", severity: "error", message: "Failed checks threshold reached 3", withMetadata: false },
      { kind: "report" },
    ]);
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 3, failureReason: "Failed checks threshold reached 3" });
    expect(result.record!.steps.map((s) => s.note).slice(2)).toEqual([
      "failed check 1/3: metric error-rate 4.2 out of range (max 1)",
      "failed check 2/3: metric error-rate 4.2 out of range (max 1)",
      "failed check 3/3: metric error-rate 4.2 out of range (max 1); rolled back: Failed checks threshold reached 3",
    ]);
    expect(result.world).toMatchObject({ canaryReplicas: 0, traffic: { canaryWeight: 0 } });
  });

  it.each(["no-data", "error"] as const)("counts a metric with %s as a failed check, and keeps every outcome", (status) => {
    const canary = canaryOf({ metrics: [metric("error-rate"), metric("latency")] });
    const result = play(canary, {
      metrics: (_n, ctx) => [
        { name: "error-rate", status: "pass", value: 0.1, threshold: "max 1", window: "1m", evaluatedAt: ctx.now },
        { name: "latency", status, window: "1m", evaluatedAt: ctx.now, reason: "empty result" },
      ],
    });
    expect(result.record!.phase).toBe("Failed");
    const row = result.record!.steps[2]!;
    expect(row.note).toBe(`failed check 1/3: metric latency: ${status === "no-data" ? "no data" : "error"} (empty result)`);
    expect(row.metrics.map((m) => `${m.name}:${m.status}`)).toEqual(["error-rate:pass", `latency:${status}`]);
  });

  it("counts failed rollout hooks and stops before the metrics", () => {
    const canary = canaryOf({ threshold: 1, webhooks: [webhook("load", "rollout")] });
    const result = play(canary, { hooks: { rollout: () => false } });
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 1 });
    expect(result.requests.filter((r) => r.kind === "metrics")).toEqual([]);
    expect(result.record!.steps.at(-1)!.webhooks).toEqual([
      { name: "load", type: "rollout", ok: false, status: 403, durationMs: 12, detail: "Forbidden" },
    ]);
  });

  it("rolls back before the analysis when a spec change lowers the threshold below the failed checks", () => {
    const loose = canaryOf({ threshold: 5 });
    const running = play(loose, { metrics: () => "fail" }, { until: (plan) => plan.record?.failedChecks === 2 });
    const strict = canaryOf({ threshold: 2 });
    const plan = step({
      canary: strict,
      record: running.record,
      observation: baseObservation(running.world),
      now: running.now + 60_000,
    });
    expect(plan).toMatchObject({ kind: "decision", code: "rolled-back", phase: "Failed" });
    expect(plan.kind === "decision" && plan.record?.failureReason).toBe("Failed checks threshold reached 2");
  });

  it("never counts failed checks back down within a run", () => {
    const result = play(canaryOf(), { metrics: (n) => (n % 2 === 0 ? "fail" : "pass") });
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 3 });
  });
});

describe("readiness and the progress deadline", () => {
  it("waits for a not-ready canary without counting failed checks, then rolls back past the deadline", () => {
    const canary = canaryOf({ threshold: 1 });
    const result = play(canary, { canaryReadiness: () => ({ state: "not-ready", reason: "0 of 2 updated replicas are available" }) });
    expect(trailOf(result)).toEqual(["Progressing/0", "Failed/0"]);
    expect(new Set(result.codes.slice(1, -1))).toEqual(new Set(["waiting-interval", "waiting-canary-ready"]));
    const last = result.decisions.at(-1)!;
    expect(last.record!.failedChecks).toBe(0);
    const alert = last.effects.find((e) => e.kind === "notify");
    expect(alert).toEqual({
      kind: "notify",
      severity: "error",
      message: "Progress deadline exceeded canary deployment podinfo.test not ready after 600s: 0 of 2 updated replicas are available",
      withMetadata: false,
    });
    // The deadline counts from when the scale-up commit is applied, not from the commit.
    expect(result.now - T0).toBeGreaterThan(600_000 + APPLY_DELAY_MS);
    expect(result.now - T0).toBeLessThanOrEqual(610_000 + APPLY_DELAY_MS);
  });

  it("starts the deadline clock again when a ready canary becomes not ready", () => {
    const canary = canaryOf({ threshold: 1 });
    const result = play(canary, {
      canaryReadiness: (ctx) =>
        (ctx.record?.traffic.canaryWeight ?? 0) >= 20 ? { state: "not-ready", reason: "pod crash looping" } : { state: "ready" },
    });
    const wentBad = result.commits.find((c) => c.subject.endsWith("10% → 20%"))!.at;
    expect(result.record!.phase).toBe("Failed");
    expect(result.record!.finishedAt! - wentBad).toBeGreaterThan(600_000);
  });

  it("rolls back at once when the canary reports a non-retriable failure", () => {
    const result = play(canaryOf(), {
      canaryReadiness: (ctx) =>
        (ctx.record?.traffic.canaryWeight ?? 0) === 10 ? { state: "failed", reason: "exceeded its progress deadline" } : { state: "ready" },
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Failed/0"]);
    expect(result.record!.failureReason).toBe("Progress deadline exceeded canary deployment podinfo.test: exceeded its progress deadline");
  });

  it("routes all traffic to the canary when the promoted primary never becomes ready (Flagger #1898)", () => {
    const result = play(canaryOf({ stepWeight: 50 }), {
      primaryReadiness: (ctx) =>
        ctx.record?.phase === "Promoting" ? { state: "not-ready", reason: "1 old replicas are pending termination" } : { state: "ready" },
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/50", "Promoting/50", "Failed/100"]);
    const last = result.decisions.at(-1)!;
    expect(last.code).toBe("promotion-failed");
    expect(last.effects.map((e) => e.kind)).toEqual(["commit", "notify", "report"]);
    expect(result.commits.at(-1)!.intent).toEqual({
      type: "route-to-canary",
      traffic: { primaryWeight: 0, canaryWeight: 100, mirrored: false },
    });
    expect(result.alerts.at(-1)!.message).toBe(
      "Promotion failed, primary not ready: primary deployment podinfo-primary.test not ready after 600s: 1 old replicas are pending termination",
    );
  });

  it("rolls back when the primary fails during the analysis", () => {
    const result = play(canaryOf(), {
      primaryReadiness: (ctx) => (ctx.record?.traffic.canaryWeight === 20 ? { state: "failed", reason: "replicas 0" } : { state: "ready" }),
    });
    expect(trailOf(result).at(-1)).toBe("Failed/0");
    expect(result.record!.failureReason).toBe("Progress deadline exceeded primary deployment podinfo-primary.test: replicas 0");
  });
});

describe("the applied barrier", () => {
  it("measures nothing while the commit is pending, and polls every 10 s", () => {
    const result = play(canaryOf({ stepWeight: 50 }), {
      applied: (ctx) => {
        const barrier = ctx.record?.barrier;
        if (barrier === undefined) return undefined;
        return ctx.now - barrier.since < 45_000
          ? { state: "pending", reason: "Kustomization flux-system/apps is reconciling" }
          : { state: "applied", verified: true, via: "flux-system/apps", afterMs: 45_000 };
      },
    });
    const firstWait = result.decisions.findIndex((d) => d.code === "waiting-applied");
    expect(result.decisions.slice(firstWait, firstWait + 4).map((d) => [d.code, d.requeueAfterMs])).toEqual([
      ["waiting-applied", 10_000],
      ["waiting-applied", 10_000],
      ["waiting-applied", 10_000],
      ["waiting-applied", 10_000],
    ]);
    // Applied 45 s after the scale-up; the first weight comes a full interval later.
    expect(result.commits[1]!.at - result.commits[0]!.at).toBe(105_000);
    expect(result.record!.phase).toBe("Succeeded");
  });

  it("marks steps unverified when the commit is only assumed applied", () => {
    const result = play(canaryOf({ stepWeight: 50 }), {
      applied: (ctx) => (ctx.record?.barrier ? { state: "assumed", verified: false, afterMs: 30_000 } : undefined),
    });
    expect(result.record!.steps.slice(0, 4).map((s) => s.commit?.verified)).toEqual([false, false, false, false]);
  });

  it("keeps the applied check's caveat next to the step", () => {
    const result = play(canaryOf({ stepWeight: 50 }), {
      applied: (ctx) =>
        ctx.record?.barrier
          ? { state: "applied", verified: true, via: "HTTPRoute test/podinfo", afterMs: 5_000, note: "the Gateway reports no observedGeneration" }
          : undefined,
    });
    expect(result.record!.steps[1]!.commit).toEqual({
      subject: "canary: test/podinfo 0% → 50%",
      verified: true,
      note: "the Gateway reports no observedGeneration",
    });
  });

  it("rolls back when a commit fails to apply", () => {
    const result = play(canaryOf(), {
      applied: (ctx) =>
        ctx.record?.barrier?.subject.endsWith("10% → 20%") === true ? { state: "failed", reason: "kustomize build failed" } : undefined,
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Progressing/20", "Failed/0"]);
    expect(result.record!.failureReason).toBe('Commit "canary: test/podinfo 10% → 20%" failed to apply: kustomize build failed');
  });

  it("rolls back when a commit is still pending after progressDeadlineSeconds", () => {
    const canary = makeCanary({ progressDeadlineSeconds: 120, analysis: { stepWeight: 50, maxWeight: 50 } });
    const result = play(canary, {
      applied: (ctx) => (ctx.record?.barrier?.subject.endsWith("0% → 50%") === true ? { state: "pending", reason: "source not ready" } : undefined),
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/50", "Failed/0"]);
    expect(result.record!.failureReason).toBe(
      'Progress deadline exceeded commit "canary: test/podinfo 0% → 50%" not applied after 120s: source not ready',
    );
  });
});
