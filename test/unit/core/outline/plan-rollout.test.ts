import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bootstrapFiles } from "../../../../src/core/gitops/bootstrap.js";
import { outlineOf, outlineOfPlan } from "../../../../src/core/outline/outline-of.js";
import { planRollout } from "../../../../src/core/outline/plan-rollout.js";
import type { PlannedStep, RolloutPlan } from "../../../../src/core/outline/types.js";
import { canaryRevision } from "../../../../src/core/revision/canary-revision.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import type { RepositoryIndex } from "../../../../src/core/spec/repository-index.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";
import type { AnalysisOverrides } from "../machine/harness.js";
import { canaryWith, metric, webhook } from "../machine/harness.js";

function plan(canary: ResolvedCanary, options: Parameters<typeof planRollout>[2] = {}, index?: RepositoryIndex): RolloutPlan {
  const result = planRollout(canary, index, options);
  if ("issues" in result) throw new Error(result.issues.map((i) => i.message).join("\n"));
  return result.plan;
}

function withAnalysis(analysis: AnalysisOverrides): ResolvedCanary {
  return canaryWith({ analysis: { metrics: [metric("error-rate")], ...analysis } });
}

/** `Progressing/10` per step, as the machine's own tests write sequences. */
function trail(p: RolloutPlan): string[] {
  return p.steps.map((s) => `${s.phase}/${String(s.canaryWeight)}`);
}

function subjects(p: RolloutPlan): (string | undefined)[] {
  return p.steps.map((s) => s.commit?.subject);
}

function expectValidRoutes(p: RolloutPlan): void {
  const routes = p.steps.filter((s) => s.route !== undefined);
  expect(routes.length).toBeGreaterThan(0);
  for (const step of routes) expect(httpRouteErrors(step.route), `step ${String(step.index)}`).toEqual([]);
}

/** Weights of the generated route's weighted rule: [primary, canary]. */
function routeWeights(step: PlannedStep): number[][] {
  const rules = (step.route as { spec: { rules: { backendRefs: { weight: number }[] }[] } }).spec.rules;
  return rules.map((r) => r.backendRefs.map((b) => b.weight));
}

describe("weighted canary (the machine's sequences, flagger.md §3.3)", () => {
  it.each([
    { name: "stepWeight 10, maxWeight 50", analysis: { stepWeight: 10, maxWeight: 50 }, weights: [10, 20, 30, 40, 50] },
    { name: "stepWeight 20, maxWeight 50 overshoots to 60", analysis: { stepWeight: 20, maxWeight: 50 }, weights: [20, 40, 60] },
    { name: "stepWeights [1, 2, 10, 80]", analysis: { stepWeight: undefined, stepWeights: [1, 2, 10, 80] }, weights: [1, 2, 10, 80] },
  ])("$name", ({ analysis, weights }) => {
    const p = plan(withAnalysis(analysis));
    const last = weights[weights.length - 1]!;
    expect(p.weights).toEqual(weights);
    expect(p.analysisSteps).toBe(weights.length);
    expect(trail(p)).toEqual(["Progressing/0", ...weights.map((w) => `Progressing/${String(w)}`), `Promoting/${String(last)}`, "Finalising/0", "Succeeded/0"]);
    expect(subjects(p)).toEqual([
      "canary: test/podinfo scale up canary",
      ...weights.map((w, i) => `canary: test/podinfo ${String(i === 0 ? 0 : weights[i - 1])}% → ${String(w)}%`),
      "canary: test/podinfo promote next",
      `canary: test/podinfo ${String(last)}% → 0%`,
      "canary: test/podinfo finalise next (scale down canary)",
    ]);
    expect(p.steps.map((s) => s.stage)).toEqual(["start", ...weights.map(() => "analysis"), "promotion", "promotion", "promotion"]);
    // One interval (60 s) per step, every commit applied at once.
    expect(p.steps.map((s) => s.atMs / 1000)).toEqual(p.steps.map((_, i) => i * 60));
    expect(p.minDurationMs).toBe((weights.length + 1) * 60_000);
    expect(p.totalDurationMs).toBe((weights.length + 3) * 60_000);
    expect(p.rollbackAfterMs).toBe(300_000);
    for (const step of p.steps.filter((s) => s.route !== undefined)) {
      expect(routeWeights(step)).toEqual([[step.primaryWeight, step.canaryWeight]]);
    }
    expectValidRoutes(p);
  });

  it("stepWeightPromotion shifts traffic back in steps (Flagger's DeploymentAnalysisPhases)", () => {
    const p = plan(withAnalysis({ stepWeight: 100, maxWeight: 100, stepWeightPromotion: 50 }));
    expect(trail(p)).toEqual(["Progressing/0", "Progressing/100", "Promoting/100", "Promoting/50", "Finalising/0", "Succeeded/0"]);
    expect(p.steps.map((s) => s.code)).toEqual([
      "rollout-started",
      "weight-increased",
      "promotion-started",
      "promotion-traffic-shifted",
      "finalising",
      "succeeded",
    ]);
    expectValidRoutes(p);
  });

  it("writes trailers with the step index and no source PR", () => {
    const p = plan(withAnalysis({ stepWeight: 50, maxWeight: 50 }));
    expect(p.steps[1]!.commit).toEqual({
      subject: "canary: test/podinfo 0% → 50%",
      trailers: { Canary: "test/podinfo", "Canary-Revision": "next", "Canary-Step": "1", "Canary-Phase": "Progressing" },
      intent: { type: "route", traffic: { primaryWeight: 50, canaryWeight: 50, mirrored: false } },
    });
  });
});

describe("A/B testing (flagger.md §3.4)", () => {
  const canary = withAnalysis({ stepWeight: undefined, iterations: 10, match: [{ headers: { "x-canary": { exact: "insider" } } }] });

  it("routes matching requests to the canary for 10 iterations with one route commit, then promotes", () => {
    const p = plan(canary);
    expect(p.strategy).toBe("ab-testing");
    expect(p.weights).toEqual([]);
    expect(p.iterations).toBe(10);
    expect(p.analysisSteps).toBe(10);
    expect(trail(p)).toEqual(["Progressing/0", ...Array.from({ length: 10 }, () => "Progressing/100"), "Promoting/100", "Finalising/0", "Succeeded/0"]);
    expect(p.steps.filter((s) => s.code === "iteration-advanced").map((s) => s.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(subjects(p).filter((s) => s !== undefined)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 100% for requests matching analysis.match",
      "canary: test/podinfo promote next",
      "canary: test/podinfo 100% → 0%",
      "canary: test/podinfo finalise next (scale down canary)",
    ]);
    expect(p.minDurationMs).toBe(11 * 60_000);
    expectValidRoutes(p);
  });

  it("the matched rule carries the header condition and the canary weight; the default rule stays on the primary", () => {
    const route = plan(canary).steps[1]!.route as { spec: { rules: { matches: unknown[]; backendRefs: { name: string; weight: number }[] }[] } };
    expect(route.spec.rules.map((r) => r.backendRefs.map((b) => `${b.name}=${String(b.weight)}`))).toEqual([
      ["podinfo-primary=0", "podinfo-canary=100"],
      ["podinfo-primary=100"],
    ]);
    expect(route.spec.rules[0]!.matches).toEqual([{ path: { type: "PathPrefix", value: "/" }, headers: [{ type: "Exact", name: "x-canary", value: "insider" }] }]);
  });
});

describe("blue/green (flagger.md §3.5)", () => {
  it("keeps traffic on the primary for the iterations, then all traffic to the canary for one analysis", () => {
    const p = plan(withAnalysis({ stepWeight: undefined, iterations: 3 }));
    expect(p.strategy).toBe("blue-green");
    expect(trail(p)).toEqual([
      "Progressing/0",
      "Progressing/0",
      "Progressing/0",
      "Progressing/0",
      "Progressing/100",
      "Promoting/100",
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(subjects(p).filter((s) => s !== undefined)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 100%",
      "canary: test/podinfo promote next",
      "canary: test/podinfo 100% → 0%",
      "canary: test/podinfo finalise next (scale down canary)",
    ]);
    expect(p.analysisSteps).toBe(4);
    expectValidRoutes(p);
  });

  it("with mirroring: the mirror filter during the iterations, then 0/100, then promotion", () => {
    const p = plan(withAnalysis({ stepWeight: undefined, iterations: 2, mirror: true }));
    expect(p.strategy).toBe("blue-green-mirroring");
    expect(p.steps.flatMap((s) => (s.commit === undefined ? [] : [s.commit.intent]))).toEqual([
      { type: "scale-up-canary", replicas: 1 },
      { type: "route", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: true } },
      { type: "route", traffic: { primaryWeight: 0, canaryWeight: 100, mirrored: false } },
      { type: "promote", revision: "next" },
      { type: "route", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false } },
      { type: "finalise", traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false }, scaleCanaryToZero: true },
    ]);
    const mirrored = p.steps.find((s) => s.mirrored)!;
    expect(mirrored.code).toBe("mirroring-started");
    const rule = (mirrored.route as { spec: { rules: { filters?: unknown[] }[] } }).spec.rules[0]!;
    expect(rule.filters).toEqual([
      { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: "podinfo-canary", port: 9898 } } },
    ]);
    expectValidRoutes(p);
  });
});

describe("canary with session affinity (flagger.md §3.6)", () => {
  it("adds cookie rules while the canary has weight and retires the canary cookie at 0", () => {
    const canary = withAnalysis({
      stepWeight: 50,
      maxWeight: 50,
      sessionAffinity: { cookieName: "flagger-cookie", primaryCookieName: "primary-cookie", maxAge: 86400 },
    });
    const p = plan(canary);
    expect(p.strategy).toBe("canary-session-affinity");
    expect(p.weights).toEqual([50]);
    const weighted = p.steps.find((s) => s.canaryWeight === 50 && s.route !== undefined)!;
    const rules = (weighted.route as { spec: { rules: { matches: { headers?: { name: string; value: string }[] }[] }[] } }).spec.rules;
    expect(rules).toHaveLength(3);
    expect(rules[0]!.matches[0]!.headers![0]!.name).toBe("Cookie");
    expect(rules[0]!.matches[0]!.headers![0]!.value).toMatch(/^\.\*flagger-cookie\.\*[a-zA-Z]{10}\.\*$/);
    expect(rules[1]!.matches[0]!.headers![0]!.value).toMatch(/^\.\*primary-cookie\.\*[a-zA-Z]{10}\.\*$/);
    const back = p.steps.find((s) => s.code === "finalising")!;
    const intent = back.commit!.intent;
    expect(intent.type === "route" ? intent.traffic.previousCookie : undefined).toMatch(/^flagger-cookie=[a-zA-Z]{10}$/);
    // The weight-0 route answers the old cookie with Max-Age=-1.
    expect(JSON.stringify(back.route)).toContain("Max-Age=-1");
    expectValidRoutes(p);
  });
});

describe("gates", () => {
  it("lists the confirm hooks the engine asks, and the promotion PR when the promotion gate is a pull request", () => {
    const canary = withAnalysis({
      stepWeight: 25,
      maxWeight: 50,
      webhooks: [webhook("approve-rollout", "confirm-rollout"), webhook("more-traffic", "confirm-traffic-increase"), webhook("promote", "confirm-promotion"), webhook("load", "rollout")],
    });
    const p = plan(canary, { promotionGate: "pull-request" });
    expect(p.gates).toEqual([
      { type: "confirm-rollout", via: "webhook", name: "approve-rollout", url: "http://flagger-loadtester.test/approve-rollout" },
      { type: "confirm-traffic-increase", via: "webhook", name: "more-traffic", url: "http://flagger-loadtester.test/more-traffic" },
      { type: "confirm-promotion", via: "webhook", name: "promote", url: "http://flagger-loadtester.test/promote" },
      { type: "confirm-promotion", via: "pull-request" },
    ]);
    const opened = p.steps.find((s) => s.code === "promotion-pr-opened")!;
    const promoted = p.steps.find((s) => s.code === "promotion-started")!;
    expect(opened).toMatchObject({ phase: "WaitingPromotion", stage: "promotion" });
    expect(opened.commit).toBeUndefined();
    // Approved as soon as it opens: the plan shows the fastest path.
    expect(promoted.atMs).toBe(opened.atMs);
    expect(promoted.note).toBe("promotion PR approved by @reviewer");
    expect(p.minDurationMs).toBe(3 * 60_000);
  });

  it("says which configured hooks a strategy never calls", () => {
    const p = plan(withAnalysis({ stepWeight: undefined, iterations: 2, webhooks: [webhook("more-traffic", "confirm-traffic-increase")] }));
    expect(p.gates).toEqual([]);
    expect(p.notes).toEqual(["webhook more-traffic (confirm-traffic-increase) is never called in a blue-green rollout"]);
  });

  it("skipAnalysis promotes at once", () => {
    const p = plan(canaryWith({ skipAnalysis: true, analysis: { metrics: [metric("error-rate")] } }));
    // Nothing was ever routed to the canary, so there is no traffic to shift back.
    expect(p.steps.map((s) => s.code)).toEqual(["rollout-started", "promotion-started", "succeeded"]);
    expect(p.analysisSteps).toBe(0);
    expect(p.notes).toEqual(["skipAnalysis: a new revision is promoted without analysis"]);
  });
});

const EXAMPLES = join(import.meta.dirname, "../../../../examples/gitops");

function readTree(root: string, dir = ""): RepositoryFile[] {
  return readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = dir === "" ? name : `${dir}/${name}`;
      return statSync(join(root, path)).isDirectory() ? readTree(root, path) : [{ path, content: readFileSync(join(root, path), "utf8") }];
    });
}

function exampleCanary(index: RepositoryIndex, namespace: string): ResolvedCanary {
  const canary = index.canaries.find((c) => c.namespace === namespace);
  if (canary === undefined) throw new Error(`no Canary in ${namespace}`);
  return canary;
}

describe("with the repository (examples/gitops)", () => {
  const files = readTree(EXAMPLES);
  const index = loadRepository(files);

  it("rolls out the target's revision, scales the canary to the HPA's minReplicas and names the files it writes", () => {
    const canary = exampleCanary(index, "test");
    const p = plan(canary, {}, index);
    const revision = canaryRevision(index, canary)!.revision;
    expect(p.revision).toBe(revision);
    expect(p.steps[0]!.commit!.intent).toEqual({ type: "scale-up-canary", replicas: 2 });
    expect(p.steps.find((s) => s.code === "promotion-started")!.commit!.subject).toBe(`canary: test/podinfo promote ${revision.slice(0, 12)}`);
    expect(p.writes).toEqual([
      {
        path: "apps/podinfo/podinfo.canary-bot.yaml",
        owner: "canary-bot",
        objects: ["HTTPRoute podinfo", "Deployment podinfo-primary"],
        reason: "generated: route weights at every step, primary at promotion",
      },
      { path: "apps/podinfo/deployment.yaml", owner: "user", objects: ["Deployment podinfo: spec.replicas"], reason: "canary scaled up for the rollout and to 0 after it" },
    ]);
    expect(p.needsBootstrap).toBe(true);
    expect(p.metrics).toEqual([
      { name: "error-rate", threshold: "max 1", thresholdRange: { max: 1 }, interval: "1m", source: "template", templateRef: { namespace: "flagger-system", name: "error-rate" } },
      { name: "latency", threshold: "max 0.5", thresholdRange: { max: 0.5 }, interval: "30s", source: "template", templateRef: { namespace: "flagger-system", name: "latency" } },
    ]);
  });

  it("patches an adopted HTTPRoute instead of generating one, keeping its other rules", () => {
    const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: podinfo
  namespace: test
spec:
  parentRefs:
    - name: gateway
      namespace: istio-ingress
  hostnames:
    - www.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /static
      backendRefs:
        - name: static-files
          port: 8080
    - backendRefs:
        - name: podinfo
          port: 9898
`;
    const adopted = loadRepository([...files, { path: "apps/podinfo/route.yaml", content: route }]);
    const canary = exampleCanary(adopted, "test");
    const p = plan(canary, {}, adopted);
    expect(p.writes.map((w) => [w.path, w.objects])).toEqual([
      ["apps/podinfo/podinfo.canary-bot.yaml", ["Deployment podinfo-primary"]],
      ["apps/podinfo/deployment.yaml", ["Deployment podinfo: spec.replicas"]],
      ["apps/podinfo/route.yaml", ["HTTPRoute podinfo: backendRefs of the rules to Service podinfo"]],
    ]);
    const at30 = p.steps.find((s) => s.canaryWeight === 30)!.route as { spec: { hostnames: string[]; rules: { backendRefs: { name: string; weight?: number }[] }[] } };
    expect(at30.spec.hostnames).toEqual(["www.example.com"]);
    expect(at30.spec.rules.map((r) => r.backendRefs.map((b) => `${b.name}=${String(b.weight)}`))).toEqual([
      ["static-files=undefined"],
      ["podinfo-primary=70", "podinfo-canary=30"],
    ]);
    expectValidRoutes(p);
  });

  it("plans every example Canary with routes that validate against the HTTPRoute CRD", () => {
    expect(index.issues).toEqual([]);
    expect(index.canaries.map((c) => `${c.namespace}:${c.strategy}`).sort()).toEqual([
      "ab-test:ab-testing",
      "bg-test:blue-green",
      "mirror-test:blue-green-mirroring",
      "sa-test:canary-session-affinity",
      "test:canary",
    ]);
    for (const canary of index.canaries) expectValidRoutes(plan(canary, {}, index));
  });
});

describe("outlineOf", () => {
  it("gives the numbers the check run and the PR comment show, the same as the plan's", () => {
    const canary = withAnalysis({ stepWeight: 10, maxWeight: 50, threshold: 3 });
    expect(outlineOf(canary)).toEqual({
      strategy: "canary",
      weights: [10, 20, 30, 40, 50],
      iterations: 0,
      intervalSeconds: 60,
      totalSteps: 5,
      minDurationMs: 360_000,
      rollbackAfterMs: 180_000,
      threshold: 3,
    });
    expect(outlineOf(canary)).toEqual(outlineOfPlan(plan(canary)));
  });

  it("for blue/green counts the iterations and the analysis with all traffic on the canary", () => {
    const canary = withAnalysis({ stepWeight: undefined, iterations: 5, intervalSeconds: 30 });
    expect(outlineOf(canary)).toMatchObject({ strategy: "blue-green", weights: [], iterations: 5, totalSteps: 6, minDurationMs: 7 * 30_000 });
  });
});

describe("after the bootstrap PR is merged", () => {
  it("the examples bootstrap cleanly, and the plan then scales the canary to the primary's replicas", () => {
    const files = readTree(EXAMPLES);
    const index = loadRepository(files);
    let bootstrapped: RepositoryFile[] = [...files];
    for (const canary of index.canaries) {
      const result = bootstrapFiles(canary, { files: bootstrapped, revision: canaryRevision(index, canary)!.revision });
      if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("\n"));
      for (const change of result.value.changes) {
        bootstrapped = [...bootstrapped.filter((f) => f.path !== change.path), ...(change.content === null ? [] : [{ path: change.path, content: change.content }])];
      }
    }
    const after = loadRepository(bootstrapped);
    expect(after.issues).toEqual([]);
    expect(bootstrapped.map((f) => f.path).filter((p) => p.endsWith(".canary-bot.yaml")).sort()).toEqual([
      "apps/podinfo-ab/podinfo.canary-bot.yaml",
      "apps/podinfo-bluegreen/podinfo.canary-bot.yaml",
      "apps/podinfo-mirroring/podinfo.canary-bot.yaml",
      "apps/podinfo-session-affinity/podinfo.canary-bot.yaml",
      "apps/podinfo/podinfo.canary-bot.yaml",
    ]);
    const canary = exampleCanary(after, "bg-test");
    const p = plan(canary, {}, after);
    expect(p.needsBootstrap).toBe(false);
    // The target is at 0 after the bootstrap; the primary keeps the 2 replicas it was given.
    expect(p.steps[0]!.commit!.intent).toEqual({ type: "scale-up-canary", replicas: 2 });
  });
});

describe("a Canary that cannot complete", () => {
  it("is an issue on the Canary, not a hang (validation rejects such specs before)", () => {
    const canary = canaryWith({ analysis: { stepWeight: undefined, stepWeights: undefined } });
    const result = planRollout(canary);
    expect(result).toEqual({
      issues: [
        {
          location: { file: "apps/podinfo/canary.yaml", line: 1, column: 1 },
          field: "spec.analysis",
          message:
            "the rollout does not reach promotion even when every check passes: it stops in phase Progressing (no-step-configured: test/podinfo has no stepWeight or stepWeights to advance by)",
          severity: "error",
        },
      ],
    });
    expect(outlineOf(canary)).toMatchObject({ weights: [], totalSteps: 1, minDurationMs: 60_000 });
  });
});
