import { describe, expect, it } from "vitest";
import { canaryWith, metric, play, trailOf, webhook } from "./harness.js";

const analysed = (hooks: ReturnType<typeof webhook>[], extra = {}) =>
  canaryWith({ analysis: { stepWeight: 25, maxWeight: 50, metrics: [metric("error-rate")], webhooks: hooks, ...extra } });

describe("confirm-rollout", () => {
  it("holds the new revision in Waiting (canary not scaled up), alerts once, and re-polls every interval", () => {
    const canary = analysed([webhook("gate", "confirm-rollout")]);
    const result = play(canary, { hooks: { "confirm-rollout": (n) => n >= 3 } });
    expect(trailOf(result).slice(0, 3)).toEqual(["Waiting/0", "Progressing/0", "Progressing/25"]);
    expect(result.codes.slice(0, 4)).toEqual([
      "waiting-confirm-rollout",
      "waiting-confirm-rollout",
      "waiting-confirm-rollout",
      "rollout-started",
    ]);
    const asks = result.requests.filter((r) => r.kind === "webhooks" && r.type === "confirm-rollout");
    expect(asks).toEqual([
      { kind: "webhooks", type: "confirm-rollout", phase: "Initialized" },
      { kind: "webhooks", type: "confirm-rollout", phase: "Waiting" },
      { kind: "webhooks", type: "confirm-rollout", phase: "Waiting" },
      { kind: "webhooks", type: "confirm-rollout", phase: "Waiting" },
    ]);
    // Re-polled an interval apart, and nothing committed before the gate opened.
    const waits = result.decisions.slice(0, 4);
    expect(waits.slice(0, 3).map((d) => d.requeueAfterMs)).toEqual([60_000, 60_000, 60_000]);
    expect(result.commits[0]!.subject).toBe("canary: test/podinfo scale up canary");
    expect(result.alerts.map((a) => [a.severity, a.message])).toEqual([
      ["warn", "Canary is waiting for approval."],
      ["info", "New revision detected, progressing canary analysis."],
      ["info", "Canary analysis completed successfully, promotion finished."],
    ]);
  });

  it("does not alert when the closed hook has muteAlert", () => {
    const canary = analysed([webhook("gate", "confirm-rollout", { muteAlert: true })]);
    const result = play(canary, { hooks: { "confirm-rollout": (n) => n >= 1 } });
    expect(result.alerts.map((a) => a.message)).not.toContain("Canary is waiting for approval.");
  });
});

describe("pre-rollout", () => {
  it("counts a failed check when it fails and runs once per revision even while the first step is held", () => {
    const canary = analysed([webhook("smoke", "pre-rollout"), webhook("traffic-gate", "confirm-traffic-increase")]);
    const result = play(canary, {
      hooks: {
        "pre-rollout": (n) => n >= 1,
        // Closed for the first two asks: Flagger would re-run pre-rollout each time (#1248).
        "confirm-traffic-increase": (n) => n >= 2,
      },
    });
    const preRollouts = result.requests.filter((r) => r.kind === "webhooks" && r.type === "pre-rollout");
    expect(preRollouts).toHaveLength(2);
    expect(result.codes.filter((c) => !c.startsWith("waiting-"))).toEqual([
      "rollout-started",
      "check-failed",
      "halted-traffic-increase",
      "halted-traffic-increase",
      "weight-increased",
      "weight-increased",
      "promotion-started",
      "finalising",
      "succeeded",
    ]);
    expect(result.record!.failedChecks).toBe(1);
    expect(result.record!.steps[1]!.note).toBe("failed check 1/5: pre-rollout hook smoke failed");
  });
});

describe("confirm-traffic-increase", () => {
  it("halts without a failed check, alerts once per wait, and is asked before the promotion decision", () => {
    const canary = analysed([webhook("traffic-gate", "confirm-traffic-increase")]);
    // Asks: 0 → 25 (open), 25 → 50 closed twice, then open, then before promotion (open).
    const result = play(canary, { hooks: { "confirm-traffic-increase": (n) => n === 0 || n >= 3 } });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/25",
      "Progressing/25",
      "Progressing/25",
      "Progressing/50",
      "Promoting/50",
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(result.record!.failedChecks).toBe(0);
    expect(result.requests.filter((r) => r.kind === "webhooks" && r.type === "confirm-traffic-increase")).toHaveLength(5);
    expect(result.alerts.filter((a) => a.message === "Canary traffic increase is waiting for approval.")).toHaveLength(1);
    expect(result.record!.steps[2]!.note).toBe("halted: confirm-traffic-increase traffic-gate closed");
  });

  it("is not asked for A/B testing or blue/green", () => {
    const canary = canaryWith({
      analysis: { stepWeight: undefined, iterations: 2, webhooks: [webhook("traffic-gate", "confirm-traffic-increase")] },
    });
    const result = play(canary, { hooks: { "confirm-traffic-increase": () => false } });
    expect(result.record!.phase).toBe("Succeeded");
    expect(result.requests.filter((r) => r.kind === "webhooks" && r.type === "confirm-traffic-increase")).toEqual([]);
  });

  it("rolls back when the failed-checks threshold is reached while the gate is closed (do better than #1801)", () => {
    const canary = analysed([webhook("traffic-gate", "confirm-traffic-increase")], { threshold: 2 });
    // Gate open for the first step only; metrics fail on the 2nd and 4th analyses.
    const result = play(canary, {
      hooks: { "confirm-traffic-increase": (n) => n === 0 },
      metrics: (n) => (n === 1 || n === 3 ? "no-data" : "pass"),
    });
    expect(result.codes.filter((c) => !c.startsWith("waiting-"))).toEqual([
      "rollout-started",
      "weight-increased",
      "halted-traffic-increase",
      "check-failed",
      "halted-traffic-increase",
      "rolled-back",
    ]);
    expect(result.record).toMatchObject({ phase: "Failed", failedChecks: 2, traffic: { canaryWeight: 0 } });
  });
});

describe("confirm-promotion", () => {
  it("waits in WaitingPromotion with the analysis running every interval, then promotes", () => {
    const canary = analysed([webhook("promotion-gate", "confirm-promotion")]);
    const result = play(canary, { hooks: { "confirm-promotion": (n) => n >= 3 } });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/25",
      "Progressing/50",
      "WaitingPromotion/50",
      "WaitingPromotion/50",
      "WaitingPromotion/50",
      "Promoting/50",
      "Finalising/0",
      "Succeeded/0",
    ]);
    // Analyses at 25, then at 50 for each of the four promotion asks.
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(5);
    expect(result.requests.filter((r) => r.kind === "webhooks" && r.type === "confirm-promotion")).toEqual(
      Array.from({ length: 4 }, () => ({ kind: "webhooks", type: "confirm-promotion", phase: "Progressing" })),
    );
    expect(result.alerts.filter((a) => a.message === "Canary promotion is waiting for approval.")).toHaveLength(1);
  });

  it("gates both blue/green switches: all traffic to the canary, then the promotion", () => {
    const canary = canaryWith({
      analysis: { stepWeight: undefined, iterations: 1, webhooks: [webhook("promotion-gate", "confirm-promotion")] },
    });
    const result = play(canary, { hooks: { "confirm-promotion": (n) => n !== 0 && n !== 2 } });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/0",
      "WaitingPromotion/0",
      "WaitingPromotion/100",
      "WaitingPromotion/100",
      "Promoting/100",
      "Finalising/0",
      "Succeeded/0",
    ]);
  });
});

describe("rollback hooks", () => {
  it("are asked every analysis tick with the current phase and roll back at once on 2xx", () => {
    const canary = analysed([webhook("rollback-gate", "rollback")], { stepWeight: 10 });
    const result = play(canary, { hooks: { rollback: (n) => n === 2 } });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Progressing/20", "Failed/0"]);
    expect(result.requests.filter((r) => r.kind === "webhooks" && r.type === "rollback")).toEqual([
      { kind: "webhooks", type: "rollback", phase: "Progressing" },
      { kind: "webhooks", type: "rollback", phase: "Progressing" },
      { kind: "webhooks", type: "rollback", phase: "Progressing" },
    ]);
    expect(result.alerts.at(-1)).toEqual({
      kind: "notify",
      severity: "warn",
      message: "Rolling back manual webhook invoked",
      withMetadata: false,
    });
    expect(result.commits.at(-1)!.subject).toBe("canary: test/podinfo roll back (rollback webhook)");
    // The rollback tick ran no analysis.
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(1);
  });
});

describe("post-rollout and event hooks", () => {
  it("fire after Succeeded and on each notable event", () => {
    const canary = analysed([webhook("notify", "post-rollout"), webhook("events", "event")], { stepWeight: 50 });
    const result = play(canary);
    const calls = result.effects.filter((e) => e.kind === "call-webhooks");
    expect(calls.filter((c) => c.type === "post-rollout")).toEqual([{ kind: "call-webhooks", type: "post-rollout", phase: "Succeeded" }]);
    expect(calls.filter((c) => c.type === "event").map((c) => c.eventMessage)).toContain(
      "Advance test/podinfo canary weight 50%",
    );
  });

  it("fire with phase Failed after a rollback", () => {
    const canary = analysed([webhook("notify", "post-rollout")], { threshold: 1 });
    const result = play(canary, { metrics: () => "fail" });
    expect(result.effects.filter((e) => e.kind === "call-webhooks")).toEqual([
      { kind: "call-webhooks", type: "post-rollout", phase: "Failed" },
    ]);
  });
});
