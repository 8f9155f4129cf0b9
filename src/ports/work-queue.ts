import type { Command } from "../core/machine/types.js";

/** One unit of work: reconcile one Canary (or every Canary of a repository). */
export interface WorkItem {
  readonly installationId?: number;
  /** `owner/name` */
  readonly repo: string;
  /** `namespace/name`; absent = discover and reconcile every Canary of the repo. */
  readonly canary?: string;
  readonly reason: string;
  /** Manual commands to hand to the engine, in arrival order. */
  readonly commands?: readonly Command[];
  /** Commit that triggered the work (push `after`, merge commit). */
  readonly sha?: string;
}

export type WorkHandler = (item: WorkItem) => Promise<void>;

export interface WorkQueue {
  /** Adds work due after `delayMs`. Work for the same key is merged and never runs concurrently. */
  enqueue(item: WorkItem, delayMs?: number): Promise<void>;
  start(handler: WorkHandler): void;
  /** Stops taking work and waits for what is running. */
  stop(): Promise<void>;
  /** Items waiting (due or delayed). */
  depth(): Promise<number>;
}

export function workKey(item: Pick<WorkItem, "repo" | "canary">): string {
  return `${item.repo}#${item.canary ?? "*"}`;
}
