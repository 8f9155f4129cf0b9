/** The points where a rollout waits for someone: webhook gates and the promotion PR. */
import type { ResolvedCanary, WebhookType } from "../spec/model.js";
import type { GateType, PlannedGate } from "./types.js";

const GATE_TYPES: readonly GateType[] = ["confirm-rollout", "confirm-traffic-increase", "confirm-promotion"];

/**
 * Gates in the order a rollout meets them. Only hooks the engine actually asks for count: a
 * confirm-traffic-increase hook on a blue/green Canary, say, is never called.
 */
export function plannedGates(canary: ResolvedCanary, asked: ReadonlySet<WebhookType>, promotionGate: "webhooks" | "pull-request"): PlannedGate[] {
  const gates: PlannedGate[] = [];
  for (const type of GATE_TYPES) {
    if (!asked.has(type)) continue;
    for (const hook of canary.analysis.webhooks) {
      if (hook.type === type) gates.push({ type, via: "webhook", name: hook.name, url: hook.url });
    }
  }
  if (promotionGate === "pull-request" && !canary.skipAnalysis) gates.push({ type: "confirm-promotion", via: "pull-request" });
  return gates;
}

/** Hooks configured with a type this strategy never calls, e.g. confirm-traffic-increase in blue/green. */
export function unusedHooks(canary: ResolvedCanary, asked: ReadonlySet<WebhookType>): string[] {
  return canary.analysis.webhooks
    .filter((hook) => (GATE_TYPES as readonly string[]).includes(hook.type) && !asked.has(hook.type))
    .map((hook) =>
      canary.skipAnalysis
        ? `webhook ${hook.name} (${hook.type}) is never called: skipAnalysis promotes without analysis`
        : `webhook ${hook.name} (${hook.type}) is never called in a ${canary.strategy} rollout`,
    );
}
