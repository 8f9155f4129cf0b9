import type { Strategy } from "../spec/model.js";

/** Where things live on GitHub, so every rendered item links both ways. */
export interface RenderLinks {
  readonly commit?: (sha: string) => string;
  readonly pullRequest?: (num: number) => string;
  readonly checkRun?: string;
}

/** What a rollout will do when every check passes; computed from the spec (core/outline). */
export interface RolloutOutline {
  readonly strategy: Strategy;
  /** Canary weights of the analysis steps (weighted strategies), in order. */
  readonly weights: readonly number[];
  /** Analysis iterations (A/B, blue/green); 0 for weighted strategies. */
  readonly iterations: number;
  readonly intervalSeconds: number;
  /** Number of analysis steps before promotion. */
  readonly totalSteps: number;
  readonly minDurationMs: number;
  readonly rollbackAfterMs: number;
  readonly threshold: number;
}

export interface RenderContext {
  readonly now: number;
  readonly links: RenderLinks;
  readonly outline: RolloutOutline;
  /** Image tags or other version labels of the primary and the canary, e.g. 6.0.0 → 6.0.1. */
  readonly versions?: { readonly from: string; readonly to: string };
  /** Which GitOps object applies the files, e.g. "Flux flux-system/apps"; absent without a cluster. */
  readonly appliedVia?: string;
  /** Who can approve promotion, e.g. "@acme/platform" or "CODEOWNERS of apps/podinfo/". */
  readonly approvers?: string;
  readonly promotionPr?: number;
  readonly revertPr?: number;
  readonly rollbackCommit?: string;
  /** What the run waits for, e.g. `Waiting until "canary: … 20% → 30%" is applied: Flux has applied …`. */
  readonly waiting?: string;
  /** When the next tick is due, epoch ms. */
  readonly nextTickAt?: number;
}
