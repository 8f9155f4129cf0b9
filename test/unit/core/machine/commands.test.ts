import { describe, expect, it } from "vitest";
import { step } from "../../../../src/core/machine/step.js";
import type { Command } from "../../../../src/core/machine/types.js";
import { makeCanary } from "../../../support/canary-builder.js";
import type { Context } from "./harness.js";
import { baseObservation, metric, play, trailOf, webhook } from "./harness.js";

const canary = makeCanary({ analysis: { stepWeight: 10, maxWeight: 50, threshold: 2, metrics: [metric("error-rate")] } });

/** Deliver `command` once, at the first tick where `when` holds. */
function once(command: Command, when: (ctx: Context) => boolean): (ctx: Context) => { command: Command } | undefined {
  let sent = false;
  return (ctx) => {
    if (sent || !when(ctx)) return undefined;
    sent = true;
    return { command };
  };
}

const at = (weight: number) => (ctx: Context) => ctx.record?.traffic.canaryWeight === weight && ctx.record.barrier === undefined;

describe("/canary promote", () => {
  it("skips the remaining analysis but still waits for a ready canary", () => {
    let promoteAt = -1;
    const result = play(canary, {
      before: (ctx) => {
        if (promoteAt < 0 && at(20)(ctx)) {
          promoteAt = ctx.decision;
          return { command: { type: "promote", by: "alice" } };
        }
        return undefined;
      },
      canaryReadiness: (ctx) =>
        promoteAt >= 0 && ctx.decision <= promoteAt + 1 ? { state: "not-ready", reason: "restarting" } : { state: "ready" },
    });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Progressing/20", "Promoting/20", "Finalising/0", "Succeeded/0"]);
    expect(result.codes.slice(promoteAt, promoteAt + 3)).toEqual(["waiting-canary-ready", "waiting-canary-ready", "promotion-started"]);
    // The command came when the next step was due (65 s after the 20% commit); the promotion
    // followed two 10 s readiness polls later, not a whole interval later.
    const promotion = result.commits.find((c) => c.intent.type === "promote")!;
    const twenty = result.commits.find((c) => c.subject.endsWith("10% → 20%"))!;
    expect(promotion.at - twenty.at).toBe(85_000);
    expect(result.record!.steps.find((s) => s.commit?.subject === promotion.subject)!.note).toBe("promotion requested by @alice");
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(1);
  });
});

describe("/canary rollback", () => {
  it("rolls back at once, with the person in the reason", () => {
    const result = play(canary, { before: once({ type: "rollback", by: "bob" }, at(20)) });
    expect(trailOf(result)).toEqual(["Progressing/0", "Progressing/10", "Progressing/20", "Failed/0"]);
    expect(result.commits.at(-1)!.subject).toBe("canary: test/podinfo roll back (by @bob)");
    const last = result.decisions.at(-1)!;
    expect(last.effects.filter((e) => e.kind !== "commit")).toEqual([
      { kind: "open-revert", reason: "Rolled back by @bob" },
      { kind: "notify", severity: "warn", message: "Rolled back by @bob", withMetadata: false },
      { kind: "report" },
    ]);
  });

  it("does not apply once the promotion is committed", () => {
    const result = play(canary, { before: once({ type: "rollback", by: "bob" }, (ctx) => ctx.record?.phase === "Promoting") });
    expect(result.codes).toContain("command-not-applicable");
    expect(result.decisions.find((d) => d.code === "command-not-applicable")!.message).toBe(
      "/canary rollback by @bob changes nothing: the promotion is already committed; revert the change instead",
    );
    expect(result.record!.phase).toBe("Succeeded");
  });

  it("ends a run still waiting for confirm-rollout without a commit", () => {
    const gated = makeCanary({ ...canary, analysis: { ...canary.analysis, webhooks: [webhook("gate", "confirm-rollout")] } });
    const result = play(gated, {
      hooks: { "confirm-rollout": () => false },
      before: once({ type: "rollback", by: "bob" }, (ctx) => ctx.record?.phase === "Waiting"),
    });
    expect(trailOf(result)).toEqual(["Waiting/0", "Failed/0"]);
    expect(result.commits).toEqual([]);
    expect(result.effects.filter((e) => e.kind === "open-revert")).toEqual([{ kind: "open-revert", reason: "Rolled back by @bob" }]);
  });
});

describe("/canary pause and resume", () => {
  it("holds everything while paused, including a new revision, and resume continues", () => {
    let pausedAt = -1;
    const result = play(canary, {
      before: (ctx) => {
        if (pausedAt < 0 && at(20)(ctx)) {
          pausedAt = ctx.decision;
          return { command: { type: "pause", by: "carol" } };
        }
        if (pausedAt >= 0 && ctx.decision === pausedAt + 3) return { command: { type: "pause", by: "dave" } };
        if (pausedAt >= 0 && ctx.decision === pausedAt + 5) return { command: { type: "resume", by: "carol" } };
        return undefined;
      },
    });
    expect(result.codes.slice(pausedAt, pausedAt + 6)).toEqual([
      "paused",
      "paused",
      "paused",
      "command-not-applicable",
      "paused",
      "weight-increased",
    ]);
    expect(result.decisions[pausedAt]!.record!.paused).toEqual({ by: "carol", at: result.decisions[pausedAt]!.record!.steps.at(-1)!.at + 65_000 });
    expect(result.decisions[pausedAt]!.effects).toEqual([{ kind: "report" }]);
    expect(result.decisions[pausedAt + 1]!.effects).toEqual([]);
    expect(result.decisions[pausedAt + 3]!.message).toBe("/canary pause by @dave changes nothing: already paused by @carol");
    expect(result.record).toMatchObject({ phase: "Succeeded" });
    expect(result.record!.paused).toBeUndefined();
  });

  it("resume without a pause changes nothing", () => {
    const result = play(canary, { before: once({ type: "resume", by: "carol" }, at(10)) });
    expect(result.decisions.find((d) => d.code === "command-not-applicable")!.message).toBe(
      "/canary resume by @carol changes nothing: the rollout is not paused",
    );
  });
});

describe("/canary retry", () => {
  it("starts a failed rollout of the current revision again from weight 0", () => {
    const failed = play(canary, { metrics: () => "fail" });
    expect(failed.record).toMatchObject({ phase: "Failed", revision: "rev-2" });
    const retried = play(canary, { before: once({ type: "retry", by: "erin" }, () => true) }, {
      record: failed.record!,
      world: failed.world,
      now: failed.now + 3_600_000,
    });
    expect(trailOf(retried)).toEqual([
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
    expect(retried.record!.steps[0]!.note).toBe("retry by @erin: scaling up the canary");
  });

  it("does not apply to a running or succeeded rollout", () => {
    const done = play(canary);
    const plan = step({
      canary,
      record: done.record,
      observation: baseObservation(done.world, { command: { type: "retry", by: "erin" } }),
      now: done.now + 60_000,
    });
    expect(plan).toMatchObject({
      kind: "decision",
      code: "command-not-applicable",
      message: "/canary retry by @erin changes nothing: only a failed rollout of the current revision can be retried",
    });
  });
});

describe("approve-promotion without a promotion PR", () => {
  it("changes nothing", () => {
    const result = play(canary, { before: once({ type: "approve-promotion", by: "frank" }, at(10)) });
    expect(result.decisions.find((d) => d.code === "command-not-applicable")!.message).toBe(
      "The approving review by @frank changes nothing: no promotion PR is waiting for a review",
    );
    expect(result.record!.phase).toBe("Succeeded");
  });
});
