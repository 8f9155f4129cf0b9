import { canaryReplicas, primaryRevision } from "../core/gitops/replicas.js";
import type { RepoFile } from "../core/gitops/types.js";
import type { AppliedState, Command, Observation, RolloutRecord } from "../core/machine/types.js";
import { canaryRevision } from "../core/revision/canary-revision.js";
import type { Revision } from "../core/revision/compute-revision.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { RepositoryIndex } from "../core/spec/repository-index.js";
import { namespacesMatch } from "../core/spec/repository-index.js";
import type { AppliedVia, ClusterObserver } from "../ports/cluster-observer.js";
import type { Repository } from "../ports/repository.js";
import { findSource } from "./find-source.js";
import type { CanarySettings } from "./settings.js";

export interface ObserveInput {
  readonly canary: ResolvedCanary;
  readonly index: RepositoryIndex;
  readonly files: readonly RepoFile[];
  readonly record: RolloutRecord | undefined;
  readonly settings: CanarySettings;
  readonly repository: Repository;
  readonly branch: string;
  readonly head: string;
  readonly cluster: ClusterObserver;
  /** The GitOps object that applies the Canary's files, when known. */
  readonly via?: AppliedVia;
  readonly botLogin: string;
  readonly command?: Command;
  /** Commit that triggered this work, when known (push `after`). */
  readonly triggerSha?: string;
  readonly now: number;
}

export interface Observed {
  readonly observation: Observation;
  readonly revision: Revision;
}

export class ObservationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ObservationError";
  }
}


async function observeApplied(input: ObserveInput): Promise<AppliedState> {
  const barrier = input.record?.barrier;
  if (barrier === undefined) return { state: "applied", verified: true, via: "no pending commit" };
  if (barrier.sha === undefined) return { state: "pending", reason: "the commit of this step was not recorded yet" };
  const { canary } = input;
  const traffic = input.record?.traffic;
  const via = input.via;
  return input.cluster.applied(
    {
      ...(via ? { via } : {}),
      commitSha: barrier.sha,
      committedAt: barrier.since,
      isAncestor: (a, b) => input.repository.isAncestor(a, b),
      ...(traffic
        ? {
            route: {
              namespace: canary.namespace,
              name: canary.service.apex,
              apiVersion: `gateway.networking.k8s.io/${canary.gatewayApi}`,
              expected: [
                { backend: `${canary.service.apex}-primary`, weight: traffic.primaryWeight },
                { backend: `${canary.service.apex}-canary`, weight: traffic.canaryWeight },
              ],
            },
          }
        : {}),
    },
    input.now,
  );
}

/** Everything `step` needs to know this tick, read from Git, the record and the cluster. */
export async function observe(input: ObserveInput): Promise<Observed> {
  const { canary, files, record, settings, cluster, now } = input;
  const revision = canaryRevision(input.index, canary);
  if (!revision) {
    throw new ObservationError(`${canary.namespace}/${canary.name}: target Deployment ${canary.targetRef.name} not found in the repository`);
  }
  const primary = primaryRevision(canary, files);
  if (!primary.ok) throw new ObservationError(primary.issues.map((i) => i.message).join("; "));
  const replicas = canaryReplicas(canary, files);
  const bootstrapped = primary.value !== undefined;
  const primaryRev = primary.value ?? revision.revision;
  // Look the source up once per revision: whenever the target differs from the primary and the
  // record does not know where this revision came from yet.
  const changed = revision.revision !== primaryRev && (record?.revision !== revision.revision || record.source === undefined);
  const targetFile = input.index.objects.find((o) => o.kind === "Deployment" && o.name === canary.targetRef.name && namespacesMatch(o.namespace, canary.namespace))?.file;
  const source = changed
    ? await findSource({
        repository: input.repository,
        branch: input.branch,
        canary,
        targetFile,
        botLogin: input.botLogin,
        fallbackSha: input.triggerSha ?? input.head,
      })
    : record?.source;
  const target = canary.targetRef.name;
  const [applied, canaryReadiness, primaryReadiness] = await Promise.all([
    observeApplied(input),
    cluster.readiness({ namespace: canary.namespace, name: target, role: "canary" }, canary.analysis.canaryReadyThreshold, canary.progressDeadlineSeconds, now),
    cluster.readiness({ namespace: canary.namespace, name: `${target}-primary`, role: "primary" }, canary.analysis.primaryReadyThreshold, canary.progressDeadlineSeconds, now),
  ]);
  const observation: Observation = {
    targetRevision: revision.revision,
    primaryRevision: primaryRev,
    bootstrapped,
    canaryReplicas: replicas.ok ? replicas.value : 1,
    ...(source ? { source } : {}),
    applied,
    canaryReadiness,
    primaryReadiness,
    ...(input.command ? { command: input.command } : {}),
    promotionGate: settings.gates.promotion,
  };
  return { observation, revision };
}
