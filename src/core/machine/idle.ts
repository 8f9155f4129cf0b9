/**
 * Between runs (Initialized, Succeeded, Failed) and while a new revision waits for
 * confirm-rollout (Waiting). A run starts when the target's revision differs from the one last
 * seen and from the primary's: going back to the primary's revision never starts one, and a
 * Failed run is not sticky. It starts once the previous run's last commit is applied.
 */
import { ALERT, alertWaitOnce, endWait } from "./alerts.js";
import { settleBarrier } from "./barrier.js";
import { notApplicable } from "./commands.js";
import { canaryId, shortRevision, targetName, weightChange } from "./commit-message.js";
import { allPassed, askHooks, failedNames, shouldAlert } from "./hooks.js";
import { rollBack, rolledBackBy } from "./rollback.js";
import { newRun } from "./run-record.js";
import type { Tick } from "./tick.js";
import { addStep, commit, decide, notify, update } from "./tick.js";
import { intervalMs, pollMs, untilNextStep } from "./timing.js";
import { trafficWith } from "./traffic.js";
import type { Plan } from "./types.js";

export function idle(tick: Tick): Plan {
  const barrier = settleIdleBarrier(tick);
  const { phase, revision } = tick.record;
  const { targetRevision: target, primaryRevision: primary, command } = tick.observation;
  const id = canaryId(tick.canary);

  if (command?.type === "retry") {
    if (barrier === "pending") return notApplicable(tick, command, "the last commit is not applied yet; retry once it is");
    if (phase === "Failed" && target === revision && target !== primary) return startRun(tick, command.by);
    return notApplicable(tick, command, "only a failed rollout of the current revision can be retried");
  }
  if (command?.type === "rollback" && phase === "Waiting") {
    // Nothing was changed yet: no commit, but Git still claims the revision, hence the revert.
    return rollBack(tick, rolledBackBy(command.by, false));
  }
  if (command !== undefined) return notApplicable(tick, command, "no rollout is running");

  const requeueAfterMs = barrier === "pending" ? pollMs(tick.canary) : intervalMs(tick.canary);
  if (target === primary) {
    if (phase === "Waiting") {
      update(tick, { phase: "Initialized", revision: target });
      addStep(tick, `cancelled: the target went back to the primary's revision ${shortRevision(target)}`);
      return decide(tick, "waiting-cancelled", `${id}: the target went back to the primary's revision; nothing to roll out`, {
        requeueAfterMs,
      });
    }
    // Remember it, so that re-applying a failed revision after its revert starts a new run.
    if (revision !== target) update(tick, { revision: target });
    return decide(tick, "up-to-date", upToDate(tick), { requeueAfterMs });
  }
  // The previous run's last commit (rollback, finalise) goes live before the next run starts.
  if (barrier === "pending") {
    return decide(tick, "waiting-applied", `Waiting until "${tick.record.barrier?.subject ?? ""}" is applied before the next run`, {
      requeueAfterMs,
    });
  }
  if (target !== revision) return startRun(tick);
  if (phase === "Waiting") {
    const wait = untilNextStep(tick.canary, tick.record, tick.now);
    if (wait > 0) return decide(tick, "waiting-confirm-rollout", `${id} is waiting for confirm-rollout approval`, { requeueAfterMs: wait });
    return startRun(tick);
  }
  return decide(tick, "up-to-date", upToDate(tick), { requeueAfterMs });
}

/**
 * confirm-rollout, then Progressing with one commit: the canary scaled up (or, after a failed
 * promotion left traffic on the canary, routed back to 0 first). The tick ends there.
 */
export function startRun(tick: Tick, retriedBy?: string): Plan {
  const target = tick.observation.targetRevision;
  const fromWaiting = tick.record.phase === "Waiting" && tick.record.revision === target;
  const gate = askHooks(tick, "confirm-rollout", tick.record.phase);
  if (gate.kind === "need") return gate.plan;
  const id = canaryId(tick.canary);

  if (!allPassed(gate.outcomes)) {
    const names = failedNames(gate.outcomes);
    if (fromWaiting) {
      update(tick, { lastStepAt: tick.now });
    } else {
      tick.record = newRun(tick, "Waiting");
      addStep(tick, `waiting for approval: confirm-rollout ${names} closed`);
      alertWaitOnce(tick, "confirm-rollout", ALERT.waitingRollout, !shouldAlert(tick, gate.outcomes));
    }
    return decide(tick, "waiting-confirm-rollout", `Halt ${id} advancement waiting for approval ${names}`, {
      requeueAfterMs: intervalMs(tick.canary),
      eventType: "Warning",
    });
  }

  if (!fromWaiting) tick.record = newRun(tick, "Progressing");
  endWait(tick, "confirm-rollout");
  update(tick, { phase: "Progressing", startedAt: tick.now, canaryScaledUpAt: tick.now, canaryNotReadySince: tick.now });
  const why = retriedBy === undefined ? `new revision ${shortRevision(target)}` : `retry by @${retriedBy}`;
  const from = tick.record.traffic;
  if (from.canaryWeight > 0 || from.mirrored) {
    // The canary still runs (a failed promotion left it serving); take its traffic first.
    const traffic = trafficWith(tick.canary, tick.record, 0);
    update(tick, { traffic });
    commit(tick, { type: "route", traffic }, `${weightChange(from.canaryWeight, 0)} (${why})`, `${why}: traffic back to the primary`);
  } else {
    commit(tick, { type: "scale-up-canary", replicas: tick.observation.canaryReplicas }, "scale up canary", `${why}: scaling up the canary`);
  }
  notify(tick, "info", ALERT.newRevision, true);
  return decide(tick, "rollout-started", `New revision detected! Scaling up ${targetName(tick.canary)}`, {
    requeueAfterMs: pollMs(tick.canary),
  });
}

type IdleBarrier = "none" | "pending";

/**
 * Between runs the last commit (rollback, finalise) is reported on once live; one that will not
 * apply is reported (error alert) and no longer waited for.
 */
function settleIdleBarrier(tick: Tick): IdleBarrier {
  const state = settleBarrier(tick);
  switch (state.kind) {
    case "clear":
      return "none";
    case "pending":
      return "pending";
    case "failed":
      addStep(tick, state.message);
      notify(tick, "error", state.message);
      return "none";
  }
}

function upToDate(tick: Tick): string {
  const id = canaryId(tick.canary);
  const { phase, revision, failureReason } = tick.record;
  if (phase === "Failed") {
    return `${id} failed: ${failureReason ?? "rolled back"}. Push a new revision, merge the revert PR, or /canary retry`;
  }
  if (phase === "Succeeded") return `${id} promoted ${shortRevision(revision)}`;
  return `${id} is up to date: the primary runs ${shortRevision(revision)}`;
}
