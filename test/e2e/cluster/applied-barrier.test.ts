/**
 * The real engine against the real Kubernetes adapter: the simulation drives reconcile ticks on a
 * local GitOps repository while a fake API server holds what Flux, the Deployment controller and
 * a Gateway report. The test plays those controllers from the simulation's per-tick callback, so
 * it decides exactly when each bot commit is applied and when pods are ready.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesClusterObserver } from "../../../src/adapters/kubernetes/kubernetes-cluster-observer.js";
import { loadKubeconfig } from "../../../src/adapters/kubernetes/load-kubeconfig.js";
import { runSimulation, type SimulationResult } from "../../../src/cli/simulate/run-simulation.js";
import type { RolloutRecord } from "../../../src/core/machine/types.js";
import { parseScenario } from "../../../src/core/scenario/parse-scenario.js";
import type { Scenario } from "../../../src/core/scenario/types.js";
import { HEALTHY_ROLLOUT } from "../../support/bot-harness-history.js";
import { exampleRepo } from "../../support/demo-repo.js";
import { FakeKubeApiServer } from "../../support/fake-kube-apiserver.js";
import type { TestGitRepo } from "../../support/git-repo.js";
import { FluxPlay, KUSTOMIZATION } from "./flux-play.js";

const START = Date.UTC(2026, 10, 22, 14, 0, 0);
const KUSTOMIZATION_PATH = "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps";
const CHECK_RUN = "check-run.test-podinfo.md";
/** Ticks a held commit or unready canary is kept waiting: 4 polls of 10 s, inside the 60 s deadline. */
const HOLD_TICKS = 4;

const HEALTHY_SUBJECTS = [
  "canary: test/podinfo bootstrap",
  "Merge pull request #1 from canary-bot/bootstrap/test/podinfo",
  ...HEALTHY_ROLLOUT,
];

function healthy(): Scenario {
  const file = new URL("../../../examples/scenarios/healthy.yaml", import.meta.url);
  const parsed = parseScenario("examples/scenarios/healthy.yaml", readFileSync(file, "utf8"));
  if ("issues" in parsed) throw new Error(JSON.stringify(parsed.issues));
  return parsed.scenario;
}

/** One tick as the test sees it: the decision's code, the stored record, the branch tip. */
interface Tick {
  readonly index: number;
  readonly code: string;
  readonly record: RolloutRecord;
  readonly head: string;
  /** The check-run markdown right after this tick. */
  readonly checkRun: string;
}

interface Run {
  readonly result: SimulationResult;
  readonly ticks: readonly Tick[];
  readonly out: string;
}

let fake: FakeKubeApiServer;
let repo: TestGitRepo;
let before: string;
let flux: FluxPlay;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  ({ repo, before } = exampleRepo());
  flux = new FluxPlay(fake, repo);
  flux.install();
  // The cluster runs the branch as it is before the rollout starts.
  flux.apply();
  fake.clearCalls();
});
afterEach(() => {
  repo.remove();
  for (const c of cleanup.splice(0)) c();
});

function outDir(): string {
  const out = mkdtempSync(join(tmpdir(), "canary-bot-cluster-out-"));
  cleanup.push(() => {
    rmSync(out, { recursive: true, force: true });
  });
  return out;
}

/**
 * Runs the rollout of the bump with the Kubernetes observer. `play` is Flux and the controllers:
 * it runs after every tick and decides what the cluster reports at the next one.
 */
async function simulate(play: (tick: Tick) => void, options: { cluster: boolean } = { cluster: true }): Promise<Run> {
  const out = outDir();
  const ticks: Tick[] = [];
  let code = "";
  const observer = new KubernetesClusterObserver(loadKubeconfig("test", fake.kubeconfig()), { cluster: "test", nudgeFlux: false });
  const result = await runSimulation({
    repoDir: repo.dir,
    canary: "test/podinfo",
    from: before,
    scenario: healthy(),
    speed: Number.POSITIVE_INFINITY,
    outDir: out,
    applyDelayMs: 30_000,
    promotionGate: "webhooks",
    maxSimulatedMs: 2 * 3_600_000,
    start: START,
    ...(options.cluster ? { cluster: observer, gitops: { tool: "flux" as const, name: "apps", namespace: "flux-system" } } : {}),
    events: {
      tick: (event) => {
        code = event.code;
      },
    },
    onRecord: (record) => {
      const tick: Tick = { index: ticks.length, code, record, head: flux.head(), checkRun: readCheckRun(out) };
      ticks.push(tick);
      play(tick);
    },
    onNote: () => undefined,
  });
  return { result, ticks, out };
}

/** The check run as last written; none before the run has a source commit to report on. */
function readCheckRun(out: string): string {
  const path = join(out, CHECK_RUN);
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function subjects(result: SimulationResult): string[] {
  return repo.git("log", "--format=%s", `${result.startHead}..${result.endHead}`).split("\n").reverse();
}

/** The ticks after the first one whose record waits for the commit `subject`, up to `count`. */
function ticksAfterCommit(ticks: readonly Tick[], subject: string, count: number): { commit: Tick; after: Tick[] } {
  const commit = ticks.find((t) => t.record.barrier?.subject === subject);
  if (commit === undefined) throw new Error(`no tick committed "${subject}"; barriers seen: ${ticks.map((t) => t.record.barrier?.subject ?? "-").join(", ")}`);
  const after = ticks.slice(commit.index + 1, commit.index + 1 + count);
  if (after.length !== count) throw new Error(`only ${String(after.length)} ticks after "${subject}", expected at least ${String(count)}`);
  return { commit, after };
}

describe("the applied barrier through the Kubernetes adapter (Flux)", () => {
  it("makes no further commit until Flux has applied the last one, then goes on; every step is verified", async () => {
    const held = "canary: test/podinfo 10% → 20%";
    let heldTicks = 0;
    const { result, ticks, out } = await simulate((tick) => {
      if (tick.record.barrier?.subject === held && heldTicks < HOLD_TICKS) {
        heldTicks += 1;
        return;
      }
      flux.apply();
    });

    expect(result.record?.phase).toBe("Succeeded");
    expect(subjects(result)).toEqual(HEALTHY_SUBJECTS);

    const { commit, after } = ticksAfterCommit(ticks, held, HOLD_TICKS);
    const heldSha = commit.record.barrier?.sha;
    expect(heldSha).toBe(commit.head);
    // Held: every tick waits on that commit, the branch does not move, no weight changes.
    for (const tick of after) {
      expect({ tick: tick.index, code: tick.code, barrier: tick.record.barrier?.sha, head: tick.head, weight: tick.record.traffic.canaryWeight }).toEqual({
        tick: tick.index,
        code: "waiting-applied",
        barrier: heldSha,
        head: heldSha,
        weight: 20,
      });
    }
    // The check run shows the run standing at the held step: the 20% row, nothing after it yet.
    const waiting = after[HOLD_TICKS - 2]?.checkRun ?? "";
    expect(waiting).toContain("## 20% canary · step 2 of 5 · 0 failed checks");
    expect(waiting).toContain(`\`${(heldSha ?? "").slice(0, 7)}\` weight 10% → 20%`);
    expect(waiting).not.toContain("weight 20% → 30%");
    expect(waiting).toContain("Applied: each step was measured only after Flux flux-system/apps applied its commit.");
    // …and says why it stands there.
    expect(waiting).toContain(`⏳ Waiting until "canary: test/podinfo 10% → 20%" is applied: Flux has applied`);
    // Released: the tick after Flux applied it clears the barrier, and the next step follows.
    const released = ticks[commit.index + HOLD_TICKS + 1];
    expect(released?.record.barrier).toBeUndefined();
    expect(released?.head).toBe(heldSha);
    const next = ticks.find((t) => t.record.barrier?.subject === "canary: test/podinfo 20% → 30%");
    expect(next?.record.steps.find((s) => s.index === 2)?.commit?.verified).toBe(true);
    // The held step's analysis interval counts from when the commit was applied, not committed.
    const row2 = result.record?.steps.find((s) => s.index === 2);
    const row3 = result.record?.steps.find((s) => s.index === 3);
    expect((row3?.at ?? 0) - (row2?.at ?? 0)).toBe((HOLD_TICKS + 1) * 10_000 + 60_000);

    const committed = result.record?.steps.filter((s) => s.commit !== undefined) ?? [];
    expect(committed.length).toBe(9);
    expect(committed.filter((s) => s.commit?.verified !== true).map((s) => s.index)).toEqual([]);
    const check = readFileSync(join(out, CHECK_RUN), "utf8");
    expect(check).not.toContain("not verified");
    expect(check).toContain("Applied: each step was measured only after Flux flux-system/apps applied its commit.");
    // The engine read the Kustomization through the API, and never wrote to the cluster.
    expect(fake.callsTo("GET", KUSTOMIZATION_PATH).length).toBeGreaterThan(HOLD_TICKS);
    expect(fake.calls.filter((c) => c.method !== "GET")).toEqual([]);
  }, 30_000);

  it("without cluster access the same rollout marks every step ⚠ not verified", async () => {
    const { result, out } = await simulate(() => undefined, { cluster: false });
    expect(result.record?.phase).toBe("Succeeded");
    expect(subjects(result)).toEqual(HEALTHY_SUBJECTS);
    const check = readFileSync(join(out, CHECK_RUN), "utf8");
    expect(check).toContain("` weight 10% → 20% ⚠ not verified");
    expect(check).toContain("Applied: no cluster access is configured, so each step waited a fixed delay after its commit; 9 steps are marked ⚠ not verified.");
    expect(fake.calls).toEqual([]);
  }, 30_000);

  it("makes no weight commit while the scaled-up canary is not ready, and goes on once it is", async () => {
    // The example's 60 s deadline is used up by the first 60 s analysis interval (see the next
    // test), so pods get 120 s here: long enough to be seen not ready and waited for.
    const spec = join(repo.dir, "apps/podinfo/canary.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("progressDeadlineSeconds: 60", "progressDeadlineSeconds: 120"));
    repo.commit("podinfo: give the canary 120 s to become ready");
    flux.apply();
    const scaleUp = "canary: test/podinfo scale up canary";
    let unreadyTicks = 0;
    const { result, ticks } = await simulate((tick) => {
      if (tick.record.barrier?.subject === scaleUp) flux.setReady("podinfo", false);
      flux.apply();
      if (tick.code === "waiting-canary-ready" && ++unreadyTicks === HOLD_TICKS) flux.setReady("podinfo", true);
    });

    expect(result.record?.phase).toBe("Succeeded");
    expect(subjects(result)).toEqual(HEALTHY_SUBJECTS);
    const commit = ticks.find((t) => t.record.barrier?.subject === scaleUp);
    const first = ticks.findIndex((t) => t.code === "waiting-canary-ready");
    expect(first, "no tick waited for the canary to be ready").toBeGreaterThan(commit?.index ?? Number.POSITIVE_INFINITY);
    // Scale-up applied, interval waited, then held: no commit, no weight, the deadline clock kept
    // from when Flux applied the scale-up (one 10 s poll after the commit).
    expect(ticks.slice(commit?.index, first).map((t) => t.code)).toEqual(["rollout-started", "waiting-interval"]);
    const held = ticks.slice(first, first + HOLD_TICKS);
    for (const tick of held) {
      expect({ tick: tick.index, code: tick.code, head: tick.head, weight: tick.record.traffic.canaryWeight, since: tick.record.canaryNotReadySince }).toEqual({
        tick: tick.index,
        code: "waiting-canary-ready",
        head: commit?.head,
        weight: 0,
        since: (commit?.record.barrier?.since ?? 0) + 10_000,
      });
    }
    // Ready at the next tick: the not-ready clock is cleared and the first weight is committed.
    const ready = ticks[first + HOLD_TICKS];
    expect(ready?.code).toBe("weight-increased");
    expect(ready?.record.canaryNotReadySince).toBeUndefined();
    expect(ready?.record.barrier?.subject).toBe("canary: test/podinfo 0% → 10%");
    expect(ready?.record.steps.find((s) => s.index === 0)?.commit?.verified).toBe(true);
  }, 30_000);

  it("rolls back when the canary is still not ready after progressDeadlineSeconds (60 s)", async () => {
    const scaleUp = "canary: test/podinfo scale up canary";
    const { result, ticks } = await simulate((tick) => {
      if (tick.record.barrier?.subject === scaleUp) flux.setReady("podinfo", false);
      flux.apply();
    });

    expect(result.record?.phase).toBe("Failed");
    expect(result.record?.failureReason).toBe(
      "Progress deadline exceeded canary deployment podinfo.test not ready after 60s: canary deployment test/podinfo not ready: " +
        "waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available",
    );
    expect(subjects(result)).toEqual([
      "canary: test/podinfo bootstrap",
      "Merge pull request #1 from canary-bot/bootstrap/test/podinfo",
      "canary: test/podinfo scale up canary",
      expect.stringMatching(/^canary: test\/podinfo roll back/),
    ]);
    // The not-ready clock starts when Flux applies the scale-up (one 10 s poll after the commit),
    // and readiness is first judged at the first analysis step, a 60 s interval later: exactly
    // at the deadline, so one more 10 s poll, then the rollback.
    expect(ticks.map((t) => t.code)).toEqual(["bootstrap-required", "rollout-started", "waiting-interval", "waiting-canary-ready", "rolled-back", "up-to-date"]);
    const scaledUp = ticks[1]?.record;
    expect(ticks[2]?.record.canaryNotReadySince).toBe((scaledUp?.barrier?.since ?? 0) + 10_000);
    expect((result.record?.finishedAt ?? 0) - (scaledUp?.barrier?.since ?? 0)).toBe(80_000);
    expect(result.record?.traffic.canaryWeight).toBe(0);
    expect(repo.show("main", "apps/podinfo/deployment.yaml")).toMatch(/replicas: 0/);
  }, 30_000);

  it("rolls back when Flux reports Ready=False for a bot commit, with Flux's message in the reason", async () => {
    const broken = "canary: test/podinfo 10% → 20%";
    const message = 'HTTPRoute/test/podinfo dry-run failed: admission webhook "validate.gateway.networking.k8s.io" denied the request';
    let failedSha: string | undefined;
    const { result, ticks } = await simulate((tick) => {
      if (tick.record.barrier?.subject === broken) {
        failedSha = flux.fail("ReconciliationFailed", message);
        return;
      }
      flux.apply();
    });

    expect(result.record?.phase).toBe("Failed");
    const sha = failedSha ?? "";
    expect(result.record?.failureReason).toBe(
      `Commit "${broken}" failed to apply: Kustomization flux-system/apps failed to apply ${sha.slice(0, 7)}: ReconciliationFailed: ${message}`,
    );
    expect(subjects(result)).toEqual([
      "canary: test/podinfo bootstrap",
      "Merge pull request #1 from canary-bot/bootstrap/test/podinfo",
      "canary: test/podinfo scale up canary",
      "canary: test/podinfo 0% → 10%",
      broken,
      expect.stringMatching(/^canary: test\/podinfo roll back/),
    ]);
    // The failure was seen at the first tick after the commit, without waiting for the deadline.
    const commit = ticks.find((t) => t.record.barrier?.subject === broken);
    const rolledBack = ticks[(commit?.index ?? -2) + 1];
    expect(rolledBack?.record.phase).toBe("Failed");
    expect((rolledBack?.record.finishedAt ?? 0) - (commit?.record.barrier?.since ?? 0)).toBe(10_000);
    expect(fake.get(KUSTOMIZATION)?.status).toMatchObject({ lastAppliedRevision: `main@sha1:${flux.appliedSha() ?? ""}` });
    expect(flux.appliedSha()).toBe(result.endHead);
  }, 30_000);
});
