import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { step } from "../../../../src/core/machine/step.js";
import type {
  AppliedState,
  Command,
  DecisionPlan,
  Effect,
  MetricStatus,
  Observation,
  Readiness,
  RolloutRecord,
  StepInput,
  TrafficState,
} from "../../../../src/core/machine/types.js";
import type { ResolvedCanary, WebhookType } from "../../../../src/core/spec/model.js";
import {
  applyCommit,
  baseObservation,
  canaryWith,
  initialWorld,
  metric,
  metricOutcomes,
  outcomesFor,
  stepToDecision,
  T0,
  webhook,
  withHookAnswer,
} from "./harness.js";
import type { AnalysisOverrides, World } from "./harness.js";

const HOOK_TYPES: readonly WebhookType[] = [
  "confirm-rollout",
  "pre-rollout",
  "rollout",
  "confirm-traffic-increase",
  "confirm-promotion",
  "post-rollout",
  "rollback",
  "event",
];

const weighted = <T>(...pairs: [number, T][]): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));

const ladderArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 })
  .map((xs) => [...xs].sort((a, b) => a - b));

const analysisArb: fc.Arbitrary<AnalysisOverrides> = fc.oneof<fc.Arbitrary<AnalysisOverrides>[]>(
  fc.record({ stepWeight: fc.integer({ min: 1, max: 100 }), maxWeight: fc.integer({ min: 1, max: 100 }) }),
  ladderArb.map((stepWeights) => ({ stepWeight: undefined, stepWeights })),
  fc.record({
    stepWeight: fc.integer({ min: 1, max: 60 }),
    maxWeight: fc.integer({ min: 1, max: 100 }),
    sessionAffinity: fc.record({
      cookieName: fc.constant("canary-cookie"),
      primaryCookieName: fc.constant("primary-cookie"),
      maxAge: fc.constant(86400),
    }),
  }),
  fc.integer({ min: 1, max: 5 }).map((iterations) => ({
    stepWeight: undefined,
    iterations,
    match: [{ headers: { "x-canary": { exact: "insider" } } }],
  })),
  fc.record({ stepWeight: fc.constant(undefined), iterations: fc.integer({ min: 1, max: 5 }), mirror: fc.boolean() }),
);

const canaryArb: fc.Arbitrary<ResolvedCanary> = fc
  .record({
    analysis: analysisArb,
    threshold: fc.integer({ min: 1, max: 4 }),
    stepWeightPromotion: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
    intervalSeconds: fc.integer({ min: 10, max: 120 }),
    hooks: fc.subarray([...HOOK_TYPES]),
    metrics: fc.integer({ min: 0, max: 2 }),
    progressDeadlineSeconds: fc.integer({ min: 30, max: 900 }),
    skipAnalysis: weighted([9, false], [1, true]),
  })
  .map((s) =>
    canaryWith({
      skipAnalysis: s.skipAnalysis,
      progressDeadlineSeconds: s.progressDeadlineSeconds,
      analysis: {
        ...s.analysis,
        threshold: s.threshold,
        stepWeightPromotion: s.stepWeightPromotion,
        intervalSeconds: s.intervalSeconds,
        webhooks: s.hooks.map((type) => webhook(`${type}-hook`, type)),
        metrics: Array.from({ length: s.metrics }, (_, i) => metric(`metric-${String(i)}`)),
      },
    }),
  );

interface TickEvent {
  readonly advance: { readonly kind: "requeue" } | { readonly kind: "ms"; readonly ms: number };
  readonly applied: AppliedState["state"];
  readonly canary: Readiness["state"];
  readonly primary: Readiness["state"];
  readonly command: Command | undefined;
  readonly revision: "same" | "new" | "primary";
  readonly hookAnswers: readonly boolean[];
  readonly metric: MetricStatus;
  readonly bootstrapped: boolean;
}

const commandArb: fc.Arbitrary<Command> = fc.record({
  type: fc.constantFrom("promote", "rollback", "pause", "resume", "retry", "approve-promotion"),
  by: fc.constantFrom("alice", "bob"),
});

const eventArb: fc.Arbitrary<TickEvent> = fc.record(
  {
    advance: fc.oneof(
      { weight: 7, arbitrary: fc.constant({ kind: "requeue" as const }) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 300_000 }).map((ms) => ({ kind: "ms" as const, ms })) },
    ),
    applied: weighted<AppliedState["state"]>([12, "applied"], [2, "assumed"], [5, "pending"], [1, "failed"]),
    canary: weighted<Readiness["state"]>([16, "ready"], [3, "not-ready"], [1, "failed"], [1, "unknown"]),
    primary: weighted<Readiness["state"]>([18, "ready"], [2, "not-ready"], [1, "failed"]),
    command: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: commandArb }),
    revision: weighted<"same" | "new" | "primary">([30, "same"], [2, "new"], [1, "primary"]),
    // Gates mostly open; a rollback hook rarely signals (ok means "roll back" for that type).
    hookAnswers: fc.tuple(...HOOK_TYPES.map((type) => (type === "rollback" ? weighted([1, true], [15, false]) : weighted([6, true], [1, false])))),
    metric: weighted<MetricStatus>([8, "pass"], [1, "fail"], [1, "no-data"], [1, "error"]),
    bootstrapped: weighted([40, true], [1, false]),
  },
);

function readiness(state: Readiness["state"]): Readiness {
  return state === "ready" || state === "unknown" ? { state } : { state, reason: `simulated ${state}` };
}

function applied(state: AppliedState["state"], record: RolloutRecord | undefined, now: number): AppliedState {
  const since = record?.barrier?.since ?? now;
  switch (state) {
    case "applied":
      return { state, verified: true, via: "flux-system/apps", afterMs: Math.max(0, Math.min(5_000, now - since)) };
    case "assumed":
      return { state, verified: false, afterMs: Math.max(0, now - since) };
    case "pending":
      return { state, reason: "reconciling" };
    case "failed":
      return { state, reason: "apply failed" };
  }
}

/** Step to a decision, answering need-plans from the event. */
function decideTick(canary: ResolvedCanary, record: RolloutRecord | undefined, observation: Observation, now: number, event: TickEvent) {
  return stepToDecision({ canary, record, observation, now }, (request, answered) => {
    if (request.kind === "metrics") return { ...answered, metrics: metricOutcomes(canary, event.metric, now) };
    const ok = event.hookAnswers[HOOK_TYPES.indexOf(request.type)] ?? true;
    return withHookAnswer(answered, request.type, outcomesFor(canary, request.type, ok));
  });
}

const isCommit = (effect: Effect) => effect.kind === "commit" || effect.kind === "merge-promotion-pr";

function expectValidTraffic(traffic: TrafficState): void {
  expect(traffic.primaryWeight + traffic.canaryWeight).toBe(100);
  expect(traffic.canaryWeight).toBeGreaterThanOrEqual(0);
  expect(traffic.canaryWeight).toBeLessThanOrEqual(100);
}

function checkDecision(plan: DecisionPlan): void {
  const commits = plan.effects.filter(isCommit);
  expect(commits.length).toBeLessThanOrEqual(1);
  expect(plan.requeueAfterMs).toBeGreaterThanOrEqual(0);
  for (const effect of commits) {
    const intent = effect.kind === "commit" ? effect.intent : effect.commit.intent;
    if ("traffic" in intent) expectValidTraffic(intent.traffic);
    if (intent.type === "rollback" || intent.type === "finalise") expect(intent.traffic.canaryWeight).toBe(0);
  }
  const record = plan.record;
  if (record === undefined) return;
  expectValidTraffic(record.traffic);
  if (record.phase === "Failed" && record.traffic.canaryWeight > 0) {
    expect(record.failureReason).toMatch(/^Promotion failed, primary not ready/);
  }
  if (record.phase === "Succeeded") expect(record.traffic.canaryWeight).toBe(0);
}

describe("step invariants over random specs and observation sequences", () => {
  it("keeps weights valid, never leaves a failed canary with traffic, commits at most once, is deterministic and replay-safe", () => {
    fc.assert(
      fc.property(canaryArb, fc.constantFrom<Observation["promotionGate"]>("webhooks", "pull-request"), fc.array(eventArb, { minLength: 1, maxLength: 80 }), (canary, promotionGate, events) => {
        const world: World = initialWorld({ targetRevision: "rev-2" });
        let record: RolloutRecord | undefined;
        let now = T0;
        let revisions = 2;
        let requeue = 0;
        for (const event of events) {
          now += event.advance.kind === "requeue" ? requeue : event.advance.ms;
          if (event.revision === "new") world.targetRevision = `rev-${String(++revisions)}`;
          if (event.revision === "primary") world.targetRevision = world.primaryRevision;
          world.bootstrapped = event.bootstrapped;
          const observation = baseObservation(world, {
            applied: applied(event.applied, record, now),
            canaryReadiness: readiness(event.canary),
            primaryReadiness: readiness(event.primary),
            promotionGate,
            ...(event.command === undefined ? {} : { command: event.command }),
          });

          const { plan, observation: answered } = decideTick(canary, record, observation, now, event);
          checkDecision(plan);

          // Deterministic: the same input (even a deep copy) gives a deep-equal plan.
          const input: StepInput = { canary, record, observation: answered, now };
          expect(step(structuredClone(input))).toEqual(plan);

          // Replaying the tick with the resulting record commits nothing new: the barrier and
          // the interval hold the next move. `applied` describes the record's barrier commit, so
          // after a new commit it is pending, or (during a run) live this very instant.
          if (plan.record !== undefined) {
            const committed = plan.effects.some(isCommit);
            const running = ["Progressing", "WaitingPromotion", "Promoting", "Finalising"].includes(plan.record.phase);
            const replays: AppliedState[] = committed
              ? [{ state: "pending", reason: "reconciling" }, ...(running ? [{ state: "applied", verified: true, via: "flux", afterMs: 0 } as const] : [])]
              : [answered.applied];
            for (const replayApplied of replays) {
              const replay = decideTick(canary, plan.record, { ...answered, applied: replayApplied }, now, event).plan;
              expect(replay.effects.filter(isCommit)).toEqual([]);
            }
          }

          for (const effect of plan.effects) {
            if (effect.kind === "commit") applyCommit(world, effect.intent);
            if (effect.kind === "merge-promotion-pr") applyCommit(world, effect.commit.intent);
          }
          record = plan.record;
          requeue = plan.requeueAfterMs ?? 0;
        }
      }),
      { numRuns: 500 },
    );
  });

  it("reaches Succeeded or Failed with traffic back at 0 for every spec when the world cooperates", () => {
    fc.assert(
      fc.property(canaryArb, fc.constantFrom<Observation["promotionGate"]>("webhooks", "pull-request"), (canary, promotionGate) => {
        const world: World = initialWorld({ targetRevision: "rev-2" });
        let record: RolloutRecord | undefined;
        let now = T0;
        const event: TickEvent = {
          advance: { kind: "requeue" },
          applied: "applied",
          canary: "ready",
          primary: "ready",
          command: undefined,
          revision: "same",
          hookAnswers: HOOK_TYPES.map((type) => type !== "rollback"),
          metric: "pass",
          bootstrapped: true,
        };
        for (let i = 0; i < 300; i++) {
          const approve: Command | undefined =
            record?.promotionPr !== undefined ? { type: "approve-promotion", by: "octocat" } : undefined;
          const observation = baseObservation(world, {
            applied: applied("applied", record, now),
            promotionGate,
            ...(approve === undefined ? {} : { command: approve }),
          });
          const { plan } = decideTick(canary, record, observation, now, event);
          for (const effect of plan.effects) {
            if (effect.kind === "commit") applyCommit(world, effect.intent);
            if (effect.kind === "merge-promotion-pr") applyCommit(world, effect.commit.intent);
          }
          record = plan.record;
          if (record?.phase === "Succeeded") break;
          now += plan.requeueAfterMs ?? 0;
        }
        expect(record?.phase).toBe("Succeeded");
        expect(world).toMatchObject({ primaryRevision: "rev-2", canaryReplicas: 0, traffic: { canaryWeight: 0, mirrored: false } });
      }),
      { numRuns: 200 },
    );
  });
});
