/**
 * What a rollout of one Canary will do when every check passes: the plan `canary-bot plan`
 * prints, and the outline the check run and PR comment show. Computed by driving the real state
 * machine, never by re-implementing its arithmetic.
 */
import type { CommitIntent, Phase, PlanCode } from "../machine/types.js";
import type { HttpRoute } from "../routing/http-route-types.js";
import type { Strategy, ThresholdRange, WebhookType } from "../spec/model.js";

/**
 * - `start`: the new revision is picked up (canary scaled up);
 * - `analysis`: an interval of analysis that moves traffic or counts an iteration;
 * - `promotion`: from the promotion decision to Succeeded.
 */
export type StepStage = "start" | "analysis" | "promotion";

/** An HTTPRoute as committed; generated routes are `HttpRoute`, adopted ones keep the user's extra fields. */
export type PlannedRoute = HttpRoute | Readonly<Record<string, unknown>>;

export interface PlannedCommit {
  readonly subject: string;
  readonly trailers: Readonly<Record<string, string>>;
  readonly intent: CommitIntent;
}

export interface PlannedStep {
  /** Index of the engine's step row (and the `Canary-Step` trailer of its commit). */
  readonly index: number;
  readonly stage: StepStage;
  /** The decision that made the step, e.g. `weight-increased`. */
  readonly code: PlanCode;
  readonly phase: Phase;
  readonly primaryWeight: number;
  readonly canaryWeight: number;
  readonly mirrored: boolean;
  readonly iteration: number;
  /** The engine's own words for the step, e.g. `weight 10% → 20%`. */
  readonly note: string;
  /** When the step happens, counted from the start, with every commit applied at once. */
  readonly atMs: number;
  readonly commit?: PlannedCommit;
  /** The HTTPRoute the step's commit writes; absent when the commit leaves the route alone. */
  readonly route?: PlannedRoute;
}

export type GateType = "confirm-rollout" | "confirm-traffic-increase" | "confirm-promotion";

export type PlannedGate =
  | { readonly type: GateType; readonly via: "webhook"; readonly name: string; readonly url: string }
  /** `gates.promotion: pull-request`: an approving review on the promotion PR releases promotion. */
  | { readonly type: "confirm-promotion"; readonly via: "pull-request" };

/** A file a rollout changes. */
export interface PlannedWrite {
  readonly path: string;
  /** `canary-bot`: generated and rewritten whole; `user`: edited in place, minimally. */
  readonly owner: "canary-bot" | "user";
  /** The objects it holds or the fields that change, e.g. `HTTPRoute podinfo`, `spec.replicas`. */
  readonly objects: readonly string[];
  /** Why the rollout writes it, in a few words. */
  readonly reason: string;
}

export interface PlannedMetric {
  readonly name: string;
  /** As the check run shows it: `max 1`, `min 99 · max 100`, `max 500 ms`. */
  readonly threshold?: string;
  readonly thresholdRange?: ThresholdRange;
  /** Query window as written (`1m`). */
  readonly interval: string;
  /** `builtin`, `query` (inline PromQL) or `template` (then `templateRef` says which). */
  readonly source: "builtin" | "query" | "template";
  readonly templateRef?: { readonly namespace: string; readonly name: string };
}

export interface PlannedWebhook {
  readonly name: string;
  readonly type: WebhookType;
  readonly url: string;
}

export interface RolloutPlan {
  readonly canary: { readonly namespace: string; readonly name: string; readonly file: string };
  readonly strategy: Strategy;
  readonly intervalSeconds: number;
  readonly threshold: number;
  /** Canary weights of the analysis steps in order (weighted strategies; empty otherwise). */
  readonly weights: readonly number[];
  /** `analysis.iterations` (A/B, blue/green); 0 for weighted strategies. */
  readonly iterations: number;
  /** Analysis steps before the promotion decision. */
  readonly analysisSteps: number;
  /** From the new revision to the promotion commit, with every commit applied at once. */
  readonly minDurationMs: number;
  /** From the new revision to Succeeded, likewise. */
  readonly totalDurationMs: number;
  /** Flagger's `interval × threshold`: how long checks fail before the rollback. */
  readonly rollbackAfterMs: number;
  /** The revision the plan rolls out: the target's as the repository holds it, when known. */
  readonly revision: string;
  readonly promotionGate: "webhooks" | "pull-request";
  readonly gates: readonly PlannedGate[];
  readonly metrics: readonly PlannedMetric[];
  readonly webhooks: readonly PlannedWebhook[];
  readonly steps: readonly PlannedStep[];
  readonly writes: readonly PlannedWrite[];
  /** The generated objects are not in the repository yet: a bootstrap PR comes first. */
  readonly needsBootstrap: boolean;
  /** Things worth knowing, e.g. settings an adopted route leaves to its author. */
  readonly notes: readonly string[];
}

export interface PlanOptions {
  /** The bot's promotion gate for this Canary (repository configuration). Default `webhooks`. */
  readonly promotionGate?: "webhooks" | "pull-request";
}
