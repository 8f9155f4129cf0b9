import type { RolloutOutline } from "./context.js";
import { formatDuration } from "./format.js";

function every(seconds: number): string {
  return `every ${formatDuration(seconds * 1000).replace(" ", "")}`;
}

/** What the rollout will do, in one line: "canary · 10 → 20 → 30 % every 1m · …". */
export function describeSteps(outline: RolloutOutline): string {
  switch (outline.strategy) {
    case "canary":
    case "canary-session-affinity": {
      const ladder = `${outline.weights.join(" → ")} % ${every(outline.intervalSeconds)}`;
      return outline.strategy === "canary" ? `canary · ${ladder}` : `canary with session affinity · ${ladder}`;
    }
    case "ab-testing":
      return `A/B testing · ${String(outline.iterations)} iterations ${every(outline.intervalSeconds)} on matching requests`;
    case "blue-green":
      return `blue/green · ${String(outline.iterations)} iterations ${every(outline.intervalSeconds)}, then all traffic to the canary for one more`;
    case "blue-green-mirroring":
      return `blue/green with mirroring · ${String(outline.iterations)} iterations ${every(outline.intervalSeconds)} on mirrored traffic, then all traffic to the canary for one more`;
  }
}

export function describePlan(outline: RolloutOutline, approvers?: string): string {
  const promotion = approvers ? `promotion after review by ${approvers}` : "then promotion";
  return [
    describeSteps(outline),
    promotion,
    `rolls back after ${String(outline.threshold)} failed check${outline.threshold === 1 ? "" : "s"} (≥ ${formatDuration(outline.rollbackAfterMs)})`,
    `minimum duration ${formatDuration(outline.minDurationMs)}`,
  ].join(" · ");
}
