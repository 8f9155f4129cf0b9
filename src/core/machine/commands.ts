/**
 * Commands from GitHub (comment, check-run button, promotion PR review), already authorised by
 * the app. A command that does not apply to the current phase changes nothing and says why.
 */
import { canaryId } from "./commit-message.js";
import { rollBack, rolledBackBy } from "./rollback.js";
import type { Tick } from "./tick.js";
import { clear, decide, update } from "./tick.js";
import { intervalMs, pollMs } from "./timing.js";
import type { Command, DecisionPlan } from "./types.js";

/** During a run (Progressing, WaitingPromotion, Promoting, Finalising). `undefined`: go on. */
export function handleRunCommand(tick: Tick): DecisionPlan | undefined {
  const command = tick.observation.command;
  if (command === undefined) return undefined;
  const { phase, paused, promotionPr, startedAt } = tick.record;
  // A command given before this tick cannot be meant for a run that started in it (a new
  // revision replaced the run the person was looking at).
  if (startedAt === tick.now) return notApplicable(tick, command, "a new run started at this moment; look at it first");
  const analysing = phase === "Progressing" || phase === "WaitingPromotion";

  switch (command.type) {
    case "rollback":
      if (!analysing) return notApplicable(tick, command, "the promotion is already committed; revert the change instead");
      return rollBack(tick, rolledBackBy(command.by));
    case "pause":
      if (paused !== undefined) return notApplicable(tick, command, `already paused by @${paused.by}`);
      update(tick, { paused: { by: command.by, at: tick.now } });
      return decide(tick, "paused", `${canaryId(tick.canary)} paused by @${command.by}; /canary resume continues`, {
        requeueAfterMs: intervalMs(tick.canary),
      });
    case "resume":
      if (paused === undefined) return notApplicable(tick, command, "the rollout is not paused");
      clear(tick, "paused");
      return undefined;
    case "promote":
      if (!analysing) return notApplicable(tick, command, "the promotion is already under way");
      if (tick.record.promotionRequestedBy !== undefined) {
        return notApplicable(tick, command, `promotion already requested by @${tick.record.promotionRequestedBy}`);
      }
      update(tick, { promotionRequestedBy: command.by });
      clear(tick, "paused");
      return undefined;
    case "approve-promotion":
      if (phase !== "WaitingPromotion" || promotionPr === undefined) {
        return notApplicable(tick, command, "no promotion PR is waiting for a review");
      }
      if (promotionPr.approvedBy !== undefined) {
        return notApplicable(tick, command, `already approved by @${promotionPr.approvedBy}`);
      }
      update(tick, { promotionPr: { ...promotionPr, approvedBy: command.by } });
      return undefined;
    case "retry":
      return notApplicable(tick, command, "the rollout is still running; only a failed rollout can be retried");
  }
}

export function notApplicable(tick: Tick, command: Command, why: string): DecisionPlan {
  const what = command.type === "approve-promotion" ? "The approving review" : `/canary ${command.type}`;
  return decide(tick, "command-not-applicable", `${what} by @${command.by} changes nothing: ${why}`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}
