import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { httpRouteErrors } from "../support/crd-validator.js";
import { CLI_FIXTURES } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

interface StepJson {
  index: number;
  stage: string;
  code: string;
  phase: string;
  atMs: number;
  primaryWeight: number;
  canaryWeight: number;
  mirrored: boolean;
  iteration: number;
  note: string;
  commit: { subject: string; trailers: Record<string, string>; intent: { type: string } } | null;
  route: Record<string, any> | null;
}

interface CanaryJson {
  id: string;
  strategy: string;
  revision: string;
  weights: number[];
  iterations: number;
  analysisSteps: number;
  minDurationMs: number;
  totalDurationMs: number;
  rollbackAfterMs: number;
  gates: unknown[];
  writes: { path: string; owner: string; objects: string[] }[];
  steps: StepJson[];
}

async function planJson(...args: string[]): Promise<{ schemaVersion: number; canaries: CanaryJson[]; issues: unknown[]; valid: boolean; dir: string; promotionGate: string }> {
  const result = await runBin(["plan", "examples/gitops", "--format", "json", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

function byId(canaries: readonly CanaryJson[], id: string): CanaryJson {
  const found = canaries.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} in ${canaries.map((c) => c.id).join(", ")}`);
  return found;
}

const trail = (c: CanaryJson): string[] => c.steps.map((s) => `${s.phase}/${String(s.canaryWeight)}`);

describe("canary-bot plan --format json", () => {
  it("describes every example Canary with the machine's own sequences", async () => {
    const document = await planJson();
    expect(document).toMatchObject({ schemaVersion: 1, dir: "examples/gitops", promotionGate: "webhooks", valid: true, issues: [] });
    expect(document.canaries.map((c) => `${c.id} ${c.strategy}`)).toEqual([
      "ab-test/podinfo ab-testing",
      "bg-test/podinfo blue-green",
      "mirror-test/podinfo blue-green-mirroring",
      "sa-test/podinfo canary-session-affinity",
      "test/podinfo canary",
    ]);

    const canary = byId(document.canaries, "test/podinfo");
    expect(canary.weights).toEqual([10, 20, 30, 40, 50]);
    expect(trail(canary)).toEqual(["Progressing/0", "Progressing/10", "Progressing/20", "Progressing/30", "Progressing/40", "Progressing/50", "Promoting/50", "Finalising/0", "Succeeded/0"]);
    expect(canary).toMatchObject({ analysisSteps: 5, minDurationMs: 360_000, totalDurationMs: 480_000, rollbackAfterMs: 300_000 });
    expect(canary.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(canary.steps.map((s) => s.commit?.subject ?? null)).toEqual([
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      "canary: test/podinfo 10% → 20%",
      "canary: test/podinfo 20% → 30%",
      "canary: test/podinfo 30% → 40%",
      "canary: test/podinfo 40% → 50%",
      `canary: test/podinfo promote ${canary.revision.slice(0, 12)}`,
      "canary: test/podinfo 50% → 0%",
      `canary: test/podinfo finalise ${canary.revision.slice(0, 12)} (scale down canary)`,
    ]);

    const ab = byId(document.canaries, "ab-test/podinfo");
    expect(ab).toMatchObject({ weights: [], iterations: 10, analysisSteps: 10, minDurationMs: 11 * 30_000 });
    expect(trail(ab)).toEqual(["Progressing/0", ...Array.from({ length: 10 }, () => "Progressing/100"), "Promoting/100", "Finalising/0", "Succeeded/0"]);
    expect(ab.steps[1]!.route!.spec.rules.map((r: any) => r.backendRefs.map((b: any) => `${b.name}=${String(b.weight)}`))).toEqual([
      ["podinfo-primary=0", "podinfo-canary=100"],
      ["podinfo-primary=100"],
    ]);

    const bg = byId(document.canaries, "bg-test/podinfo");
    expect(trail(bg)).toEqual([
      "Progressing/0",
      ...Array.from({ length: 5 }, () => "Progressing/0"),
      "Progressing/100",
      "Promoting/100",
      "Finalising/0",
      "Succeeded/0",
    ]);
    expect(bg.steps.filter((s) => s.code === "iteration-advanced").map((s) => s.iteration)).toEqual([1, 2, 3, 4, 5]);

    const mirror = byId(document.canaries, "mirror-test/podinfo");
    expect(mirror.steps.map((s) => s.code)).toEqual([
      "rollout-started",
      "mirroring-started",
      "iteration-advanced",
      "iteration-advanced",
      "iteration-advanced",
      "iteration-advanced",
      "traffic-switched",
      "promotion-started",
      "finalising",
      "succeeded",
    ]);
    expect(mirror.steps[1]!.mirrored).toBe(true);
    expect(mirror.steps[1]!.route!.spec.rules[0].filters).toEqual([
      { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: "podinfo-canary", port: 9898 } } },
    ]);

    const sticky = byId(document.canaries, "sa-test/podinfo");
    expect(sticky.weights).toEqual([10, 20, 30, 40, 50]);
    const at20 = sticky.steps.find((s) => s.canaryWeight === 20)!;
    expect(at20.route!.spec.rules).toHaveLength(3);
    expect(JSON.stringify(at20.route)).toMatch(/canary-flagger-cookie=[a-zA-Z]{10}; Max-Age=21600/);
  });

  it("every HTTPRoute in the plan validates against the Gateway API CRD", async () => {
    const document = await planJson();
    let routes = 0;
    for (const canary of document.canaries) {
      for (const step of canary.steps) {
        if (step.route === null) continue;
        routes++;
        expect(httpRouteErrors(step.route), `${canary.id} step ${String(step.index)}`).toEqual([]);
        expect(step.route.metadata).toMatchObject({ name: "podinfo", namespace: canary.id.split("/")[0] });
      }
    }
    // Weighted: 5 weights + back to 0 + finalise (twice); A/B and blue/green: 1 + 2; mirroring: 2 + 2.
    expect(routes).toBe(24);
  });

  it("--promotion-gate pull-request adds the review gate and the promotion PR step", async () => {
    const document = await planJson("--canary", "test/podinfo", "--promotion-gate", "pull-request");
    expect(document.promotionGate).toBe("pull-request");
    expect(document.canaries).toHaveLength(1);
    const [canary] = document.canaries;
    expect(canary!.gates).toEqual([{ type: "confirm-promotion", via: "pull-request" }]);
    expect(canary!.steps.map((s) => s.code).slice(6)).toEqual(["promotion-pr-opened", "promotion-started", "finalising", "succeeded"]);
  });
});

describe("canary-bot plan", () => {
  it("prints the compact block per Canary", async () => {
    const result = await runBin(["plan", "examples/gitops", "--canary", "test/podinfo", "--promotion-gate", "pull-request"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: `test/podinfo  canary  (apps/podinfo/canary.yaml)
  steps     10 → 20 → 30 → 40 → 50 %, interval 1m, then promotion
  duration  ≥ 6m to promote · ≥ 5m to roll back (threshold 5)
  metrics   error-rate max 1 over 1m · latency max 0.5 over 30s
  webhooks  pre-rollout smoke-test · rollout load-test
  gates     confirm-promotion: review on the promotion PR
  writes    apps/podinfo/podinfo.canary-bot.yaml (generated: HTTPRoute podinfo, Deployment podinfo-primary)
            apps/podinfo/deployment.yaml (Deployment podinfo: spec.replicas)
  notes     not bootstrapped yet: the bootstrap PR adds apps/podinfo/podinfo.canary-bot.yaml first
`,
    });
  });

  it("accepts a bare Canary name when it is unique, and says which Canaries exist otherwise (exit 2)", async () => {
    const ambiguous = await runBin(["plan", "examples/gitops", "--canary", "podinfo"]);
    expect(ambiguous).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "canary-bot plan: --canary podinfo is ambiguous: ab-test/podinfo, bg-test/podinfo, mirror-test/podinfo, sa-test/podinfo, test/podinfo; give namespace/name\nRun canary-bot plan --help for usage.\n",
    });
    const missing = await runBin(["plan", "examples/gitops", "--canary", "test/podnfo"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "canary-bot plan: no Canary test/podnfo in examples/gitops; did you mean test/podinfo? (its Canaries: ab-test/podinfo, bg-test/podinfo, mirror-test/podinfo, sa-test/podinfo, test/podinfo)\nRun canary-bot plan --help for usage.\n",
    );
  });

  it("with invalid specs prints the validate output and exits 1", async () => {
    const text = await runBin(["plan", "gitops"], { cwd: join(CLI_FIXTURES, "typo") });
    const validate = await runBin(["validate", "gitops"], { cwd: join(CLI_FIXTURES, "typo") });
    expect(text).toEqual({ ...validate, code: 1 });
    const json = await runBin(["plan", "gitops", "--format", "json"], { cwd: join(CLI_FIXTURES, "typo") });
    expect(json.code).toBe(1);
    const document = JSON.parse(json.stdout);
    expect(document).toMatchObject({ schemaVersion: 1, dir: "gitops", valid: false, canaries: [] });
    expect(document.issues.map((i: { text: string }) => i.text)).toEqual(JSON.parse((await runBin(["validate", "gitops", "--format", "json"], { cwd: join(CLI_FIXTURES, "typo") })).stdout).repositories[0].issues.map((i: { text: string }) => i.text));
  });

  it("takes one directory and checks its options (exit 2)", async () => {
    expect((await runBin(["plan", "a", "b"])).stderr).toBe("canary-bot plan: unexpected argument b: this command takes at most 1\nRun canary-bot plan --help for usage.\n");
    expect((await runBin(["plan", "examples/gitops", "--promotion-gate", "review"])).stderr).toBe(
      'canary-bot plan: --promotion-gate must be webhooks or pull-request, got "review"\nRun canary-bot plan --help for usage.\n',
    );
  });
});
