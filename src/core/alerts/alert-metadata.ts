import type { ResolvedCanary } from "../spec/model.js";
import type { AlertField } from "./alert-message.js";

/**
 * Flagger's alert metadata fields, in its order: Target, Failed checks threshold, Progress
 * deadline, and Traffic routing when one of its rules applies. Rules are checked in Flagger's
 * order, so a Canary with both `stepWeight` and `match` reports the weight step.
 *
 * Flagger prints the raw `maxWeight` next to `stepWeights` (0 when unset). The ladder's real
 * maximum is min(100, last step), so that is what is shown here.
 */
export function alertMetadataFields(canary: ResolvedCanary): readonly AlertField[] {
  const fields: AlertField[] = [
    { name: "Target", value: `${canary.targetRef.kind}/${canary.targetRef.name}.${canary.namespace}` },
    { name: "Failed checks threshold", value: String(canary.analysis.threshold) },
    { name: "Progress deadline", value: `${String(canary.progressDeadlineSeconds)}s` },
  ];
  const routing = trafficRouting(canary);
  if (routing !== undefined) fields.push({ name: "Traffic routing", value: routing });
  return fields;
}

function trafficRouting(canary: ResolvedCanary): string | undefined {
  const { stepWeight, stepWeights, match, iterations, maxWeight } = canary.analysis;
  if (stepWeight !== undefined && stepWeight > 0) {
    return `Weight step: ${String(stepWeight)} max: ${String(maxWeight)}`;
  }
  if (stepWeights !== undefined && stepWeights.length > 0) {
    const last = stepWeights[stepWeights.length - 1] ?? 100;
    return `Weight steps: ${stepWeights.join(",")} max: ${String(Math.min(100, last))}`;
  }
  if (match.length > 0) return "A/B Testing";
  if (iterations !== undefined && iterations > 0) return "Blue/Green";
  return undefined;
}
