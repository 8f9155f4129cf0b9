/**
 * The applied barrier: a committed change is not live until the GitOps tool applied it, and
 * nothing is measured before. Applied and verified, or assumed after the configured delay
 * (no cluster access: the step is marked unverified); failed, or still pending after
 * `progressDeadlineSeconds`, ends the wait with a failure.
 */
import { ALERT } from "./alerts.js";
import { failPromotion, rollBack } from "./rollback.js";
import type { Tick } from "./tick.js";
import { clear, decide, update } from "./tick.js";
import { deadlineMs, pastDeadline, pollMs } from "./timing.js";
import type { DecisionPlan, RolloutRecord, StepRecord } from "./types.js";

export type BarrierState =
  | { readonly kind: "clear" }
  | { readonly kind: "pending"; readonly subject: string; readonly reason: string }
  | { readonly kind: "failed"; readonly message: string; readonly deadline: boolean };

export function settleBarrier(tick: Tick): BarrierState {
  const barrier = tick.record.barrier;
  if (barrier === undefined) return { kind: "clear" };
  const applied = tick.observation.applied;
  switch (applied.state) {
    case "applied":
      markApplied(tick, barrier, true, applied.afterMs, applied.note);
      return { kind: "clear" };
    case "assumed":
      markApplied(tick, barrier, false, applied.afterMs);
      return { kind: "clear" };
    case "failed":
      clear(tick, "barrier");
      return { kind: "failed", message: `Commit "${barrier.subject}" failed to apply: ${applied.reason}`, deadline: false };
    case "pending": {
      if (!pastDeadline(tick.canary, barrier.since, tick.now)) {
        return { kind: "pending", subject: barrier.subject, reason: applied.reason };
      }
      clear(tick, "barrier");
      const seconds = String(deadlineMs(tick.canary) / 1000);
      return {
        kind: "failed",
        message: ALERT.progressDeadline(`commit "${barrier.subject}" not applied after ${seconds}s: ${applied.reason}`),
        deadline: true,
      };
    }
  }
}

/** During a run: wait for the last commit, or end the run when it will not apply. */
export function waitForApplied(tick: Tick): DecisionPlan | undefined {
  const state = settleBarrier(tick);
  switch (state.kind) {
    case "clear":
      return undefined;
    case "pending":
      return decide(tick, "waiting-applied", `Waiting until "${state.subject}" is applied: ${state.reason}`, {
        requeueAfterMs: pollMs(tick.canary),
      });
    case "failed":
      return notApplied(tick, state.message);
  }
}

/** A commit that will not apply ends the run: a failed promotion once the primary was promoted. */
export function notApplied(tick: Tick, message: string): DecisionPlan {
  const { phase } = tick.record;
  if (phase === "Promoting" || phase === "Finalising") return failPromotion(tick, message);
  return rollBack(tick, { why: "commit not applied", message, severity: "error", revert: true });
}

/**
 * The commit is live: the next interval counts from when it was applied, so every analysis
 * measures a full interval of the committed weight.
 */
function markApplied(
  tick: Tick,
  barrier: NonNullable<RolloutRecord["barrier"]>,
  verified: boolean,
  afterMs: number | undefined,
  note?: string,
): void {
  const appliedAt = Math.min(tick.now, Math.max(barrier.since, barrier.since + (afterMs ?? tick.now - barrier.since)));
  const steps = barrier.step === undefined ? tick.record.steps : tick.record.steps.map((row) => verify(row, barrier, verified, note));
  // The canary's progress deadline counts from when its scale-up is live, not from the commit:
  // the GitOps tool's latency must not eat into it (Flagger measures from the Deployment itself).
  const scaleUpApplied = tick.record.canaryScaledUpAt !== undefined && tick.record.canaryNotReadySince === tick.record.canaryScaledUpAt;
  clear(tick, "barrier");
  update(tick, {
    steps,
    lastStepAt: Math.max(tick.record.lastStepAt ?? appliedAt, appliedAt),
    ...(scaleUpApplied ? { canaryNotReadySince: appliedAt } : {}),
  });
}

function verify(row: StepRecord, barrier: NonNullable<RolloutRecord["barrier"]>, verified: boolean, note?: string): StepRecord {
  if (row.index !== barrier.step || row.commit === undefined) return row;
  return { ...row, commit: { ...row.commit, verified, ...(note === undefined ? {} : { note }) } };
}
