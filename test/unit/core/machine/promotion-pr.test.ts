import { describe, expect, it } from "vitest";
import { makeCanary } from "../../../support/canary-builder.js";
import type { Context } from "./harness.js";
import { metric, play, trailOf, webhook } from "./harness.js";

const canary = makeCanary({ analysis: { stepWeight: 25, maxWeight: 50, threshold: 2, metrics: [metric("error-rate")] } });
const waitingReview = (ctx: Context) => ctx.record?.phase === "WaitingPromotion" && ctx.record.promotionPr !== undefined;

describe("promotion gate: pull-request", () => {
  it("opens the promotion PR at max weight, keeps analysing, and merges it on an approving review", () => {
    let reviews = 0;
    const result = play(canary, {
      promotionGate: "pull-request",
      before: (ctx) => {
        if (!waitingReview(ctx) || ctx.record?.barrier !== undefined) return undefined;
        reviews++;
        // Approved on the second tick after the PR opened (one analysis in between).
        return reviews === 2 ? { command: { type: "approve-promotion", by: "octocat" } } : undefined;
      },
    });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/25",
      "Progressing/50",
      "WaitingPromotion/50",
      "WaitingPromotion/50",
      "Promoting/50",
      "Finalising/0",
      "Succeeded/0",
    ]);
    const opened = result.decisions.find((d) => d.code === "promotion-pr-opened")!;
    expect(opened.effects).toEqual([
      {
        kind: "open-promotion-pr",
        revision: "rev-2",
        commit: {
          intent: { type: "promote", revision: "rev-2" },
          subject: "canary: test/podinfo promote rev-2",
          trailers: {
            Canary: "test/podinfo",
            "Canary-Revision": "rev-2",
            "Canary-Step": "3",
            "Canary-Phase": "Promoting",
            "Canary-Source": "#42",
          },
        },
      },
      { kind: "notify", severity: "warn", message: "Canary promotion is waiting for approval.", withMetadata: false },
      { kind: "report" },
    ]);
    const merged = result.decisions.find((d) => d.code === "promotion-started")!;
    expect(merged.effects[0]).toMatchObject({ kind: "merge-promotion-pr", revision: "rev-2", by: "octocat" });
    expect(merged.effects.some((e) => e.kind === "commit")).toBe(false);
    expect(merged.record!.barrier?.subject).toBe("canary: test/podinfo promote rev-2");
    // Analysis continued while waiting: at 25, at 50 (opens the PR), and one more before the review.
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(3);
    expect(result.codes).toContain("waiting-promotion-review");
    expect(result.world.primaryRevision).toBe("rev-2");
  });

  it("a failure while waiting still rolls back and closes the promotion PR", () => {
    const result = play(canary, {
      promotionGate: "pull-request",
      metrics: (n) => (n >= 2 ? "fail" : "pass"),
    });
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/25",
      "Progressing/50",
      "WaitingPromotion/50",
      "WaitingPromotion/50",
      "Failed/0",
    ]);
    const last = result.decisions.at(-1)!;
    expect(last.effects.map((e) => e.kind)).toEqual(["commit", "close-promotion-pr", "open-revert", "notify", "report"]);
    expect(last.effects[1]).toEqual({ kind: "close-promotion-pr", reason: "Failed checks threshold reached 2" });
    expect(last.record!.promotionPr).toBeUndefined();
  });

  it("asks confirm-promotion hooks before opening the PR", () => {
    const gated = makeCanary({ ...canary, analysis: { ...canary.analysis, webhooks: [webhook("gate", "confirm-promotion")] } });
    const result = play(gated, { promotionGate: "pull-request", hooks: { "confirm-promotion": (n) => n >= 1 } }, {
      until: (plan) => plan.code === "promotion-pr-opened",
    });
    expect(result.codes.filter((c) => c !== "waiting-interval" && c !== "waiting-applied").slice(-2)).toEqual(["waiting-promotion", "promotion-pr-opened"]);
  });

  it("/canary promote merges the open promotion PR", () => {
    const result = play(canary, {
      promotionGate: "pull-request",
      before: (ctx) => (waitingReview(ctx) && ctx.record?.barrier === undefined ? { command: { type: "promote", by: "alice" } } : undefined),
    });
    const merged = result.decisions.find((d) => d.code === "promotion-started")!;
    expect(merged.effects[0]).toMatchObject({ kind: "merge-promotion-pr", by: "alice" });
    expect(result.record!.phase).toBe("Succeeded");
  });
});
