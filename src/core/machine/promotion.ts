/**
 * From max weight (or iterations) to Succeeded: the confirm-promotion gate, the promotion PR
 * gate, the promotion commit, the traffic shift back to the primary and the finalising commit.
 */
import { ALERT, alertWaitOnce, endWait } from "./alerts.js";
import { canaryId, commitSpec, shortRevision, targetName, weightChange } from "./commit-message.js";
import { allPassed, askHooks, failedNames, shouldAlert } from "./hooks.js";
import { promotionWeight } from "./next-weight.js";
import type { Tick } from "./tick.js";
import { addStep, clear, commit, decide, emit, notify, postRollout, update } from "./tick.js";
import { intervalMs, pollMs } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { DecisionPlan, Plan } from "./types.js";

/**
 * Flagger's confirm-promotion hooks (sent with phase Progressing). Closed: WaitingPromotion, the
 * analysis goes on every interval and the gate is asked again. `undefined` means open.
 */
export function confirmPromotion(tick: Tick): Plan | undefined {
  const gate = askHooks(tick, "confirm-promotion", "Progressing");
  if (gate.kind === "need") return gate.plan;
  if (allPassed(gate.outcomes)) {
    endWait(tick, "confirm-promotion");
    return undefined;
  }
  const names = failedNames(gate.outcomes);
  update(tick, { phase: "WaitingPromotion" });
  addStep(tick, `waiting for approval: confirm-promotion ${names} closed`);
  alertWaitOnce(tick, "confirm-promotion", ALERT.waitingPromotion, !shouldAlert(tick, gate.outcomes));
  return decide(tick, "waiting-promotion", `Halt ${canaryId(tick.canary)} advancement waiting for promotion approval ${names}`, {
    requeueAfterMs: intervalMs(tick.canary),
    eventType: "Warning",
  });
}

/** Max weight or iterations reached and the analysis passed: confirm-promotion, then promote. */
export function requestPromotion(tick: Tick): Plan {
  return confirmPromotion(tick) ?? promoteOrAskReview(tick);
}

/**
 * With `gates.promotion: pull-request` the promotion commit goes into a PR and waits for an
 * authorised approval (the `approve-promotion` command); analysis continues meanwhile.
 */
export function promoteOrAskReview(tick: Tick): DecisionPlan {
  if (tick.observation.promotionGate === "webhooks") return promote(tick, `analysis passed: promote ${shortRevision(tick.record.revision)}`);

  update(tick, { phase: "WaitingPromotion" });
  if (tick.record.promotionPr !== undefined) {
    addStep(tick, "waiting for an approving review of the promotion PR");
    return decide(tick, "waiting-promotion-review", `${canaryId(tick.canary)} is waiting for a review of its promotion PR`, {
      requeueAfterMs: intervalMs(tick.canary),
    });
  }
  const revision = tick.record.revision;
  const spec = commitSpec(
    tick.canary,
    { ...tick.record, phase: "Promoting" },
    tick.record.steps.length,
    { type: "promote", revision },
    `promote ${shortRevision(revision)}`,
  );
  update(tick, { promotionPr: { openedAt: tick.now } });
  addStep(tick, "analysis passed: promotion PR opened, waiting for an approving review");
  emit(tick, { kind: "open-promotion-pr", revision, commit: spec });
  alertWaitOnce(tick, "promotion-review", ALERT.waitingPromotion, false);
  return decide(tick, "promotion-pr-opened", `${canaryId(tick.canary)} promotion PR opened; waiting for an approving review`, {
    requeueAfterMs: intervalMs(tick.canary),
  });
}

/**
 * The promotion commit copies the canary template into the primary (phase Promoting). When the
 * promotion PR holds it and a person released it, the merge is the commit (`mergedBy`).
 */
export function promote(tick: Tick, note: string, mergedBy?: string): DecisionPlan {
  const openPr = tick.record.promotionPr !== undefined;
  const revision = tick.record.revision;
  update(tick, { phase: "Promoting", promotedAt: tick.now, primaryNotReadySince: tick.now });
  clear(tick, "promotionRequestedBy", "promotionPr", "paused");
  endWait(tick, "confirm-promotion");
  endWait(tick, "promotion-review");
  const merge = openPr && mergedBy !== undefined ? { mergePromotionPrBy: mergedBy } : {};
  commit(tick, { type: "promote", revision }, `promote ${shortRevision(revision)}`, note, merge);
  if (openPr && mergedBy === undefined) emit(tick, { kind: "close-promotion-pr", reason: `promoted directly: ${note}` });
  const { name } = tick.canary.targetRef;
  return decide(tick, "promotion-started", `Copying ${targetName(tick.canary)} template spec to ${name}-primary.${tick.canary.namespace}`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}

/**
 * Promoting: the primary is applied and ready. Route traffic back to it, all at once or by
 * `stepWeightPromotion` per tick; at 100/0 the phase is Finalising. With nothing left on the
 * canary (or `skipAnalysis`) the run is finalised directly.
 */
export function shiftTrafficBack(tick: Tick): DecisionPlan {
  const from = tick.record.traffic.canaryWeight;
  if (tick.canary.skipAnalysis || from === 0) return finalise(tick);
  const to = promotionWeight(tick.canary.analysis.stepWeightPromotion, from);
  const traffic = trafficWith(tick.canary, tick.record, to);
  const done = to === 0;
  update(tick, { traffic, phase: done ? "Finalising" : "Promoting" });
  const note = done ? "all traffic back to the primary" : `primary weight ${String(traffic.primaryWeight)}%`;
  commit(tick, { type: "route", traffic }, weightChange(from, to), note);
  const id = canaryId(tick.canary);
  return done
    ? decide(tick, "finalising", `Routing all traffic to primary for ${id}`, { requeueAfterMs: pollMs(tick.canary) })
    : decide(tick, "promotion-traffic-shifted", `Advance ${id} primary weight ${String(traffic.primaryWeight)}%`, {
        requeueAfterMs: pollMs(tick.canary),
      });
}

/** Scale the canary to 0 (route 100/0 in the same commit): Succeeded. */
export function finalise(tick: Tick): DecisionPlan {
  const skipped = tick.canary.skipAnalysis;
  const traffic = trafficWith(tick.canary, tick.record, 0);
  update(tick, { phase: "Succeeded", traffic, finishedAt: tick.now });
  clear(tick, "canaryNotReadySince", "primaryNotReadySince", "paused");
  const revision = shortRevision(tick.record.revision);
  const note = skipped ? "analysis skipped: promotion finished" : "promotion finished";
  commit(tick, { type: "finalise", traffic, scaleCanaryToZero: true }, `finalise ${revision} (scale down canary)`, note);
  postRollout(tick, "Succeeded");
  notify(tick, "info", skipped ? ALERT.skipped : ALERT.succeeded);
  return decide(tick, "succeeded", `Promotion completed! Scaling down ${targetName(tick.canary)}`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}
