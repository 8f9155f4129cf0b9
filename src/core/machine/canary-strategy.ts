/**
 * Weighted canary (with or without session affinity), Flagger's `runCanary`: after a passed
 * analysis, confirm-traffic-increase, then the next weight or, at max weight, promotion.
 */
import { ALERT, alertWaitOnce, endWait } from "./alerts.js";
import { canaryId, weightChange } from "./commit-message.js";
import { allPassed, askHooks, failedNames, shouldAlert } from "./hooks.js";
import { increasedWeight, maxWeight, nextStepWeight } from "./next-weight.js";
import { requestPromotion } from "./promotion.js";
import type { Tick } from "./tick.js";
import { addStep, commit, decide, update } from "./tick.js";
import { intervalMs, pollMs } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { Plan } from "./types.js";

export function advanceCanary(tick: Tick): Plan {
  const { analysis } = tick.canary;
  const from = tick.record.traffic.canaryWeight;
  if (nextStepWeight(analysis, from) <= 0) {
    addStep(tick, "analysis passed; the spec sets no stepWeight or stepWeights");
    return decide(tick, "no-step-configured", `${canaryId(tick.canary)} has no stepWeight or stepWeights to advance by`, {
      requeueAfterMs: intervalMs(tick.canary),
    });
  }

  // Flagger asks before every weight change and before the promotion decision, except while
  // waiting for promotion.
  if (tick.record.phase !== "WaitingPromotion" && !tick.record.traffic.mirrored) {
    const gate = askHooks(tick, "confirm-traffic-increase", "Progressing");
    if (gate.kind === "need") return gate.plan;
    if (!allPassed(gate.outcomes)) {
      const names = failedNames(gate.outcomes);
      addStep(tick, `halted: confirm-traffic-increase ${names} closed`);
      alertWaitOnce(tick, "confirm-traffic-increase", ALERT.waitingTrafficIncrease, !shouldAlert(tick, gate.outcomes));
      return decide(tick, "halted-traffic-increase", `Halt ${canaryId(tick.canary)} advancement waiting for traffic increase approval ${names}`, {
        requeueAfterMs: intervalMs(tick.canary),
        eventType: "Warning",
      });
    }
    endWait(tick, "confirm-traffic-increase");
  }

  if (from >= maxWeight(analysis)) return requestPromotion(tick);

  const to = increasedWeight(analysis, from);
  const traffic = trafficWith(tick.canary, tick.record, to);
  update(tick, { traffic });
  commit(tick, { type: "route", traffic }, weightChange(from, to), `weight ${weightChange(from, to)}`);
  return decide(tick, "weight-increased", `Advance ${canaryId(tick.canary)} canary weight ${String(to)}%`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}
