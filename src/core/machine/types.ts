/**
 * The engine's contract: `step(input) → Plan`.
 *
 * `step` is pure. It never calls a webhook or a metrics server itself: when it needs a result it
 * does not have yet, it returns a plan of kind `"need"` listing the requests, and the engine
 * performs them and calls `step` again with the answers in `observation` (same `now`). That keeps
 * Flagger's tick order (a webhook's answer decides what happens in the same tick) while the
 * decision stays a function of its inputs.
 *
 * Within one tick the engine keeps every answer it has collected (a tick may need several rounds:
 * rollback hooks, then rollout hooks, then metrics, then a confirm gate), and starts the next tick
 * with none. Types whose hooks the Canary does not configure are never requested.
 */
import type { ResolvedCanary, Severity, WebhookType } from "../spec/model.js";

/** Flagger's phases. The applied barrier is a sub-state (`RolloutRecord.barrier`), not a phase. */
export type Phase =
  | "Initializing"
  | "Initialized"
  | "Waiting"
  | "Progressing"
  | "WaitingPromotion"
  | "Promoting"
  | "Finalising"
  | "Succeeded"
  | "Failed"
  | "Terminating"
  | "Terminated";

/** The traffic the route carries: what is committed to the HTTPRoute. */
export interface TrafficState {
  readonly primaryWeight: number;
  readonly canaryWeight: number;
  /** Blue/green mirroring: a RequestMirror filter to the canary Service is present. */
  readonly mirrored: boolean;
  /** Session affinity: `name=value` of the canary cookie of this run. */
  readonly canaryCookie?: string;
  /** Session affinity with `primaryCookieName`: `name=value` of the primary cookie. */
  readonly primaryCookie?: string;
  /** Cookie of the previous run, answered with `Max-Age=-1` so browsers drop it. */
  readonly previousCookie?: string;
}

/** What a bot commit does. `core/gitops` turns an intent plus the repository files into file edits. */
export type CommitIntent =
  /** Restore the target's replicas so canary pods run (Flagger: scale from 0). */
  | { readonly type: "scale-up-canary"; readonly replicas: number }
  /** Change the HTTPRoute only. */
  | { readonly type: "route"; readonly traffic: TrafficState }
  /** Copy the canary pod template (and tracked configs) into the primary. */
  | { readonly type: "promote"; readonly revision: string }
  /** Route back to the primary and scale the canary to 0: end of a promotion or a rollback. */
  | { readonly type: "finalise"; readonly traffic: TrafficState; readonly scaleCanaryToZero: true }
  /** Rollback: route 100/0 to the primary and scale the canary to 0, in one commit. */
  | { readonly type: "rollback"; readonly traffic: TrafficState; readonly scaleCanaryToZero: true }
  /** Promotion failed because the primary never became ready: all traffic to the canary. */
  | { readonly type: "route-to-canary"; readonly traffic: TrafficState };

/** One bot commit: what it does and its message. */
export interface CommitSpec {
  readonly intent: CommitIntent;
  /** Human subject, e.g. `canary: test/podinfo 20% → 30%`. */
  readonly subject: string;
  /**
   * Machine-readable trailers: `Canary`, `Canary-Revision`, `Canary-Step`, `Canary-Phase`, and
   * `Canary-Source` (`#42`) when the change came from a pull request.
   */
  readonly trailers: Readonly<Record<string, string>>;
}

export interface CommitEffect extends CommitSpec {
  readonly kind: "commit";
}

export interface NotifyEffect {
  readonly kind: "notify";
  readonly severity: Severity;
  readonly message: string;
  /** Flagger sends metadata fields (target, threshold, deadline, routing) with some alerts. */
  readonly withMetadata: boolean;
}

export interface CallWebhooksEffect {
  /** Fire-and-record hooks whose answer decides nothing: post-rollout and event. */
  readonly kind: "call-webhooks";
  readonly type: "post-rollout" | "event";
  readonly phase: Phase;
  readonly eventMessage?: string;
  readonly eventType?: "Normal" | "Warning";
}

export interface ReportEffect {
  /** Update the check run and the sticky PR comment from the record (rendered by core/render). */
  readonly kind: "report";
  /**
   * Render this record instead of the plan's: the last state of a run that a newer revision
   * replaced mid-run (`supersededBy` is set), so its check run and comment get a final word.
   */
  readonly record?: RolloutRecord;
}

export interface OpenRevertEffect {
  /** After a rollback commit: open a revert PR of the source change. */
  readonly kind: "open-revert";
  readonly reason: string;
}

export interface PromotionGateEffect {
  /** `gates.promotion: pull-request`: open (or keep) the promotion PR holding the promotion commit. */
  readonly kind: "open-promotion-pr";
  readonly revision: string;
  /** The promotion commit the PR holds (intent `promote`). */
  readonly commit: CommitSpec;
}

export interface MergePromotionEffect {
  /**
   * An authorised approval (or `/canary promote`) released the promotion PR: merge it. The merge
   * is this decision's commit; the record's barrier waits for it like for any bot commit.
   */
  readonly kind: "merge-promotion-pr";
  readonly revision: string;
  readonly by: string;
  readonly commit: CommitSpec;
}

export interface ClosePromotionEffect {
  readonly kind: "close-promotion-pr";
  readonly reason: string;
}

export interface OpenBootstrapEffect {
  /** The generated objects are not in Git yet: open (or keep) the bootstrap PR (route at 100/0). */
  readonly kind: "open-bootstrap-pr";
}

export type Effect =
  | CommitEffect
  | NotifyEffect
  | CallWebhooksEffect
  | ReportEffect
  | OpenRevertEffect
  | PromotionGateEffect
  | MergePromotionEffect
  | ClosePromotionEffect
  | OpenBootstrapEffect;

/** A gating/analysis hook call the engine must make before `step` can decide. */
export interface WebhookRequest {
  readonly kind: "webhooks";
  readonly type: Exclude<WebhookType, "post-rollout" | "event">;
  readonly phase: Phase;
}

/** Run the analysis metrics (builtin and templates) at `now`. */
export interface MetricsRequest {
  readonly kind: "metrics";
}

export type ObservationRequest = WebhookRequest | MetricsRequest;

export interface WebhookOutcome {
  readonly name: string;
  readonly type: WebhookType;
  /** Flagger's rule: success only for HTTP status ≤ 202. */
  readonly ok: boolean;
  readonly status?: number;
  readonly durationMs: number;
  /** Response body (truncated) or transport error, kept when the hook failed. */
  readonly detail?: string;
}

export type MetricStatus = "pass" | "fail" | "no-data" | "error";

export interface MetricOutcome {
  readonly name: string;
  readonly status: MetricStatus;
  readonly value?: number;
  /** Threshold as shown to people, e.g. `max 1`, `min 99`. */
  readonly threshold?: string;
  /** Query window (`1m`). */
  readonly window: string;
  /** Evaluation time, epoch ms. */
  readonly evaluatedAt: number;
  readonly reason?: string;
}

/** Readiness of a Deployment, judged with Flagger's rules (see core/analysis or the adapter). */
export type Readiness =
  | { readonly state: "ready" }
  | { readonly state: "not-ready"; readonly reason: string }
  /** Deadline exceeded or replicas 0 on the primary: Flagger's non-retriable error. */
  | { readonly state: "failed"; readonly reason: string }
  /** No cluster access: readiness is assumed after the barrier delay, and marked unverified. */
  | { readonly state: "unknown" };

/** Whether the last bot commit is live in the cluster. */
export type AppliedState =
  | {
      readonly state: "applied";
      readonly verified: true;
      readonly via: string;
      readonly afterMs?: number;
      /** A caveat worth showing next to the step, e.g. a Gateway that reports no observedGeneration. */
      readonly note?: string;
    }
  | { readonly state: "pending"; readonly reason: string }
  /** No cluster observer: the configured delay has elapsed, nothing was verified. */
  | { readonly state: "assumed"; readonly verified: false; readonly afterMs: number }
  | { readonly state: "failed"; readonly reason: string };

/** A manual command from GitHub (comment, check-run button, promotion PR review). */
export type Command =
  | { readonly type: "promote"; readonly by: string }
  | { readonly type: "rollback"; readonly by: string }
  | { readonly type: "pause"; readonly by: string }
  | { readonly type: "resume"; readonly by: string }
  | { readonly type: "retry"; readonly by: string }
  /** The promotion PR got an approving review from an authorised person. */
  | { readonly type: "approve-promotion"; readonly by: string };

export interface SourceChange {
  /** The commit on the tracked branch that changed the revision. */
  readonly sha: string;
  readonly pullRequest?: {
    readonly number: number;
    readonly title: string;
    readonly author?: string;
    /** Head commit of the PR: check runs go there so they show on the merged PR. */
    readonly headSha?: string;
  };
}

/** Everything `step` knows about the world this tick, gathered before it runs. */
export interface Observation {
  /** Revision of the target as it is in Git at the branch head. */
  readonly targetRevision: string;
  /** Revision currently on the primary (from the generated primary file in Git). */
  readonly primaryRevision: string;
  /** True when the generated objects (primary, services, route) exist in Git. */
  readonly bootstrapped: boolean;
  /** The replicas the canary should run with when scaled up (target's own, else primary's, else 1). */
  readonly canaryReplicas: number;
  readonly source?: SourceChange;
  /** Whether the record's barrier commit is live; ignored when the record has no barrier. */
  readonly applied: AppliedState;
  readonly canaryReadiness: Readiness;
  readonly primaryReadiness: Readiness;
  /** Answers to this tick's requests, keyed by webhook type, plus metrics. */
  readonly webhooks?: Partial<Record<WebhookType, readonly WebhookOutcome[]>>;
  readonly metrics?: readonly MetricOutcome[];
  readonly command?: Command;
  /** `gates.promotion: pull-request`: the bot's promotion gate policy for this Canary. */
  readonly promotionGate: "webhooks" | "pull-request";
}

/** GitHub objects of a run, recorded by the executor so later ticks find and update them. */
export interface RolloutLinks {
  /** GitHub App installation that reaches the repository (to resume after a restart). */
  readonly installationId?: number;
  readonly checkRunId?: number;
  readonly checkRunUrl?: string;
  /** Commit the check run and the sticky comment are attached to. */
  readonly reportSha?: string;
  readonly promotionPr?: number;
  readonly revertPr?: number;
  readonly bootstrapPr?: number;
  readonly rollbackCommit?: string;
  /** Version labels (image tags) of the primary and the canary when the run started. */
  readonly versions?: { readonly from: string; readonly to: string };
  /** What the run is waiting for right now (applied commit, readiness, a gate), as last shown. */
  readonly waiting?: string;
  /** GitHub refused a write (protection, permission): the run waits, showing GitHub's reason. */
  readonly blocked?: { readonly reason: string; readonly since: number };
}

/** One row of the step table shown in the check run. */
export interface StepRecord {
  readonly index: number;
  readonly at: number;
  readonly phase: Phase;
  readonly traffic: TrafficState;
  readonly iteration: number;
  readonly metrics: readonly MetricOutcome[];
  readonly webhooks: readonly WebhookOutcome[];
  /** What happened in this step, e.g. `weight 20 → 30`, `halted: confirm-traffic-increase closed`. */
  readonly note: string;
  /** The step's commit; `verified` once applied (false: only assumed), `note`: the applied check's caveat. */
  readonly commit?: { readonly subject: string; readonly sha?: string; readonly verified?: boolean; readonly note?: string };
}

/** What the bot remembers between ticks that Git does not hold. */
export interface RolloutRecord {
  readonly canary: { readonly namespace: string; readonly name: string };
  readonly phase: Phase;
  /** Revision being rolled out (target's), and the one on the primary when it started. */
  readonly revision: string;
  readonly primaryRevision: string;
  readonly source?: SourceChange;
  readonly failedChecks: number;
  readonly iterations: number;
  readonly traffic: TrafficState;
  readonly startedAt?: number;
  readonly lastTransitionAt: number;
  /** Time of the last analysis step, for scheduling `analysis.interval`. */
  readonly lastStepAt?: number;
  readonly steps: readonly StepRecord[];
  /**
   * Set after a bot commit: nothing is measured until that commit is applied. `step` is the
   * index of the step row that holds the commit (marked verified or not once applied).
   */
  readonly barrier?: { readonly subject: string; readonly since: number; readonly sha?: string; readonly step?: number };
  /** Pre-rollout hooks passed for this revision (run once per revision, unlike Flagger #1248). */
  readonly preRolloutPassed: boolean;
  /** Alerts already sent once per wait (Flagger: "waiting for approval" is sent once). */
  readonly alertedWaits: readonly string[];
  readonly paused?: { readonly by: string; readonly at: number };
  /** Canary scaled up and its readiness deadline clock. */
  readonly canaryScaledUpAt?: number;
  readonly promotedAt?: number;
  readonly finishedAt?: number;
  readonly failureReason?: string;
  /**
   * Readiness deadline clocks: since when the canary / primary has not been ready. Set when the
   * canary is scaled up or the primary promoted, cleared when seen ready; `progressDeadlineSeconds`
   * counts from here.
   */
  readonly canaryNotReadySince?: number;
  readonly primaryNotReadySince?: number;
  /** `gates.promotion: pull-request`: the promotion PR of this run, and who released it. */
  readonly promotionPr?: { readonly openedAt: number; readonly approvedBy?: string };
  /** `/canary promote`: skip the remaining analysis and promote once the canary is ready. */
  readonly promotionRequestedBy?: string;
  /** Set on the final report of a run that a newer revision replaced mid-run. */
  readonly supersededBy?: string;
  /** What the executor created for this run on GitHub (kept with the record, never decided by `step`). */
  readonly links?: RolloutLinks;
}

export interface StepInput {
  readonly canary: ResolvedCanary;
  readonly record: RolloutRecord | undefined;
  readonly observation: Observation;
  /** Epoch milliseconds; the engine never reads a clock. */
  readonly now: number;
}

/** Stable, machine-readable reasons for a decision; the message says the same for people. */
export type PlanCode =
  // Around runs.
  | "suspended"
  | "bootstrap-required"
  | "initialized"
  | "up-to-date"
  | "terminating"
  | "waiting-confirm-rollout"
  | "waiting-cancelled"
  | "rollout-started"
  | "run-restarted"
  | "run-cancelled"
  // Waiting inside a run (nothing decided yet).
  | "waiting-applied"
  | "waiting-interval"
  | "waiting-canary-ready"
  | "waiting-primary-ready"
  | "paused"
  | "command-not-applicable"
  // Analysis outcomes and traffic moves.
  | "check-failed"
  | "halted-traffic-increase"
  | "no-step-configured"
  | "weight-increased"
  | "iteration-advanced"
  | "mirroring-started"
  | "traffic-switched"
  // Promotion.
  | "waiting-promotion"
  | "promotion-pr-opened"
  | "waiting-promotion-review"
  | "promotion-started"
  | "promotion-traffic-shifted"
  | "finalising"
  | "succeeded"
  // Failure.
  | "rolled-back"
  | "promotion-failed";

export interface DecisionPlan {
  readonly kind: "decision";
  readonly phase: Phase;
  /** Stable machine-readable reason, e.g. `weight-increased`, `halted-gate`, `waiting-applied`. */
  readonly code: PlanCode;
  readonly message: string;
  readonly effects: readonly Effect[];
  /** The record to save; `undefined` only when nothing is to be stored. */
  readonly record: RolloutRecord | undefined;
  /** When to tick again. */
  readonly requeueAfterMs?: number;
}

export interface NeedPlan {
  readonly kind: "need";
  readonly requests: readonly ObservationRequest[];
}

export type Plan = DecisionPlan | NeedPlan;
