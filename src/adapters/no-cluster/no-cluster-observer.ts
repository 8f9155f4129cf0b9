import type { AppliedState, Readiness } from "../../core/machine/types.js";
import type { AppliedQuery, ClusterObserver } from "../../ports/cluster-observer.js";

export interface NoClusterObserverOptions {
  /** How long after a commit it is assumed to be applied, in milliseconds. */
  readonly appliedDelayMs: number;
}

/**
 * Operating without cluster access. Nothing is verified: readiness is `unknown`, and a commit is
 * `assumed` applied once `appliedDelayMs` has passed since it was made (the machine marks such
 * steps as not verified in the check run). Until then the state is pending with the seconds left.
 * A query without `committedAt` cannot be timed and stays pending with a message saying so.
 * Nudging does nothing and no Secret can be read, so provider credentials must come from the
 * bot's own configuration in this mode.
 */
export class NoClusterObserver implements ClusterObserver {
  private readonly delayMs: number;

  constructor(options: NoClusterObserverOptions) {
    if (!Number.isFinite(options.appliedDelayMs) || options.appliedDelayMs < 0) {
      throw new RangeError(`appliedDelayMs must be a non-negative number of milliseconds, got ${String(options.appliedDelayMs)}`);
    }
    this.delayMs = options.appliedDelayMs;
  }

  readiness(): Promise<Readiness> {
    return Promise.resolve({ state: "unknown" });
  }

  applied(query: AppliedQuery, now: number): Promise<AppliedState> {
    const commit = query.commitSha.slice(0, 7);
    if (query.committedAt === undefined) {
      return Promise.resolve({
        state: "pending",
        reason: `no cluster access and no commit time for ${commit}: cannot time the applied delay (not verified)`,
      });
    }
    const elapsed = Math.max(0, now - query.committedAt);
    if (elapsed >= this.delayMs) return Promise.resolve({ state: "assumed", verified: false, afterMs: elapsed });
    const seconds = Math.ceil((this.delayMs - elapsed) / 1000);
    return Promise.resolve({ state: "pending", reason: `waiting ${seconds} s (no cluster access: not verified)` });
  }

  nudge(): Promise<void> {
    return Promise.resolve();
  }

  secret(): Promise<Readonly<Record<string, string>> | undefined> {
    return Promise.resolve(undefined);
  }
}
