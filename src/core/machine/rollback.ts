/**
 * Ending a run without promotion. A rollback is one commit, made at once: route 100/0 to the
 * primary and scale the canary to 0 (session cookie moved to `previousCookie`). Then the revert
 * PR, post-rollout hooks and the alert. A rolled-back run never leaves canary weight above 0;
 * the one exception is a failed promotion, where the canary is the only healthy copy.
 */
import type { Severity } from "../spec/model.js";
import { ALERT } from "./alerts.js";
import { canaryId } from "./commit-message.js";
import type { Tick } from "./tick.js";
import { addStep, clear, commit, decide, emit, notify, postRollout, update } from "./tick.js";
import { pollMs } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { DecisionPlan, PlanCode } from "./types.js";

export interface RollbackCause {
  /** Short, for the commit subject: `roll back (<why>)`. */
  readonly why: string;
  /** The alert and the recorded failure reason (Flagger's wording where it has one). */
  readonly message: string;
  readonly severity: Severity;
  /** Open a revert PR of the source change; not when Git already went back. */
  readonly revert: boolean;
  /** False when nothing was changed yet (a run still waiting for confirm-rollout). */
  readonly commit?: boolean;
  /** What the analysis found this tick, shown in the step row before the rollback. */
  readonly detail?: string;
  readonly code?: PlanCode;
}

/** `failedChecks` reached `analysis.threshold`. */
export function thresholdReached(failedChecks: number, detail?: string): RollbackCause {
  return {
    why: `failed checks threshold reached ${String(failedChecks)}`,
    message: ALERT.thresholdReached(failedChecks),
    severity: "error",
    revert: true,
    ...(detail === undefined ? {} : { detail }),
  };
}

/** A person's `/canary rollback` (or button). */
export function rolledBackBy(by: string, commit = true): RollbackCause {
  return { why: `by @${by}`, message: `Rolled back by @${by}`, severity: "warn", revert: true, commit };
}

export function rollBack(tick: Tick, cause: RollbackCause): DecisionPlan {
  const hadPromotionPr = tick.record.promotionPr !== undefined;
  const traffic = trafficWith(tick.canary, tick.record, 0);
  endRun(tick);
  update(tick, { phase: "Failed", traffic, failureReason: cause.message });
  const note = `${cause.detail === undefined ? "" : `${cause.detail}; `}rolled back: ${cause.message}`;
  if (cause.commit ?? true) {
    commit(tick, { type: "rollback", traffic, scaleCanaryToZero: true }, `roll back (${cause.why})`, note);
  } else {
    addStep(tick, note);
  }
  if (hadPromotionPr) emit(tick, { kind: "close-promotion-pr", reason: cause.message });
  if (cause.revert) emit(tick, { kind: "open-revert", reason: cause.message });
  postRollout(tick, "Failed");
  notify(tick, cause.severity, cause.message);
  return decide(tick, cause.code ?? "rolled-back", `Rolling back ${canaryId(tick.canary)}: ${cause.message}`, {
    requeueAfterMs: pollMs(tick.canary),
    eventType: "Warning",
  });
}

/**
 * Flagger #1898: the primary never became ready after the promotion commit, so the canary is
 * the only healthy copy. All traffic goes to it and it is not scaled down. No revert PR: the
 * primary already has the new template, so reverting the source would start a new run.
 */
export function failPromotion(tick: Tick, detail: string): DecisionPlan {
  const message = ALERT.promotionFailed(detail);
  const traffic = trafficWith(tick.canary, tick.record, 100);
  endRun(tick);
  update(tick, { phase: "Failed", traffic, failureReason: message });
  commit(tick, { type: "route-to-canary", traffic }, "route all traffic to the canary (promotion failed)", message);
  postRollout(tick, "Failed");
  notify(tick, "error", message);
  return decide(tick, "promotion-failed", `Promotion of ${canaryId(tick.canary)} failed: ${detail}`, {
    requeueAfterMs: pollMs(tick.canary),
    eventType: "Warning",
  });
}

function endRun(tick: Tick): void {
  clear(tick, "paused", "promotionPr", "promotionRequestedBy", "canaryNotReadySince", "primaryNotReadySince");
  update(tick, { finishedAt: tick.now });
}
