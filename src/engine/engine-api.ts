import type { Phase } from "../core/machine/types.js";
import type { WorkItem } from "../ports/work-queue.js";

/** One rollout as `canary-bot status` and the status API show it (like `kubectl get canaries`). */
export interface RolloutSummary {
  /** `owner/name` */
  readonly repo: string;
  /** `namespace/name` */
  readonly canary: string;
  readonly phase: Phase;
  readonly canaryWeight: number;
  readonly primaryWeight: number;
  readonly mirrored: boolean;
  readonly failedChecks: number;
  readonly iterations: number;
  readonly paused: boolean;
  readonly revision: string;
  /** Epoch ms. */
  readonly lastTransitionAt: number;
  readonly sourceSha?: string;
  readonly pullRequest?: number;
}

/** What the GitHub App (and the status API) needs from the engine. */
export interface EngineApi {
  /** Queue work; returns once it is queued (never waits for the work itself). */
  enqueue(item: WorkItem, delayMs?: number): Promise<void>;
  rollouts(): Promise<readonly RolloutSummary[]>;
  /** True once the engine has resumed stored rollouts and its queue is running. */
  ready(): boolean;
}
