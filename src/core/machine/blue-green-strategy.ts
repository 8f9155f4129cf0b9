/**
 * Blue/green (`iterations` without `match`), Flagger's `runBlueGreen`: `iterations` analyses with
 * live traffic on the primary (mirrored to the canary with `mirror: true`), then all traffic to
 * the canary for one more analysis, then promotion. confirm-promotion is asked before both.
 */
import { canaryId, weightChange } from "./commit-message.js";
import { confirmPromotion, promoteOrAskReview } from "./promotion.js";
import type { Tick } from "./tick.js";
import { addStep, commit, decide, update } from "./tick.js";
import { intervalMs, pollMs } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { Plan } from "./types.js";

export function advanceBlueGreen(tick: Tick): Plan {
  const total = tick.canary.analysis.iterations ?? 0;
  const done = tick.record.iterations;
  const id = canaryId(tick.canary);

  if (done < total) {
    const iteration = done + 1;
    update(tick, { iterations: iteration });
    const note = `iteration ${String(iteration)}/${String(total)}`;
    const message = `Advance ${id} canary iteration ${String(iteration)}/${String(total)}`;
    if (tick.canary.strategy === "blue-green-mirroring" && !tick.record.traffic.mirrored) {
      const traffic = trafficWith(tick.canary, tick.record, 0, true);
      update(tick, { traffic });
      commit(tick, { type: "route", traffic }, "mirror traffic to the canary", `${note}: mirroring live traffic to the canary`);
      return decide(tick, "mirroring-started", message, { requeueAfterMs: pollMs(tick.canary) });
    }
    addStep(tick, note);
    return decide(tick, "iteration-advanced", message, { requeueAfterMs: intervalMs(tick.canary) });
  }

  const closed = confirmPromotion(tick);
  if (closed !== undefined) return closed;
  if (done > total) return promoteOrAskReview(tick);

  const { mirrored: wasMirrored, canaryWeight: from } = tick.record.traffic;
  const traffic = trafficWith(tick.canary, tick.record, 100);
  update(tick, { traffic, iterations: done + 1 });
  commit(
    tick,
    { type: "route", traffic },
    `${wasMirrored ? "stop mirroring, " : ""}${weightChange(from, 100)}`,
    "all traffic to the canary for one more analysis before promotion",
  );
  const message = wasMirrored
    ? `Stop traffic mirroring and route all traffic to canary for ${id}`
    : `Routing all traffic to canary for ${id}`;
  return decide(tick, "traffic-switched", message, { requeueAfterMs: pollMs(tick.canary) });
}
