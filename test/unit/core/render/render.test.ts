import { describe, expect, it } from "vitest";
import type { MetricOutcome, RolloutRecord, StepRecord } from "../../../../src/core/machine/types.js";
import { CHECK_OUTPUT_LIMIT, renderCheckRun } from "../../../../src/core/render/check-run.js";
import type { RenderContext } from "../../../../src/core/render/context.js";
import { commentKey, renderPrComment } from "../../../../src/core/render/pr-comment.js";
import { renderPromotionPr, renderRevertPr } from "../../../../src/core/render/pull-requests.js";
import { makeCanary } from "../../../support/canary-builder.js";

const T0 = Date.UTC(2026, 10, 22, 14, 2, 11);
const canary = makeCanary({
  analysis: {
    threshold: 3,
    metrics: [
      { name: "error-rate", interval: "1m", intervalSeconds: 60, thresholdRange: { max: 1 }, templateVariables: {} },
      { name: "latency", interval: "30s", intervalSeconds: 30, thresholdRange: { max: 0.5 }, templateVariables: {} },
    ],
  },
});

function metric(name: string, value: number | undefined, status: MetricOutcome["status"], max: number, at: number): MetricOutcome {
  return { name, status, ...(value !== undefined ? { value } : {}), threshold: `max ${String(max)}`, window: name === "latency" ? "30s" : "1m", evaluatedAt: at };
}

function step(index: number, weight: number, metrics: MetricOutcome[], sha?: string, note = ""): StepRecord {
  const at = T0 + index * 62_000;
  return {
    index,
    at,
    phase: "Progressing",
    traffic: { primaryWeight: 100 - weight, canaryWeight: weight, mirrored: false },
    iteration: 0,
    metrics,
    webhooks: index === 0 ? [{ name: "smoke-test", type: "pre-rollout", ok: true, status: 200, durationMs: 400 }] : [],
    note,
    ...(sha ? { commit: { subject: `canary: test/podinfo ${String(weight)}%`, sha, verified: true } } : {}),
  };
}

function record(overrides: Partial<RolloutRecord> = {}): RolloutRecord {
  const steps = [
    step(0, 0, [], "a1b2c3d4e5", "scale up"),
    step(1, 10, [metric("error-rate", 0, "pass", 1, T0 + 62_000), metric("latency", 0.21, "pass", 0.5, T0 + 62_000)], "b2c3d4e5f6"),
    step(2, 20, [metric("error-rate", 0.12, "pass", 1, T0 + 124_000), metric("latency", 0.24, "pass", 0.5, T0 + 124_000)], "c3d4e5f6a7"),
    step(3, 30, [metric("error-rate", 0.31, "pass", 1, T0 + 186_000), metric("latency", undefined, "no-data", 0.5, T0 + 186_000)], "d4e5f6a7b8"),
  ];
  return {
    canary: { namespace: "test", name: "podinfo" },
    phase: "Progressing",
    revision: "rev-new",
    primaryRevision: "rev-old",
    source: { sha: "f".repeat(40), pullRequest: { number: 42, title: "Bump podinfo to 6.0.1" } },
    failedChecks: 1,
    iterations: 0,
    traffic: { primaryWeight: 70, canaryWeight: 30, mirrored: false },
    startedAt: T0,
    lastTransitionAt: T0,
    steps,
    preRolloutPassed: true,
    alertedWaits: [],
    ...overrides,
  };
}

const ctx: RenderContext = {
  now: T0 + 200_000,
  nextTickAt: T0 + 242_000,
  links: {
    commit: (sha) => `https://github.com/acme/deploys/commit/${sha}`,
    pullRequest: (n) => `https://github.com/acme/deploys/pull/${String(n)}`,
    checkRun: "https://github.com/acme/deploys/runs/1",
  },
  outline: { strategy: "canary", weights: [10, 20, 30, 40, 50], iterations: 0, intervalSeconds: 60, totalSteps: 5, minDurationMs: 360_000, rollbackAfterMs: 180_000, threshold: 3 },
  versions: { from: "6.0.0", to: "6.0.1" },
  appliedVia: "Flux flux-system/apps",
};

describe("check run", () => {
  it("shows progress at a glance: title, bar, step table with thresholds, chart", () => {
    const view = renderCheckRun(canary, record(), ctx);
    expect(view.name).toBe("canary-bot: test/podinfo");
    expect(view.title).toBe("30% canary · step 3 of 5 · 1 failed check");
    expect(view.status).toBe("in_progress");
    expect(view.summary).toContain("### podinfo 6.0.0 → 6.0.1 · canary in progress");
    expect(view.summary).toContain("`██████░░░░░░░░░░░░░░` 30% of traffic on the canary · next step in 42 s · [PR #42](https://github.com/acme/deploys/pull/42)");
    expect(view.summary).toContain("| step | time (UTC) | weight | error-rate (max 1) | latency (max 0.5) | webhooks | commit |");
    expect(view.summary).toContain('| 0 | 14:02:11 | 0 % | — | — | pre-rollout `smoke-test` ✔ 0.4 s | [`a1b2c3d`](https://github.com/acme/deploys/commit/a1b2c3d4e5) scale up |');
    expect(view.summary).toContain('<abbr title="window 1m · evaluated 14:05:17 UTC">0.31</abbr> ✔');
    expect(view.summary).toContain('<abbr title="window 30s · evaluated 14:05:17 UTC">no data</abbr> ✘');
    expect(view.summary).toContain("line [0, 10, 20, 30]");
    expect(view.summary).toContain("line [0, 0, 12, 31]");
    expect(view.summary).toContain("Applied: each step was measured only after Flux flux-system/apps applied its commit.");
    expect(view.actions.map((a) => a.identifier)).toEqual(["promote", "rollback", "pause"]);
    for (const action of view.actions) {
      expect(action.label.length).toBeLessThanOrEqual(20);
      expect(action.description.length).toBeLessThanOrEqual(40);
    }
  });

  it("names the failing metric and the checks when rolled back", () => {
    const failing = record({ phase: "Failed", failedChecks: 3, traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false }, failureReason: "failed checks threshold reached 3" });
    const view = renderCheckRun(canary, failing, { ...ctx, rollbackCommit: "e".repeat(40), revertPr: 43 });
    expect(view.title).toBe("Rolled back at 30% · latency: no data (3 of 3 checks failed)");
    expect(view.conclusion).toBe("failure");
    expect(view.summary).toContain("Rolled back: failed checks threshold reached 3. Traffic is back on the primary. Rollback commit [`eeeeeee`]");
    expect(view.summary).toContain("Merge [revert PR #43](https://github.com/acme/deploys/pull/43) so Git says so too.");
    expect(view.actions.map((a) => a.identifier)).toEqual(["retry"]);
  });

  it("says when steps were not verified against a cluster", () => {
    const noCluster: RenderContext = { now: ctx.now, links: ctx.links, outline: ctx.outline };
    const r = record();
    const unverified = { ...r, steps: r.steps.map((s) => (s.commit ? { ...s, commit: { ...s.commit, verified: false } } : s)) };
    const view = renderCheckRun(canary, unverified, noCluster);
    expect(view.summary).toContain("4 steps are marked ⚠ not verified");
    expect(view.summary).toContain("scale up ⚠ not verified");
  });

  it("stays within GitHub's output limit with a summarised table", () => {
    const many: StepRecord[] = [];
    for (let i = 0; i < 3000; i++) many.push(step(i, i % 100, [metric("error-rate", 0.5, "pass", 1, T0), metric("latency", 0.2, "pass", 0.5, T0)], "9".repeat(40), "a long note ".repeat(5)));
    const view = renderCheckRun(canary, record({ steps: many }), ctx);
    expect(new TextEncoder().encode(view.summary).length).toBeLessThanOrEqual(CHECK_OUTPUT_LIMIT);
    expect(view.summary).toMatch(/\| … \| \d+ steps omitted \|/);
    expect(view.summary).toContain("| 2999 |");
  });

  it("says what the run is waiting for until the wait ends", () => {
    const waiting = 'Waiting until "canary: test/podinfo 20% → 30%" is applied: Flux has applied a1b2c3d, waiting for d4e5f6a';
    expect(renderCheckRun(canary, record(), { ...ctx, waiting }).summary).toContain(`\n\n⏳ ${waiting}\n`);
    expect(renderCheckRun(canary, record({ phase: "Succeeded" }), { ...ctx, waiting }).summary).not.toContain("⏳");
  });

  it("asks for action (so GitHub shows the buttons) while a gate waits", () => {
    const view = renderCheckRun(canary, record({ phase: "WaitingPromotion" }), { ...ctx, approvers: "@acme/platform" });
    expect(view.conclusion).toBe("action_required");
    expect(view.title).toBe("Waiting for promotion approval · 30% canary · 1 failed check");
    expect(view.summary).toContain("Gates: promotion needs an approving review by @acme/platform.");
  });
});

describe("sticky PR comment", () => {
  it("is short, marked, and links the details", () => {
    const body = renderPrComment(canary, record(), { ...ctx, approvers: "@acme/platform" });
    expect(commentKey(canary)).toBe("test/podinfo");
    expect(body.split("\n")[0]).toBe("**canary-bot** · `test/podinfo` · 🟡 30% canary · step 3 of 5 · 1 failed check · [details](https://github.com/acme/deploys/runs/1)");
    expect(body).toContain("canary · 10 → 20 → 30 → 40 → 50 % every 1m · promotion after review by @acme/platform · rolls back after 3 failed checks (≥ 3m) · minimum duration 6m");
    expect(body).toContain("Commands: `/canary pause` · `/canary promote` · `/canary rollback`");
  });

  it("shows who paused and how to resume", () => {
    const body = renderPrComment(canary, record({ paused: { by: "octocat", at: T0 } }), ctx);
    expect(body).toContain("⏸ Paused at 30% by @octocat");
    expect(body).toContain("Comment `/canary resume` to continue.");
    expect(body).toContain("`/canary resume`");
    expect(body).not.toContain("`/canary pause`");
  });
});

describe("promotion and revert PRs", () => {
  it("titles and explains the promotion PR", () => {
    const pr = renderPromotionPr(canary, record({ phase: "WaitingPromotion" }), ctx, { who: "@acme/platform", why: "CODEOWNERS of apps/podinfo/" });
    expect(pr.title).toBe("Promote test/podinfo to 6.0.1");
    expect(pr.body).toContain("the primary `podinfo-primary` gets the canary's pod template");
    expect(pr.body).toContain("Review requested from @acme/platform (CODEOWNERS of apps/podinfo/)");
  });

  it("titles the revert PR after the source PR and says traffic is already back", () => {
    const pr = renderRevertPr(canary, record({ phase: "Failed", failureReason: "error-rate 4.2 outside max 1" }), { ...ctx, rollbackCommit: "e".repeat(40) });
    expect(pr.title).toBe('Revert "#42 Bump podinfo to 6.0.1" — canary failed');
    expect(pr.body).toContain("**Why:** error-rate 4.2 outside max 1.");
    expect(pr.body).toContain("original PR [#42](https://github.com/acme/deploys/pull/42)");
    expect(pr.body).toContain("Traffic is already back on the primary");
  });
});
