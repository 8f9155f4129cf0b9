import type { AppliedState, Readiness } from "../core/machine/types.js";
import type { DeploymentRole } from "../core/readiness/deployment-like.js";

export interface WorkloadRef {
  readonly namespace: string;
  readonly name: string;
  /**
   * Which side the Deployment serves. The primary has one more rule (0 replicas is a failure).
   * When absent, a name ending in `-primary` is taken as the primary.
   */
  readonly role?: DeploymentRole;
}

/** Which GitOps object applies a Canary's files, from repo config or discovery. */
export type AppliedVia =
  | { readonly kind: "flux-kustomization"; readonly namespace: string; readonly name: string }
  | { readonly kind: "argocd-application"; readonly namespace: string; readonly name: string };

export interface AppliedQuery {
  readonly via?: AppliedVia;
  /** The bot commit that must be live. */
  readonly commitSha: string;
  /** When the commit was made (epoch ms): the no-cluster mode waits a configured delay from it. */
  readonly committedAt?: number;
  /** Git ancestry, answered by the repository adapter: is `commitSha` an ancestor of `revision`? */
  readonly isAncestor: (ancestor: string, descendant: string) => Promise<boolean>;
  /** Optional live-route check: expected backend weights of the HTTPRoute. */
  readonly route?: {
    readonly namespace: string;
    readonly name: string;
    readonly apiVersion: string;
    readonly expected: readonly { readonly backend: string; readonly weight: number }[];
  };
}

export interface ClusterObserver {
  readiness(ref: WorkloadRef, readyThresholdPercent: number, progressDeadlineSeconds: number, now: number): Promise<Readiness>;
  applied(query: AppliedQuery, now: number): Promise<AppliedState>;
  /** Ask Flux to reconcile now (the `reconcile.fluxcd.io/requestedAt` annotation). Best effort. */
  nudge(via: AppliedVia, now: number): Promise<void>;
  /**
   * Which Flux Kustomization or Argo CD Application applies `path` of the repository at
   * `repoUrl` (most specific first); absent when the observer cannot look (no cluster).
   */
  discover?(query: { readonly repoUrl: string; readonly path: string; readonly branch: string }): Promise<readonly AppliedVia[]>;
  /** Read a Secret's data by name (for provider credentials and alert addresses). */
  secret(namespace: string, name: string): Promise<Readonly<Record<string, string>> | undefined>;
}
