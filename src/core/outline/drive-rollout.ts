/**
 * Plays one rollout through the real `step` with a world in which everything goes right: every
 * webhook answers 200, every metric passes, every commit is applied the moment it is made,
 * every Deployment is ready, and a promotion PR is approved as soon as it opens. What the engine
 * does under those conditions is, by definition, the plan of the rollout.
 */
import { step } from "../machine/step.js";
import type {
  CommitSpec,
  DecisionPlan,
  MetricOutcome,
  Observation,
  ObservationRequest,
  Plan,
  PlanCode,
  RolloutRecord,
  StepRecord,
  WebhookOutcome,
} from "../machine/types.js";
import type { ResolvedCanary, WebhookType } from "../spec/model.js";

export interface DriveInputs {
  /** The revision being rolled out (shown in commit subjects and trailers). */
  readonly revision: string;
  /** Replicas the canary is scaled up to. */
  readonly canaryReplicas: number;
  readonly promotionGate: "webhooks" | "pull-request";
}

export interface DrivenStep {
  readonly row: StepRecord;
  readonly code: PlanCode;
  /** The commit of this row (its `Canary-Step` trailer is the row's index). */
  readonly commit?: CommitSpec;
}

export interface DrivenRollout {
  /** The engine's step rows of the run, with the decision that made each. */
  readonly steps: readonly DrivenStep[];
  /** Epoch ms the run started at; row times are relative to it. */
  readonly startedAt: number;
  /** Webhook types the engine asked for at least once. */
  readonly askedHooks: ReadonlySet<WebhookType>;
  /** The last decision: `succeeded` unless the rollout cannot complete. */
  readonly last: DecisionPlan | undefined;
  readonly completed: boolean;
}

/** Any fixed instant works: the plan reports times relative to the start. */
const START = 0;
const PRIMARY_REVISION = "primary";
const REVIEWER = "reviewer";
/** Far more ticks than any valid Canary needs (iterations are capped by validation). */
const MAX_TICKS = 20_000;
/** Decisions after which nothing changes however long the drive goes on. */
const STUCK: ReadonlySet<PlanCode> = new Set<PlanCode>(["no-step-configured", "suspended", "terminating", "bootstrap-required"]);
const MAX_ROUNDS = 20;

function passingHooks(canary: ResolvedCanary, type: WebhookType): WebhookOutcome[] {
  return canary.analysis.webhooks.filter((hook) => hook.type === type).map((hook) => ({ name: hook.name, type, ok: true, status: 200, durationMs: 0 }));
}

function passingMetrics(canary: ResolvedCanary, now: number): MetricOutcome[] {
  return canary.analysis.metrics.map((metric) => ({ name: metric.name, status: "pass", window: metric.interval, evaluatedAt: now }));
}

function answer(canary: ResolvedCanary, request: ObservationRequest, observation: Observation, now: number): Observation {
  if (request.kind === "metrics") return { ...observation, metrics: passingMetrics(canary, now) };
  return { ...observation, webhooks: { ...observation.webhooks, [request.type]: passingHooks(canary, request.type) } };
}

function commitOf(plan: DecisionPlan): CommitSpec | undefined {
  for (const effect of plan.effects) {
    if (effect.kind === "commit") return effect;
    if (effect.kind === "merge-promotion-pr") return effect.commit;
  }
  return undefined;
}

export function driveRollout(canary: ResolvedCanary, inputs: DriveInputs): DrivenRollout {
  // A bootstrapped Canary that never ran: the primary runs another revision than the target.
  const live = { ...canary, suspend: false };
  const askedHooks = new Set<WebhookType>();
  const codes = new Map<number, PlanCode>();
  const commits = new Map<number, CommitSpec>();
  let record: RolloutRecord | undefined;
  let primaryRevision = PRIMARY_REVISION;
  let last: DecisionPlan | undefined;
  let now = START;
  let approve = false;

  for (let tick = 0; tick < MAX_TICKS; tick++) {
    let observation: Observation = {
      targetRevision: inputs.revision,
      primaryRevision,
      bootstrapped: true,
      canaryReplicas: inputs.canaryReplicas,
      applied: { state: "applied", verified: true, via: "plan", afterMs: 0 },
      canaryReadiness: { state: "ready" },
      primaryReadiness: { state: "ready" },
      promotionGate: inputs.promotionGate,
      ...(approve ? { command: { type: "approve-promotion", by: REVIEWER } } : {}),
    };
    let plan: Plan = step({ canary: live, record, observation, now });
    for (let round = 0; plan.kind === "need" && round < MAX_ROUNDS; round++) {
      for (const request of plan.requests) {
        if (request.kind === "webhooks") askedHooks.add(request.type);
        observation = answer(live, request, observation, now);
      }
      plan = step({ canary: live, record, observation, now });
    }
    if (plan.kind === "need") break;

    last = plan;
    const before = record?.steps.length ?? 0;
    const rows = plan.record?.steps ?? [];
    for (let index = before; index < rows.length; index++) codes.set(index, plan.code);
    const spec = commitOf(plan);
    const stepTrailer = spec?.trailers["Canary-Step"];
    if (spec !== undefined && stepTrailer !== undefined) commits.set(Number(stepTrailer), spec);
    for (const effect of plan.effects) {
      if (effect.kind === "commit" && effect.intent.type === "promote") primaryRevision = effect.intent.revision;
      if (effect.kind === "merge-promotion-pr") primaryRevision = effect.revision;
    }
    record = plan.record;
    if (plan.phase === "Succeeded" || plan.phase === "Failed" || STUCK.has(plan.code)) break;
    // A person approves the promotion PR right away: the plan shows the fastest path.
    approve = plan.code === "promotion-pr-opened";
    if (!approve) now += Math.max(1, plan.requeueAfterMs ?? 0);
  }

  const steps: DrivenStep[] = (record?.steps ?? []).map((row) => {
    const commit = commits.get(row.index);
    return { row, code: codes.get(row.index) ?? "up-to-date", ...(commit === undefined ? {} : { commit }) };
  });
  return { steps, startedAt: record?.startedAt ?? START, askedHooks, last, completed: last?.code === "succeeded" };
}
