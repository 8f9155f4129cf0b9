/**
 * Plays Flux's kustomize-controller, the Deployment controller and a Gateway controller against a
 * FakeKubeApiServer, for a GitOps repository on disk. The test decides when a commit is applied
 * (or fails to apply) and whether each Deployment's pods become ready; nothing happens on its own.
 */
import { parseAllDocuments } from "yaml";
import type { FakeKubeApiServer, KubeObject, ObjectRef } from "../../support/fake-kube-apiserver.js";
import type { TestGitRepo } from "../../support/git-repo.js";

export const KUSTOMIZATION: ObjectRef = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", namespace: "flux-system", name: "apps" };
const NAMESPACE = "test";
/** The files Flux applies for podinfo (its kustomization.yaml resources plus the bot's file). */
const MANIFESTS = ["apps/podinfo/deployment.yaml", "apps/podinfo/podinfo.canary-bot.yaml"];
const APPLIED_KINDS: ReadonlySet<string> = new Set(["Deployment", "HTTPRoute"]);
const TIME = "2026-11-22T14:00:00Z";

export class FluxPlay {
  private readonly fake: FakeKubeApiServer;
  private readonly repo: TestGitRepo;
  private readonly branch: string;
  /** Deployments whose pods do not become ready; every other Deployment is ready once applied. */
  private readonly unready = new Set<string>();
  private applied: string | undefined;

  constructor(fake: FakeKubeApiServer, repo: TestGitRepo, branch = "main") {
    this.fake = fake;
    this.repo = repo;
    this.branch = branch;
  }

  /** The commit at the tip of the tracked branch. */
  head(): string {
    return this.repo.git("rev-parse", this.branch);
  }

  /** The last commit Flux applied successfully. */
  appliedSha(): string | undefined {
    return this.applied;
  }

  /** The Kustomization as `flux bootstrap` leaves it, before any reconciliation. */
  install(): void {
    this.fake.seed({
      apiVersion: KUSTOMIZATION.apiVersion,
      kind: KUSTOMIZATION.kind,
      metadata: { name: KUSTOMIZATION.name, namespace: KUSTOMIZATION.namespace },
      spec: { interval: "10m", path: "./apps", prune: true, wait: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
    });
  }

  /** A reconciliation of the branch tip that succeeds: objects applied, then status written. */
  apply(): string {
    const sha = this.head();
    for (const object of this.manifestsAt(sha)) this.applyObject(object);
    this.applied = sha;
    this.fake.setStatus(KUSTOMIZATION, this.kustomizationStatus(sha, sha, {
      status: "True",
      reason: "ReconciliationSucceeded",
      message: `Applied revision: ${this.branch}@sha1:${sha}`,
    }));
    return sha;
  }

  /** A reconciliation of the branch tip that fails: nothing applied, Ready=False with `message`. */
  fail(reason: string, message: string): string {
    const sha = this.head();
    this.fake.setStatus(KUSTOMIZATION, this.kustomizationStatus(this.applied ?? sha, sha, { status: "False", reason, message }));
    return sha;
  }

  /** Whether the pods of Deployment `name` (namespace test) are ready; applied at once. */
  setReady(name: string, ready: boolean): void {
    if (ready) this.unready.delete(name);
    else this.unready.add(name);
    const current = this.fake.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: NAMESPACE, name });
    if (current !== undefined) this.fake.setStatus(refOf(current), this.deploymentStatus(current));
  }

  private kustomizationStatus(applied: string, attempted: string, ready: { status: string; reason: string; message: string }): unknown {
    const generation = this.fake.get(KUSTOMIZATION)?.metadata?.generation;
    return {
      observedGeneration: generation,
      lastAppliedRevision: `${this.branch}@sha1:${applied}`,
      lastAttemptedRevision: `${this.branch}@sha1:${attempted}`,
      conditions: [{ type: "Ready", observedGeneration: generation, lastTransitionTime: TIME, ...ready }],
    };
  }

  private manifestsAt(sha: string): KubeObject[] {
    const listed = this.repo.git("ls-tree", "--name-only", sha, "--", ...MANIFESTS).split("\n").filter((p) => p !== "");
    return listed.flatMap((path) =>
      parseAllDocuments(this.repo.git("show", `${sha}:${path}`))
        .map((doc) => doc.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => o !== null && APPLIED_KINDS.has(o.kind ?? "")),
    );
  }

  private applyObject(object: KubeObject): void {
    const applied = this.fake.seed({ ...object, metadata: { ...object.metadata, namespace: NAMESPACE } });
    const ref = refOf(applied);
    if (object.kind === "Deployment") this.fake.setStatus(ref, this.deploymentStatus(applied));
    if (object.kind === "HTTPRoute") this.fake.setStatus(ref, routeStatus(applied));
  }

  /** What the Deployment controller reports once it has seen the current generation. */
  private deploymentStatus(deployment: KubeObject): unknown {
    const meta = deployment.metadata ?? {};
    const name = typeof meta.name === "string" ? meta.name : "";
    const spec = (deployment.spec ?? {}) as { replicas?: number };
    const replicas = spec.replicas ?? 1;
    const available = this.unready.has(name) ? 0 : replicas;
    return {
      observedGeneration: meta.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: available,
      availableReplicas: available,
    };
  }
}

/** A Gateway that accepted the route's current generation, for every parent in its spec. */
function routeStatus(route: KubeObject): unknown {
  const generation = route.metadata?.generation;
  const parents = ((route.spec ?? {}) as { parentRefs?: unknown[] }).parentRefs ?? [];
  return {
    parents: parents.map((parentRef) => ({
      parentRef,
      controllerName: "example.net/gateway-controller",
      conditions: [
        { type: "Accepted", status: "True", reason: "Accepted", message: "", observedGeneration: generation, lastTransitionTime: TIME },
        { type: "ResolvedRefs", status: "True", reason: "ResolvedRefs", message: "", observedGeneration: generation, lastTransitionTime: TIME },
      ],
    })),
  };
}

function refOf(object: KubeObject): ObjectRef {
  const meta = object.metadata ?? {};
  return {
    apiVersion: object.apiVersion ?? "",
    kind: object.kind ?? "",
    namespace: typeof meta.namespace === "string" ? meta.namespace : NAMESPACE,
    name: typeof meta.name === "string" ? meta.name : "",
  };
}
