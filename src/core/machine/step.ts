/**
 * `step(input) → Plan`: one tick of a Canary, in Flagger's order (reference §3.2), with Git as
 * the only writer. Every change to the cluster is one commit per decision, and nothing is
 * measured until the last commit is applied.
 *
 * Order in a running phase: commands → pause → new revision (restart at 0) → applied barrier →
 * interval → primary and canary readiness → Promoting: traffic back to the primary; Finalising:
 * scale the canary down → skipAnalysis → rollback hooks → failed-checks threshold → requested
 * or approved promotion → analysis (pre-rollout, or rollout hooks then metrics) → the
 * strategy's next move.
 *
 * Timing: one step per `analysis.interval`, counted from when the last commit was applied, so
 * each analysis measures a whole interval of the committed traffic (the GitOps tool's latency
 * adds to every step). Commands, a new revision and failures act at once; a person's promote or
 * approval skips the wait for the interval but not for the barrier or readiness.
 */
import { advanceAbTesting } from "./ab-testing-strategy.js";
import { ALERT } from "./alerts.js";
import { analyse, failCheck } from "./analysis.js";
import { waitForApplied } from "./barrier.js";
import { advanceBlueGreen } from "./blue-green-strategy.js";
import { advanceCanary } from "./canary-strategy.js";
import { handleRunCommand } from "./commands.js";
import { canaryId, shortRevision } from "./commit-message.js";
import { askHooks } from "./hooks.js";
import { idle } from "./idle.js";
import { finalise, promote, shiftTrafficBack } from "./promotion.js";
import { checkReadiness } from "./readiness.js";
import { handleRevisionChange } from "./revision-change.js";
import { rollBack, thresholdReached } from "./rollback.js";
import { firstRecord } from "./run-record.js";
import type { Tick } from "./tick.js";
import { decide, emit, notify, openTick } from "./tick.js";
import { intervalMs, untilNextStep } from "./timing.js";
import type { DecisionPlan, Plan, StepInput } from "./types.js";

export function step(input: StepInput): Plan {
  const { canary, record, observation, now } = input;
  if (canary.suspend) {
    // Flagger: "skipping canary run as object is suspended"; an in-flight run stays frozen.
    return {
      kind: "decision",
      phase: record?.phase ?? "Initializing",
      code: "suspended",
      message: `${canaryId(canary)} is suspended: skipping canary run`,
      effects: [],
      record,
      requeueAfterMs: intervalMs(canary),
    };
  }

  if (!observation.bootstrapped) {
    const initializing = record?.phase === "Initializing" ? record : firstRecord(canary, observation, now, "Initializing");
    const tick = openTick(canary, observation, now, record, initializing);
    emit(tick, { kind: "open-bootstrap-pr" });
    return decide(tick, "bootstrap-required", `${canaryId(canary)} is initializing: merge the bootstrap PR to create the primary, services and route`, {
      requeueAfterMs: intervalMs(canary),
    });
  }

  if (record === undefined || record.phase === "Initializing") {
    // Flagger: Initializing → Initialized; no analysis for the first version. A target that
    // already differs from the primary is a new revision, handled in the same tick.
    const tick = openTick(canary, observation, now, record, firstRecord(canary, observation, now, "Initialized"));
    notify(tick, "info", ALERT.initialized(canary.targetRef.kind), true);
    if (observation.targetRevision !== observation.primaryRevision || observation.command !== undefined) return idle(tick);
    return decide(tick, "initialized", `Initialization done! ${canary.name}.${canary.namespace}`, {
      requeueAfterMs: intervalMs(canary),
    });
  }

  const tick = openTick(canary, observation, now, record, record);
  switch (record.phase) {
    case "Progressing":
    case "WaitingPromotion":
    case "Promoting":
    case "Finalising":
      return advanceRun(tick);
    case "Initialized":
    case "Succeeded":
    case "Failed":
    case "Waiting":
      return idle(tick);
    case "Terminating":
    case "Terminated":
      return decide(tick, "terminating", `${canaryId(canary)} is being deleted`, { requeueAfterMs: intervalMs(canary) });
  }
}

function advanceRun(tick: Tick): Plan {
  return (
    handleRunCommand(tick) ??
    whilePaused(tick) ??
    handleRevisionChange(tick) ??
    waitForApplied(tick) ??
    waitForInterval(tick) ??
    checkReadiness(tick) ??
    decideRun(tick)
  );
}

function whilePaused(tick: Tick): DecisionPlan | undefined {
  const paused = tick.record.paused;
  if (paused === undefined) return undefined;
  return decide(tick, "paused", `${canaryId(tick.canary)} is paused by @${paused.by}; /canary resume continues`, {
    requeueAfterMs: intervalMs(tick.canary),
  });
}

/** Analysis steps are `analysis.interval` apart; a person's promote or approval does not wait. */
function waitForInterval(tick: Tick): DecisionPlan | undefined {
  const { record } = tick;
  if (record.promotionRequestedBy !== undefined || record.promotionPr?.approvedBy !== undefined) return undefined;
  const wait = untilNextStep(tick.canary, record, tick.now);
  if (wait === 0) return undefined;
  return decide(tick, "waiting-interval", `Next step of ${canaryId(tick.canary)} in ${String(Math.ceil(wait / 1000))}s`, {
    requeueAfterMs: wait,
  });
}

function decideRun(tick: Tick): Plan {
  const { phase } = tick.record;
  if (phase === "Promoting") return shiftTrafficBack(tick);
  if (phase === "Finalising") return finalise(tick);
  if (tick.canary.skipAnalysis) return promote(tick, `analysis skipped: promote ${shortRevision(tick.record.revision)}`);

  const rollback = askHooks(tick, "rollback", phase);
  if (rollback.kind === "need") return rollback.plan;
  if (rollback.outcomes.some((outcome) => outcome.ok)) {
    return rollBack(tick, { why: "rollback webhook", message: ALERT.rollbackWebhook, severity: "warn", revert: true });
  }

  const { failedChecks } = tick.record;
  if (failedChecks >= tick.canary.analysis.threshold) return rollBack(tick, thresholdReached(failedChecks));

  const requestedBy = tick.record.promotionRequestedBy;
  if (requestedBy !== undefined) return promote(tick, `promotion requested by @${requestedBy}`, requestedBy);
  const approvedBy = tick.record.promotionPr?.approvedBy;
  if (approvedBy !== undefined) return promote(tick, `promotion PR approved by @${approvedBy}`, approvedBy);

  const analysis = analyse(tick);
  if (analysis.kind === "need") return analysis.plan;
  if (analysis.kind === "failed") return failCheck(tick, analysis.detail);

  switch (tick.canary.strategy) {
    case "canary":
    case "canary-session-affinity":
      return advanceCanary(tick);
    case "ab-testing":
      return advanceAbTesting(tick);
    case "blue-green":
    case "blue-green-mirroring":
      return advanceBlueGreen(tick);
  }
}
