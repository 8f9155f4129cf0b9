/** Rollout records: the first one, and the fresh record each new run starts from. */
import type { ResolvedCanary } from "../spec/model.js";
import type { Tick } from "./tick.js";
import { PRIMARY_ONLY } from "./traffic.js";
import type { Observation, Phase, RolloutRecord } from "./types.js";

export function firstRecord(
  canary: ResolvedCanary,
  observation: Observation,
  now: number,
  phase: "Initializing" | "Initialized",
): RolloutRecord {
  // Initialized records what the primary runs, so a target that already differs starts a run.
  const revision = phase === "Initialized" ? observation.primaryRevision : observation.targetRevision;
  return {
    canary: { namespace: canary.namespace, name: canary.name },
    phase,
    revision,
    primaryRevision: observation.primaryRevision,
    failedChecks: 0,
    iterations: 0,
    traffic: PRIMARY_ONLY,
    lastTransitionAt: now,
    steps: [],
    preRolloutPassed: false,
    alertedWaits: [],
  };
}

/**
 * A run of the target's current revision: counters reset, a new step table, the committed
 * traffic (and the previous run's cookie) carried over. A pending barrier is not: the run's
 * first commit supersedes it (applied means that commit or a descendant).
 */
export function newRun(tick: Tick, phase: Phase): RolloutRecord {
  const previous = tick.record;
  const { observation, now } = tick;
  return {
    canary: previous.canary,
    phase,
    revision: observation.targetRevision,
    primaryRevision: observation.primaryRevision,
    ...(observation.source === undefined ? {} : { source: observation.source }),
    failedChecks: 0,
    iterations: 0,
    traffic: previous.traffic,
    lastTransitionAt: now,
    steps: [],
    preRolloutPassed: false,
    alertedWaits: [],
  };
}
