/**
 * A Kubernetes status condition, as Deployments (`DeploymentCondition`), Flux (`metav1.Condition`)
 * and the Gateway API (`metav1.Condition`) write it. Fields are optional because objects are read
 * from the cluster as they are, not as they should be.
 */
export interface ConditionLike {
  readonly type: string;
  readonly status: string;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly observedGeneration?: number | undefined;
  readonly lastUpdateTime?: Date | string | undefined;
  readonly lastTransitionTime?: Date | string | undefined;
}

export function findCondition(
  conditions: readonly ConditionLike[] | undefined,
  type: string,
): ConditionLike | undefined {
  return conditions?.find((c) => c.type === type);
}

/** `Reason: message`, or whichever of the two is present. */
export function describeCondition(condition: ConditionLike): string {
  const reason = condition.reason ?? "";
  const message = condition.message ?? "";
  if (reason !== "" && message !== "") return `${reason}: ${message}`;
  if (reason !== "" || message !== "") return reason + message;
  return `${condition.type}=${condition.status}`;
}

/** Epoch milliseconds of a timestamp field, or undefined when absent or unparseable. */
export function timestampMs(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
