import type { Command } from "../core/machine/types.js";

/** Where a command came from, so the engine can check who gave it and answer there. */
export type CommandSource =
  | { readonly kind: "comment"; readonly issueNumber: number; readonly commentId: number; readonly body: string }
  | { readonly kind: "check-run"; readonly checkRunId: number }
  | { readonly kind: "review"; readonly pullNumber: number; readonly reviewId: number; readonly commitSha?: string }
  /** The CLI or a local run: the person at the terminal. */
  | { readonly kind: "local" };

/** A command someone asked for; the engine authorises it before the state machine sees it. */
export interface RequestedCommand {
  readonly command: Command;
  readonly source: CommandSource;
}

/** An open pull request to preview (`canary-bot: plan` check run). */
export interface PreviewRequest {
  readonly pullNumber: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
}

/** One unit of work: reconcile one Canary (or every Canary of a repository), or preview a PR. */
export interface WorkItem {
  readonly installationId?: number;
  /** `owner/name` */
  readonly repo: string;
  /** `namespace/name`; absent = every Canary of the repo (commands: the one the PR started). */
  readonly canary?: string;
  readonly reason: string;
  /** Manual commands to hand to the engine, in arrival order. */
  readonly commands?: readonly RequestedCommand[];
  /** Commit that triggered the work (push `after`, merge commit). */
  readonly sha?: string;
  /** PR the commands were given on (comment commands without a Canary name). */
  readonly pullNumber?: number;
  readonly preview?: PreviewRequest;
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

export function workKey(item: Pick<WorkItem, "repo" | "canary" | "preview">): string {
  if (item.preview) return `${item.repo}#preview/${String(item.preview.pullNumber)}`;
  return `${item.repo}#${item.canary ?? "*"}`;
}

/**
 * Two waiting items of the same key as one, as every queue merges them:
 * reasons de-duplicated in first-seen order, commands concatenated in arrival order, and the
 * later item's installation, commit, pull request and preview win. (The earliest due time wins;
 * the caller keeps that.)
 */
export function mergeWorkItems(earlier: WorkItem, later: WorkItem): WorkItem {
  const commands = [...(earlier.commands ?? []), ...(later.commands ?? [])];
  const reasons = new Set([...earlier.reason.split(", "), ...later.reason.split(", ")]);
  const installationId = later.installationId ?? earlier.installationId;
  const sha = later.sha ?? earlier.sha;
  const pullNumber = later.pullNumber ?? earlier.pullNumber;
  const preview = later.preview ?? earlier.preview;
  return {
    repo: earlier.repo,
    ...(earlier.canary !== undefined ? { canary: earlier.canary } : {}),
    reason: [...reasons].join(", "),
    ...(commands.length ? { commands } : {}),
    ...(installationId !== undefined ? { installationId } : {}),
    ...(sha !== undefined ? { sha } : {}),
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    ...(preview !== undefined ? { preview } : {}),
  };
}
