/** Flagger's alert messages (reference §6.3) and the "once per wait" rule for approval alerts. */
import type { Tick } from "./tick.js";
import { notify, update } from "./tick.js";

export const ALERT = {
  initialized: (kind: string) => `New ${kind} detected, initialization completed.`,
  newRevision: "New revision detected, progressing canary analysis.",
  waitingRollout: "Canary is waiting for approval.",
  waitingPromotion: "Canary promotion is waiting for approval.",
  waitingTrafficIncrease: "Canary traffic increase is waiting for approval.",
  rollbackWebhook: "Rolling back manual webhook invoked",
  thresholdReached: (failedChecks: number) => `Failed checks threshold reached ${String(failedChecks)}`,
  progressDeadline: (detail: string) => `Progress deadline exceeded ${detail}`,
  promotionFailed: (detail: string) => `Promotion failed, primary not ready: ${detail}`,
  succeeded: "Canary analysis completed successfully, promotion finished.",
  skipped: "Canary analysis was skipped, promotion finished.",
} as const;

/** A gate a rollout can wait at; each alerts once per wait. */
export type WaitKey = "confirm-rollout" | "confirm-traffic-increase" | "confirm-promotion" | "promotion-review";

/** Warn once for this wait (Flagger re-alerts a closed traffic gate every tick; once is enough). */
export function alertWaitOnce(tick: Tick, key: WaitKey, message: string, muted: boolean): void {
  if (tick.record.alertedWaits.includes(key)) return;
  update(tick, { alertedWaits: [...tick.record.alertedWaits, key] });
  if (!muted) notify(tick, "warn", message);
}

/** The gate opened: a later wait at it alerts again. */
export function endWait(tick: Tick, key: WaitKey): void {
  if (!tick.record.alertedWaits.includes(key)) return;
  update(tick, { alertedWaits: tick.record.alertedWaits.filter((k) => k !== key) });
}
