/**
 * A/B testing (`match` + `iterations`), Flagger's `runAB`: requests matching `analysis.match` go
 * to the canary from the first iteration on; after `iterations` passed analyses, promotion.
 */
import { canaryId, weightChange } from "./commit-message.js";
import { requestPromotion } from "./promotion.js";
import type { Tick } from "./tick.js";
import { addStep, commit, decide, update } from "./tick.js";
import { intervalMs, pollMs } from "./timing.js";
import { sameTraffic, trafficWith } from "./traffic.js";
import type { Plan } from "./types.js";

export function advanceAbTesting(tick: Tick): Plan {
  const total = tick.canary.analysis.iterations ?? 0;
  if (tick.record.iterations >= total) return requestPromotion(tick);

  const iteration = tick.record.iterations + 1;
  const from = tick.record.traffic;
  const traffic = trafficWith(tick.canary, tick.record, 100);
  update(tick, { iterations: iteration });
  const note = `iteration ${String(iteration)}/${String(total)}`;
  const message = `Advance ${canaryId(tick.canary)} canary iteration ${String(iteration)}/${String(total)}`;
  // Flagger re-applies the route every iteration; in Git an unchanged route is no commit.
  if (sameTraffic(from, traffic)) {
    addStep(tick, note);
    return decide(tick, "iteration-advanced", message, { requeueAfterMs: intervalMs(tick.canary) });
  }
  update(tick, { traffic });
  commit(
    tick,
    { type: "route", traffic },
    `${weightChange(from.canaryWeight, 100)} for requests matching analysis.match`,
    `${note}: matching requests to the canary`,
  );
  return decide(tick, "iteration-advanced", message, { requeueAfterMs: pollMs(tick.canary) });
}
