/**
 * One tick of `step`: what it observed and what it has decided so far. The tick is private to
 * one `step` call, so it is built up in place; `step` as a whole stays a pure function.
 */
import { InvariantError } from "../errors.js";
import type { ResolvedCanary, Severity, WebhookType } from "../spec/model.js";
import { commitSpec } from "./commit-message.js";
import type {
  CommitIntent,
  CommitSpec,
  DecisionPlan,
  Effect,
  MetricOutcome,
  NeedPlan,
  Observation,
  ObservationRequest,
  Phase,
  PlanCode,
  RolloutRecord,
  StepRecord,
  WebhookOutcome,
} from "./types.js";

export interface Tick {
  readonly canary: ResolvedCanary;
  readonly observation: Observation;
  readonly now: number;
  /** The record as the tick found it; `undefined` before the first tick. */
  readonly before: RolloutRecord | undefined;
  /** The record as decided so far. */
  record: RolloutRecord;
  readonly effects: Effect[];
  /** Answers this tick used, kept in the step row. */
  readonly webhooks: WebhookOutcome[];
  readonly metrics: MetricOutcome[];
  readonly used: Set<WebhookType | "metrics">;
}

export function openTick(
  canary: ResolvedCanary,
  observation: Observation,
  now: number,
  before: RolloutRecord | undefined,
  record: RolloutRecord,
): Tick {
  return { canary, observation, now, before, record, effects: [], webhooks: [], metrics: [], used: new Set() };
}

type OptionalKey = {
  [K in keyof RolloutRecord]-?: undefined extends RolloutRecord[K] ? K : never;
}[keyof RolloutRecord];

/** Set fields of the working record. */
export function update(tick: Tick, patch: Partial<RolloutRecord>): void {
  tick.record = { ...tick.record, ...patch };
}

/** Remove optional fields from the working record (exact optional types: absent, not undefined). */
export function clear(tick: Tick, ...keys: readonly OptionalKey[]): void {
  const drop = new Set<string>(keys);
  tick.record = Object.fromEntries(Object.entries(tick.record).filter(([key]) => !drop.has(key))) as RolloutRecord;
}

/**
 * Append a row to the step table; call after the record holds the step's phase and traffic.
 * A row is a step taken now: the next one is an interval away.
 */
export function addStep(tick: Tick, note: string, commitSubject?: string): number {
  const index = tick.record.steps.length;
  const row: StepRecord = {
    index,
    at: tick.now,
    phase: tick.record.phase,
    traffic: tick.record.traffic,
    iteration: tick.record.iterations,
    metrics: [...tick.metrics],
    webhooks: [...tick.webhooks],
    note,
    ...(commitSubject === undefined ? {} : { commit: { subject: commitSubject } }),
  };
  update(tick, { steps: [...tick.record.steps, row], lastStepAt: tick.now });
  return index;
}

/**
 * This decision's commit (at most one per decision): the step row that shows it, the barrier
 * that holds the next measurement until it is applied, and the effect, first in the list.
 * `how` picks the effect: a plain commit, or merging the promotion PR that holds it.
 */
export function commit(
  tick: Tick,
  intent: CommitIntent,
  text: string,
  note: string,
  how: { readonly mergePromotionPrBy?: string } = {},
): CommitSpec {
  if (tick.effects.some((effect) => effect.kind === "commit" || effect.kind === "merge-promotion-pr")) {
    throw new InvariantError(`second commit in one decision for ${tick.canary.namespace}/${tick.canary.name}: ${text}`);
  }
  const index = tick.record.steps.length;
  const spec = commitSpec(tick.canary, tick.record, index, intent, text);
  addStep(tick, note, spec.subject);
  update(tick, { barrier: { subject: spec.subject, since: tick.now, step: index } });
  const by = how.mergePromotionPrBy;
  tick.effects.unshift(
    by === undefined
      ? { kind: "commit", ...spec }
      : { kind: "merge-promotion-pr", revision: tick.record.revision, by, commit: spec },
  );
  return spec;
}

export function emit(tick: Tick, effect: Effect): void {
  tick.effects.push(effect);
}

export function notify(tick: Tick, severity: Severity, message: string, withMetadata = false): void {
  emit(tick, { kind: "notify", severity, message, withMetadata });
}

export function hasHooks(canary: ResolvedCanary, type: WebhookType): boolean {
  return canary.analysis.webhooks.some((hook) => hook.type === type);
}

/** Post-rollout hooks: fire and forget, after Succeeded and after every rollback. */
export function postRollout(tick: Tick, phase: Phase): void {
  if (hasHooks(tick.canary, "post-rollout")) emit(tick, { kind: "call-webhooks", type: "post-rollout", phase });
}

export function need(...requests: readonly ObservationRequest[]): NeedPlan {
  return { kind: "need", requests };
}

/** Something happened worth an event hook: a new phase, a new step row, a pause. */
function notable(tick: Tick): boolean {
  const { before, record } = tick;
  if (before === undefined) return true;
  const newRow = record.steps !== before.steps && record.steps.at(-1)?.at === tick.now;
  return newRow || before.phase !== record.phase || before.paused !== record.paused;
}

/** What people see changed: the check run and the PR comment must be updated. */
function visibleChange(before: RolloutRecord | undefined, after: RolloutRecord): boolean {
  if (before === undefined) return true;
  return (
    before.phase !== after.phase ||
    before.steps !== after.steps ||
    before.paused !== after.paused ||
    before.failedChecks !== after.failedChecks ||
    before.traffic !== after.traffic ||
    before.promotionPr !== after.promotionPr ||
    before.promotionRequestedBy !== after.promotionRequestedBy
  );
}

export interface DecideOptions {
  readonly requeueAfterMs: number;
  /** Event hooks get `Warning` for failures and halts. */
  readonly eventType?: "Normal" | "Warning";
}

export function decide(tick: Tick, code: PlanCode, message: string, options: DecideOptions): DecisionPlan {
  if (tick.before !== undefined && tick.before.phase !== tick.record.phase) {
    update(tick, { lastTransitionAt: tick.now });
  }
  const effects = [...tick.effects];
  if (visibleChange(tick.before, tick.record)) {
    if (hasHooks(tick.canary, "event") && notable(tick)) {
      effects.push({
        kind: "call-webhooks",
        type: "event",
        phase: tick.record.phase,
        eventMessage: message,
        eventType: options.eventType ?? "Normal",
      });
    }
    effects.push({ kind: "report" });
  }
  return {
    kind: "decision",
    phase: tick.record.phase,
    code,
    message,
    effects,
    record: tick.record,
    requeueAfterMs: Math.max(0, options.requeueAfterMs),
  };
}
