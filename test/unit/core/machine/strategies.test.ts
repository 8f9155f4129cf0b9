import { describe, expect, it } from "vitest";
import { canaryWith, metric, play, trailOf, webhook } from "./harness.js";


describe("weighted canary (flagger.md §3.3)", () => {
  it.each([
    { name: "stepWeight 10, maxWeight 50", analysis: { stepWeight: 10, maxWeight: 50 }, weights: [10, 20, 30, 40, 50] },
    { name: "stepWeight 20, maxWeight 50 overshoots to 60", analysis: { stepWeight: 20, maxWeight: 50 }, weights: [20, 40, 60] },
    { name: "stepWeights [1, 2, 10, 80]", analysis: { stepWeight: undefined, stepWeights: [1, 2, 10, 80] }, weights: [1, 2, 10, 80] },
    { name: "stepWeight 25 reaching 100", analysis: { stepWeight: 25, maxWeight: 100 }, weights: [25, 50, 75, 100] },
  ])("$name", ({ analysis, weights }) => {
    const canary = canaryWith({ analysis: { ...analysis, metrics: [metric("request-success-rate")] } });
    const result = play(canary);
    const last = weights[weights.length - 1]!;
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      ...weights.map((w) => `Progressing/${String(w)}`),
      `Promoting/${String(last)}`,
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(result.commits.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      ...weights.map((w, i) => `canary: test/podinfo ${String(i === 0 ? 0 : weights[i - 1])}% → ${String(w)}%`),
      "canary: test/podinfo promote rev-2",
      `canary: test/podinfo ${String(last)}% → 0%`,
      "canary: test/podinfo finalise rev-2 (scale down canary)",
    ]);
    expect(result.world).toMatchObject({ primaryRevision: "rev-2", canaryReplicas: 0, traffic: { primaryWeight: 100, canaryWeight: 0 } });
    expect(result.alerts.map((a) => a.message)).toEqual([
      "New revision detected, progressing canary analysis.",
      "Canary analysis completed successfully, promotion finished.",
    ]);
  });

  it("stepWeight 100 with stepWeightPromotion 50 matches Flagger's DeploymentAnalysisPhases", () => {
    const canary = canaryWith({ analysis: { stepWeight: 100, maxWeight: 100, stepWeightPromotion: 50 } });
    const result = play(canary);
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/100",
      "Promoting/100",
      "Promoting/50",
      "Finalising/0",
      "Succeeded/0",
    ]);
  });

  it("measures an interval after each commit is applied, and analyses only with traffic on the canary", () => {
    const canary = canaryWith({ analysis: { stepWeight: 25, maxWeight: 50, metrics: [metric("error-rate")] } });
    const result = play(canary);
    // scale-up at T0, applied 5 s later; the first weight 60 s after that, and so on.
    expect(result.commits.slice(0, 3).map((c) => (c.at - result.commits[0]!.at) / 1000)).toEqual([0, 65, 130]);
    // Metrics are asked for at 25 % and at 50 %, never at 0 % (pre-rollout time).
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(2);
    const rows = result.record!.steps;
    expect(rows.map((row) => row.note)).toEqual([
      "new revision rev-2: scaling up the canary",
      "weight 0% → 25%",
      "weight 25% → 50%",
      "analysis passed: promote rev-2",
      "all traffic back to the primary",
      "promotion finished",
    ]);
    expect(rows[2]!.metrics.map((m) => m.name)).toEqual(["error-rate"]);
    expect(rows.slice(0, 5).every((row) => row.commit?.verified === true)).toBe(true);
  });

  it("writes trailers that make the history machine-readable", () => {
    const canary = canaryWith({ analysis: { stepWeight: 50, maxWeight: 50 } });
    const result = play(canary);
    const second = result.effects.filter((e) => e.kind === "commit")[1];
    expect(second).toEqual({
      kind: "commit",
      intent: { type: "route", traffic: { primaryWeight: 50, canaryWeight: 50, mirrored: false } },
      subject: "canary: test/podinfo 0% → 50%",
      trailers: {
        Canary: "test/podinfo",
        "Canary-Revision": "rev-2",
        "Canary-Step": "1",
        "Canary-Phase": "Progressing",
        "Canary-Source": "#42",
      },
    });
  });
});

describe("A/B testing (flagger.md §3.4)", () => {
  it("routes matching requests to the canary for 10 iterations, then promotes", () => {
    const canary = canaryWith({
      analysis: {
        stepWeight: undefined,
        iterations: 10,
        match: [{ headers: { "x-canary": { exact: "insider" } } }],
        metrics: [metric("request-success-rate")],
      },
    });
    expect(canary.strategy).toBe("ab-testing");
    const result = play(canary);
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      ...Array.from({ length: 10 }, () => "Progressing/100"),
      "Promoting/100",
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(result.record!.steps.filter((s) => s.note.startsWith("iteration")).map((s) => s.iteration)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    // One route commit for the matched rule, not one per iteration.
    expect(result.commits.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 100% for requests matching analysis.match",
      "canary: test/podinfo promote rev-2",
      "canary: test/podinfo 100% → 0%",
      "canary: test/podinfo finalise rev-2 (scale down canary)",
    ]);
    // Ten analyses: iterations 2..10 and the one that decides promotion.
    expect(result.requests.filter((r) => r.kind === "metrics")).toHaveLength(10);
  });
});

describe("blue/green (flagger.md §3.5)", () => {
  it("keeps traffic on the primary for the iterations, then all traffic to the canary for one analysis", () => {
    const canary = canaryWith({ analysis: { stepWeight: undefined, iterations: 3, metrics: [metric("error-rate")] } });
    expect(canary.strategy).toBe("blue-green");
    const result = play(canary);
    expect(trailOf(result)).toEqual([
      "Progressing/0",
      "Progressing/0",
      "Progressing/0",
      "Progressing/0",
      "Progressing/100",
      "Promoting/100",
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(result.commits.map((c) => c.subject)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 100%",
      "canary: test/podinfo promote rev-2",
      "canary: test/podinfo 100% → 0%",
      "canary: test/podinfo finalise rev-2 (scale down canary)",
    ]);
  });

  it("with mirroring: mirror filter during the iterations, then 0/100 for one analysis, then promotion", () => {
    const canary = canaryWith({
      analysis: { stepWeight: undefined, iterations: 2, mirror: true, metrics: [metric("error-rate")] },
    });
    expect(canary.strategy).toBe("blue-green-mirroring");
    const result = play(canary);
    expect(result.commits.map((c) => c.intent)).toEqual([
      { type: "scale-up-canary", replicas: 2 },
      { type: "route", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: true } },
      { type: "route", traffic: { primaryWeight: 0, canaryWeight: 100, mirrored: false } },
      { type: "promote", revision: "rev-2" },
      { type: "route", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false } },
      { type: "finalise", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false }, scaleCanaryToZero: true },
    ]);
    expect(result.commits[2]!.subject).toBe("canary: test/podinfo stop mirroring, 0% → 100%");
    // Mirrored traffic is analysed (no second pre-rollout at weight 0).
    expect(result.codes.filter((c) => c !== "waiting-interval" && c !== "waiting-applied")).toEqual([
      "rollout-started",
      "mirroring-started",
      "iteration-advanced",
      "traffic-switched",
      "promotion-started",
      "finalising",
      "succeeded",
    ]);
  });
});

describe("canary with session affinity (flagger.md §3.6)", () => {
  const canary = canaryWith({
    analysis: {
      stepWeight: 50,
      maxWeight: 50,
      sessionAffinity: { cookieName: "flagger-cookie", primaryCookieName: "primary-cookie", maxAge: 86400 },
    },
  });

  it("generates the cookies with the first weight above 0, keeps them, and retires the canary cookie at 0", () => {
    expect(canary.strategy).toBe("canary-session-affinity");
    const result = play(canary);
    const routes = result.commits.filter((c) => c.intent.type === "route" || c.intent.type === "finalise");
    const traffic = routes.map((c) => ("traffic" in c.intent ? c.intent.traffic : undefined));
    const first = traffic[0]!;
    expect(first.canaryWeight).toBe(50);
    expect(first.canaryCookie).toMatch(/^flagger-cookie=[a-zA-Z]{10}$/);
    expect(first.primaryCookie).toMatch(/^primary-cookie=[a-zA-Z]{10}$/);
    expect(first.previousCookie).toBeUndefined();
    const back = traffic[1]!;
    expect(back).toEqual({ primaryWeight: 100, canaryWeight: 0, mirrored: false, previousCookie: first.canaryCookie });
    expect(result.record!.traffic.previousCookie).toBe(first.canaryCookie);
    expect(result.record!.traffic.canaryCookie).toBeUndefined();
  });

  it("derives cookie values from the run, so a replay produces the same route", () => {
    const a = play(canary).commits[1]!.intent;
    const b = play(canary).commits[1]!.intent;
    expect(a).toEqual(b);
    const later = play(canary, {}, { now: Date.UTC(2025, 1, 1) }).commits[1]!.intent;
    expect(later).not.toEqual(a);
  });

  it("moves the cookie to previousCookie on rollback", () => {
    const withMetric = canaryWith({ ...canary, analysis: { ...canary.analysis, stepWeight: 25, threshold: 1, metrics: [metric("error-rate")] } });
    const result = play(withMetric, { metrics: () => "fail" });
    const rollback = result.commits.at(-1)!;
    expect(rollback.intent.type).toBe("rollback");
    const cookie = result.commits[1]!.intent.type === "route" ? result.commits[1]!.intent.traffic.canaryCookie : undefined;
    expect(cookie).toMatch(/^flagger-cookie=/);
    expect(rollback.intent).toEqual({
      type: "rollback",
      traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false, previousCookie: cookie },
      scaleCanaryToZero: true,
    });
  });
});

describe("pre-rollout and rollout hooks", () => {
  it("runs pre-rollout before the first step and rollout hooks before every analysis", () => {
    const canary = canaryWith({
      analysis: {
        stepWeight: 25,
        maxWeight: 50,
        webhooks: [webhook("smoke", "pre-rollout"), webhook("load", "rollout")],
        metrics: [metric("error-rate")],
      },
    });
    const result = play(canary);
    const order = result.requests.map((r) => (r.kind === "metrics" ? "metrics" : r.type));
    expect(order).toEqual(["pre-rollout", "rollout", "metrics", "rollout", "metrics"]);
    expect(result.record!.steps[1]!.webhooks.map((w) => `${w.type}:${w.name}`)).toEqual(["pre-rollout:smoke"]);
  });
});
