/**
 * A new revision while the analysis runs (Flagger step 11): all traffic back to the primary
 * and the analysis restarts at weight 0 for the new revision. The superseded run gets a final
 * report. In Promoting/Finalising the change waits for the next run, as in Flagger.
 */
import { notApplied, settleBarrier } from "./barrier.js";
import { canaryId, shortRevision, weightChange } from "./commit-message.js";
import { rollBack } from "./rollback.js";
import { newRun } from "./run-record.js";
import type { Tick } from "./tick.js";
import { addStep, commit, decide, emit, update } from "./tick.js";
import { pollMs } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { DecisionPlan } from "./types.js";

export function handleRevisionChange(tick: Tick): DecisionPlan | undefined {
  const { phase, revision } = tick.record;
  if (phase !== "Progressing" && phase !== "WaitingPromotion") return undefined;
  const target = tick.observation.targetRevision;
  if (target === revision) return undefined;

  if (target === tick.observation.primaryRevision) {
    // Git already went back (the change was reverted): end the run, no revert PR.
    return rollBack(tick, {
      why: "target back on the primary's revision",
      message: `The target went back to the primary's revision ${shortRevision(target)}; the canary run was cancelled`,
      severity: "warn",
      revert: false,
      code: "run-cancelled",
    });
  }

  const old = tick.record;
  emit(tick, { kind: "report", record: { ...old, supersededBy: target, finishedAt: tick.now } });
  if (old.promotionPr !== undefined) {
    emit(tick, { kind: "close-promotion-pr", reason: `superseded by revision ${shortRevision(target)}` });
  }
  tick.record = newRun(tick, "Progressing");
  update(tick, { startedAt: tick.now, canaryNotReadySince: tick.now });
  if (old.canaryScaledUpAt !== undefined) update(tick, { canaryScaledUpAt: old.canaryScaledUpAt });

  const note = `new revision ${shortRevision(target)}: restarting the analysis`;
  if (old.traffic.canaryWeight > 0 || old.traffic.mirrored) {
    const traffic = trafficWith(tick.canary, tick.record, 0);
    update(tick, { traffic });
    commit(tick, { type: "route", traffic }, `${weightChange(old.traffic.canaryWeight, 0)} (new revision ${shortRevision(target)})`, note);
  } else {
    addStep(tick, note);
    // Nothing to commit: the previous commit (say, the scale-up) must still be applied first,
    // and one that will not apply ends the new run as it would have ended the old one.
    if (old.barrier !== undefined) {
      const { subject, since, sha } = old.barrier;
      update(tick, { barrier: { subject, since, ...(sha === undefined ? {} : { sha }) } });
      const state = settleBarrier(tick);
      if (state.kind === "failed") return notApplied(tick, state.message);
    }
  }
  return decide(tick, "run-restarted", `New revision detected! Restarting analysis for ${canaryId(tick.canary)}`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}
