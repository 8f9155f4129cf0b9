/** Tick cadence: analysis every `analysis.interval`, short polls while waiting for the cluster. */
import type { ResolvedCanary } from "../spec/model.js";
import type { RolloutRecord } from "./types.js";

const POLL_MS = 10_000;

export function intervalMs(canary: ResolvedCanary): number {
  return canary.analysis.intervalSeconds * 1000;
}

/** How soon to look again while a commit is being applied or pods are starting. */
export function pollMs(canary: ResolvedCanary): number {
  return Math.min(POLL_MS, intervalMs(canary));
}

export function deadlineMs(canary: ResolvedCanary): number {
  return canary.progressDeadlineSeconds * 1000;
}

/** Milliseconds until the next analysis step is due; 0 when it is due now. */
export function untilNextStep(canary: ResolvedCanary, record: RolloutRecord, now: number): number {
  if (record.lastStepAt === undefined) return 0;
  return Math.max(0, record.lastStepAt + intervalMs(canary) - now);
}

/** True when `since` is more than `progressDeadlineSeconds` ago. */
export function pastDeadline(canary: ResolvedCanary, since: number, now: number): boolean {
  return now - since > deadlineMs(canary);
}
