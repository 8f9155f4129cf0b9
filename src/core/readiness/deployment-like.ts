import type { ConditionLike } from "./condition.js";

/**
 * The fields of an `apps/v1` Deployment that readiness reads. A `V1Deployment` from
 * `@kubernetes/client-node` satisfies it, so the adapter passes the API object as it is.
 */
export interface DeploymentLike {
  readonly metadata?:
    | {
        readonly name?: string | undefined;
        readonly namespace?: string | undefined;
        readonly generation?: number | undefined;
      }
    | undefined;
  readonly spec?: { readonly replicas?: number | undefined } | undefined;
  readonly status?:
    | {
        readonly observedGeneration?: number | undefined;
        readonly replicas?: number | undefined;
        readonly updatedReplicas?: number | undefined;
        readonly availableReplicas?: number | undefined;
        readonly conditions?: readonly ConditionLike[] | undefined;
      }
    | undefined;
}

/** Which side of the rollout a Deployment serves: the primary has one extra rule (0 replicas). */
export type DeploymentRole = "canary" | "primary";
