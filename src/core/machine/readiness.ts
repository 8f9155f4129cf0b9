/**
 * Canary and primary readiness (Flagger's `isDeploymentReady`, steps 8 and 12). Not ready is
 * retriable: the tick waits and no failed check is counted. Failed, or not ready for longer than
 * `progressDeadlineSeconds`, is not: in Promoting/Finalising a primary failure is a failed
 * promotion (all traffic to the canary), elsewhere a rollback.
 */
import { ALERT } from "./alerts.js";
import { canaryId } from "./commit-message.js";
import { failPromotion, rollBack } from "./rollback.js";
import type { Tick } from "./tick.js";
import { clear, decide, update } from "./tick.js";
import { deadlineMs, pastDeadline, pollMs } from "./timing.js";
import type { DecisionPlan } from "./types.js";

type Verdict =
  | { readonly kind: "ready" }
  | { readonly kind: "wait"; readonly reason: string }
  | { readonly kind: "failed"; readonly detail: string };

export function checkReadiness(tick: Tick): DecisionPlan | undefined {
  const promoting = tick.record.phase === "Promoting" || tick.record.phase === "Finalising";
  const id = canaryId(tick.canary);

  // Flagger skips the primary check when analysis is skipped.
  if (!tick.canary.skipAnalysis) {
    const primary = judge(tick, "primary");
    if (primary.kind === "wait") {
      return decide(tick, "waiting-primary-ready", `Waiting for the primary of ${id}: ${primary.reason}`, {
        requeueAfterMs: pollMs(tick.canary),
      });
    }
    if (primary.kind === "failed") {
      if (promoting) return failPromotion(tick, primary.detail);
      return rollBack(tick, {
        why: "primary not ready",
        message: ALERT.progressDeadline(primary.detail),
        severity: "error",
        revert: true,
      });
    }
  }

  const canary = judge(tick, "canary");
  if (canary.kind === "wait") {
    return decide(tick, "waiting-canary-ready", `Waiting for the canary of ${id}: ${canary.reason}`, {
      requeueAfterMs: pollMs(tick.canary),
    });
  }
  // Past the promotion the canary's health no longer decides anything (Flagger only rolls back
  // on it in Progressing/WaitingPromotion).
  if (canary.kind === "failed" && !promoting) {
    return rollBack(tick, {
      why: "progress deadline exceeded",
      message: ALERT.progressDeadline(canary.detail),
      severity: "error",
      revert: true,
    });
  }
  return undefined;
}

function judge(tick: Tick, which: "canary" | "primary"): Verdict {
  const readiness = which === "canary" ? tick.observation.canaryReadiness : tick.observation.primaryReadiness;
  const clock = which === "canary" ? "canaryNotReadySince" : "primaryNotReadySince";
  const deployment = `${which} deployment ${tick.canary.targetRef.name}${which === "primary" ? "-primary" : ""}.${tick.canary.namespace}`;
  switch (readiness.state) {
    case "ready":
    case "unknown":
      clear(tick, clock);
      return { kind: "ready" };
    case "failed":
      return { kind: "failed", detail: `${deployment}: ${readiness.reason}` };
    case "not-ready": {
      const since = tick.record[clock] ?? tick.now;
      if (pastDeadline(tick.canary, since, tick.now)) {
        const seconds = String(deadlineMs(tick.canary) / 1000);
        return { kind: "failed", detail: `${deployment} not ready after ${seconds}s: ${readiness.reason}` };
      }
      if (tick.record[clock] === undefined) {
        update(tick, which === "canary" ? { canaryNotReadySince: since } : { primaryNotReadySince: since });
      }
      return { kind: "wait", reason: readiness.reason };
    }
  }
}
