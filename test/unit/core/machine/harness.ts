/**
 * Plays a rollout tick by tick through `step`: answers need-plans from a scenario table, applies
 * commits to a small model of the Git repository, marks commits applied after a delay, keeps
 * deployments ready unless told otherwise, and follows `requeueAfterMs` to advance time.
 */
import { step } from "../../../../src/core/machine/step.js";
import type {
  AppliedState,
  Command,
  CommitIntent,
  DecisionPlan,
  Effect,
  MetricOutcome,
  MetricStatus,
  NotifyEffect,
  Observation,
  ObservationRequest,
  Phase,
  Plan,
  Readiness,
  RolloutRecord,
  SourceChange,
  StepInput,
  TrafficState,
  WebhookOutcome,
} from "../../../../src/core/machine/types.js";
import type { ResolvedAnalysis, ResolvedCanary, WebhookType } from "../../../../src/core/spec/model.js";
import type { CanaryOverrides } from "../../../support/canary-builder.js";
import { makeCanary } from "../../../support/canary-builder.js";

export type AnalysisOverrides = { [K in keyof ResolvedAnalysis]?: ResolvedAnalysis[K] | undefined };

/** `makeCanary`, where an analysis field set to `undefined` is removed (e.g. the default stepWeight). */
export function canaryWith(overrides: Omit<CanaryOverrides, "analysis"> & { analysis?: AnalysisOverrides } = {}): ResolvedCanary {
  const analysis = overrides.analysis ?? {};
  const defined = Object.fromEntries(Object.entries(analysis).filter(([, value]) => value !== undefined)) as Partial<ResolvedAnalysis>;
  const canary = makeCanary({ ...overrides, analysis: defined });
  const removed = new Set(Object.keys(analysis).filter((key) => analysis[key as keyof ResolvedAnalysis] === undefined));
  const kept = Object.fromEntries(Object.entries(canary.analysis).filter(([key]) => !removed.has(key))) as unknown as ResolvedAnalysis;
  return { ...canary, analysis: kept };
}

export const T0 = Date.UTC(2025, 0, 6, 14, 0, 0);
export const APPLY_DELAY_MS = 5_000;

/** What Git holds, as far as the rollout is concerned. */
export interface World {
  targetRevision: string;
  primaryRevision: string;
  bootstrapped: boolean;
  canaryReplicas: number;
  traffic: TrafficState;
  source?: SourceChange;
}

export interface Context {
  /** Index of the decision about to be made (0 = the first tick of the play). */
  readonly decision: number;
  readonly now: number;
  readonly record: RolloutRecord | undefined;
  readonly world: World;
}

type HookAnswer = boolean | readonly WebhookOutcome[];

export interface Scenario {
  /** Per webhook type, the answer to its n-th request (0-based, counted over the play). Default: open. */
  readonly hooks?: Partial<Record<WebhookType, (call: number, ctx: Context) => HookAnswer>>;
  /** Answer to the n-th metrics request: one status for every configured metric, or outcomes. Default: pass. */
  readonly metrics?: (call: number, ctx: Context) => MetricStatus | readonly MetricOutcome[];
  readonly applied?: (ctx: Context) => AppliedState | undefined;
  readonly canaryReadiness?: (ctx: Context) => Readiness | undefined;
  readonly primaryReadiness?: (ctx: Context) => Readiness | undefined;
  /** Before each tick: a command to deliver, or a change merged into Git. */
  readonly before?: (ctx: Context) => { command?: Command; targetRevision?: string; source?: SourceChange } | undefined;
  readonly promotionGate?: Observation["promotionGate"];
}

export interface TrailEntry {
  readonly phase: Phase;
  readonly canaryWeight: number;
}

export interface PlayResult {
  /** (phase, canary weight) after every decision that committed, changed phase or added a step. */
  readonly trail: readonly TrailEntry[];
  readonly decisions: readonly DecisionPlan[];
  readonly codes: readonly string[];
  readonly commits: readonly { readonly subject: string; readonly intent: CommitIntent; readonly at: number }[];
  readonly requests: readonly ObservationRequest[];
  readonly alerts: readonly NotifyEffect[];
  readonly effects: readonly Effect[];
  readonly record: RolloutRecord | undefined;
  readonly world: World;
  readonly now: number;
}

export interface PlayOptions {
  readonly record?: RolloutRecord;
  readonly world?: Partial<World>;
  readonly now?: number;
  readonly maxTicks?: number;
  /** Stop after the decision for which this holds. Default: the run ended (Succeeded or Failed). */
  readonly until?: (plan: DecisionPlan, index: number) => boolean;
}

const PASS_ALL = (): HookAnswer => true;

export function outcomesFor(canary: ResolvedCanary, type: WebhookType, answer: HookAnswer): readonly WebhookOutcome[] {
  if (typeof answer !== "boolean") return answer;
  return canary.analysis.webhooks
    .filter((hook) => hook.type === type)
    .map((hook) => ({
      name: hook.name,
      type,
      ok: answer,
      status: answer ? 200 : 403,
      durationMs: 12,
      ...(answer ? {} : { detail: "Forbidden" }),
    }));
}

export function metricOutcomes(canary: ResolvedCanary, answer: MetricStatus | readonly MetricOutcome[], now: number): readonly MetricOutcome[] {
  if (typeof answer !== "string") return answer;
  return canary.analysis.metrics.map((metric) => ({
    name: metric.name,
    status: answer,
    ...(answer === "pass" ? { value: 0.5 } : answer === "fail" ? { value: 4.2 } : {}),
    threshold: "max 1",
    window: metric.interval,
    evaluatedAt: now,
  }));
}

export function initialWorld(overrides: Partial<World> = {}): World {
  return {
    targetRevision: "rev-1",
    primaryRevision: "rev-1",
    bootstrapped: true,
    canaryReplicas: 0,
    traffic: { primaryWeight: 100, canaryWeight: 0, mirrored: false },
    ...overrides,
  };
}

/** A record initialized on `rev-1`, as the first tick on a bootstrapped repository leaves it. */
export function initializedRecord(canary: ResolvedCanary, now = T0 - 3_600_000): RolloutRecord {
  const plan = step({ canary, record: undefined, observation: baseObservation(initialWorld()), now });
  if (plan.kind !== "decision" || plan.record === undefined) throw new Error("initialization did not decide");
  return plan.record;
}

export function baseObservation(world: World, extra: Partial<Observation> = {}): Observation {
  return {
    targetRevision: world.targetRevision,
    primaryRevision: world.primaryRevision,
    bootstrapped: world.bootstrapped,
    canaryReplicas: 2,
    ...(world.source === undefined ? {} : { source: world.source }),
    applied: { state: "applied", verified: true, via: "flux-system/apps", afterMs: 0 },
    canaryReadiness: { state: "ready" },
    primaryReadiness: { state: "ready" },
    promotionGate: "webhooks",
    ...extra,
  };
}

/**
 * Step until a decision: each need-plan request is answered by `answer`, which returns the
 * observation with the answer added (the engine keeps earlier answers within the tick).
 */
export function stepToDecision(
  input: StepInput,
  answer: (request: ObservationRequest, observation: Observation) => Observation,
): { readonly plan: DecisionPlan; readonly observation: Observation } {
  let { observation } = input;
  let plan: Plan = step(input);
  for (let round = 0; plan.kind === "need"; round++) {
    if (round > 10) throw new Error(`need loop: ${JSON.stringify(plan.requests)}`);
    for (const request of plan.requests) observation = answer(request, observation);
    plan = step({ ...input, observation });
  }
  return { plan, observation };
}

/** The observation with `outcomes` as the answer for hooks of `type`. */
export function withHookAnswer(observation: Observation, type: WebhookType, outcomes: readonly WebhookOutcome[]): Observation {
  return { ...observation, webhooks: { ...observation.webhooks, [type]: outcomes } };
}

/** Plays a scenario from an Initialized record with a new revision `rev-2` merged in PR #42. */
export function play(canary: ResolvedCanary, scenario: Scenario = {}, options: PlayOptions = {}): PlayResult {
  const world = initialWorld({
    targetRevision: "rev-2",
    source: { sha: "c0ffee", pullRequest: { number: 42, title: "Bump podinfo to 6.0.1" } },
    ...options.world,
  });
  let record: RolloutRecord | undefined = options.record ?? initializedRecord(canary);
  let now = options.now ?? T0;
  const trail: TrailEntry[] = [];
  const decisions: DecisionPlan[] = [];
  const commits: { subject: string; intent: CommitIntent; at: number }[] = [];
  const requests: ObservationRequest[] = [];
  const alerts: NotifyEffect[] = [];
  const effects: Effect[] = [];
  const calls = new Map<string, number>();
  const count = (key: string): number => {
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    return n;
  };
  const maxTicks = options.maxTicks ?? 400;
  const until = options.until ?? ((plan) => plan.phase === "Succeeded" || plan.phase === "Failed");

  for (let index = 0; index < maxTicks; index++) {
    const ctx: Context = { decision: index, now, record, world };
    const change = scenario.before?.(ctx);
    if (change?.targetRevision !== undefined) world.targetRevision = change.targetRevision;
    if (change?.source !== undefined) world.source = change.source;

    const observation = baseObservation(world, {
      applied: scenario.applied?.(ctx) ?? defaultApplied(record, now),
      canaryReadiness: scenario.canaryReadiness?.(ctx) ?? { state: "ready" },
      primaryReadiness: scenario.primaryReadiness?.(ctx) ?? { state: "ready" },
      promotionGate: scenario.promotionGate ?? "webhooks",
      ...(change?.command === undefined ? {} : { command: change.command }),
    });

    const { plan } = stepToDecision({ canary, record, observation, now }, (request, answered) => {
      requests.push(request);
      if (request.kind === "metrics") {
        const metrics = scenario.metrics?.(count("metrics"), ctx) ?? "pass";
        return { ...answered, metrics: metricOutcomes(canary, metrics, now) };
      }
      const hooks = (scenario.hooks?.[request.type] ?? PASS_ALL)(count(request.type), ctx);
      return withHookAnswer(answered, request.type, outcomesFor(canary, request.type, hooks));
    });

    const before = record;
    decisions.push(plan);
    effects.push(...plan.effects);
    for (const effect of plan.effects) {
      if (effect.kind === "commit") {
        commits.push({ subject: effect.subject, intent: effect.intent, at: now });
        applyCommit(world, effect.intent);
      } else if (effect.kind === "merge-promotion-pr") {
        commits.push({ subject: effect.commit.subject, intent: effect.commit.intent, at: now });
        applyCommit(world, effect.commit.intent);
      } else if (effect.kind === "notify") {
        alerts.push(effect);
      }
    }
    record = plan.record;
    const committed = plan.effects.some((e) => e.kind === "commit" || e.kind === "merge-promotion-pr");
    const stepped = record !== undefined && record.steps !== before?.steps && record.steps.at(-1)?.at === now;
    if (record !== undefined && (committed || before?.phase !== record.phase || stepped)) {
      trail.push({ phase: record.phase, canaryWeight: record.traffic.canaryWeight });
    }
    if (until(plan, index)) break;
    if (plan.requeueAfterMs === undefined) throw new Error(`no requeue at tick ${String(index)}`);
    now += Math.max(1, plan.requeueAfterMs);
  }

  return {
    trail,
    decisions,
    codes: decisions.map((d) => d.code),
    commits,
    requests,
    alerts,
    effects,
    record,
    world,
    now,
  };
}

function defaultApplied(record: RolloutRecord | undefined, now: number): AppliedState {
  const barrier = record?.barrier;
  if (barrier === undefined) return { state: "applied", verified: true, via: "flux-system/apps", afterMs: 0 };
  if (now - barrier.since >= APPLY_DELAY_MS) {
    return { state: "applied", verified: true, via: "flux-system/apps", afterMs: APPLY_DELAY_MS };
  }
  return { state: "pending", reason: "Kustomization flux-system/apps has not applied it yet" };
}

export function applyCommit(world: World, intent: CommitIntent): void {
  switch (intent.type) {
    case "scale-up-canary":
      world.canaryReplicas = intent.replicas;
      return;
    case "route":
    case "route-to-canary":
      world.traffic = intent.traffic;
      return;
    case "promote":
      world.primaryRevision = intent.revision;
      return;
    case "finalise":
    case "rollback":
      world.traffic = intent.traffic;
      world.canaryReplicas = 0;
      return;
  }
}

/** `Progressing/10` style, for compact sequence assertions. */
export function trailOf(result: PlayResult): string[] {
  return result.trail.map((entry) => `${entry.phase}/${String(entry.canaryWeight)}`);
}

export function webhook(
  name: string,
  type: WebhookType,
  extra: { muteAlert?: boolean } = {},
): ResolvedCanary["analysis"]["webhooks"][number] {
  return {
    name,
    type,
    url: `http://flagger-loadtester.test/${name}`,
    timeoutMs: 10_000,
    retries: 0,
    metadata: {},
    muteAlert: extra.muteAlert ?? false,
    disableTLS: false,
  };
}

export function metric(name: string): ResolvedCanary["analysis"]["metrics"][number] {
  return { name, interval: "1m", intervalSeconds: 60, thresholdRange: { max: 1 }, templateVariables: {} };
}
