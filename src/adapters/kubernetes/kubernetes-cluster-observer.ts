import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, type KubeConfig } from "@kubernetes/client-node";
import type { AppliedState, Readiness } from "../../core/machine/types.js";
import { argoApplied } from "../../core/readiness/argo-applied.js";
import { deploymentReadiness } from "../../core/readiness/deployment-readiness.js";
import { fluxApplied } from "../../core/readiness/flux-applied.js";
import type { IsDescendant } from "../../core/readiness/git-revision.js";
import { routeApplied } from "../../core/readiness/route-applied.js";
import type { AppliedQuery, AppliedVia, ClusterObserver, WorkloadRef } from "../../ports/cluster-observer.js";
import type { Discovery, DiscoveryQuery } from "./discover-applied-via.js";
import { discoverAppliedVia } from "./discover-applied-via.js";
import type { CustomKind } from "./gitops-kinds.js";
import { ARGO_APPLICATION, FLUX_GIT_REPOSITORY, FLUX_KUSTOMIZATION, FLUX_RECONCILE_ANNOTATION, httpRouteKind } from "./gitops-kinds.js";
import type { KubeAction, KubeResult } from "./kube-call.js";
import { kubeCall } from "./kube-call.js";
import type { Parsed } from "./object-schemas.js";
import { argoApplicationSchema, fluxKustomizationSchema, httpRouteSchema, parseObject } from "./object-schemas.js";
import { requestOptions } from "./request-options.js";

export interface KubernetesClusterObserverOptions {
  /** The cluster's name in the bot's configuration; every message names it. */
  readonly cluster: string;
  /** Deadline per API request. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Nudge Flux after a commit (needs `patch` on Kustomizations and GitRepositories). Default
   * true; false keeps the bot read-only and Flux picks the commit up at its own interval.
   */
  readonly nudgeFlux?: boolean;
}

/**
 * The cluster observer on `@kubernetes/client-node`: read-only except for the optional Flux nudge.
 *
 * Results and failures:
 * - Facts about the cluster are values. A missing Deployment is `not-ready`; a missing
 *   Kustomization, Application or HTTPRoute is `pending` with "… not found in cluster …" (it may
 *   not be applied yet, and the barrier's own timeout decides when waiting has lasted too long);
 *   a missing Secret is `undefined`.
 * - Failures to observe are thrown as `AppError`s, never turned into a verdict about the rollout:
 *   401/403 → `ForbiddenError` naming the RBAC verb, resource and namespace to grant; 5xx, 429,
 *   timeouts and network errors → `TransientError` (retry the tick).
 *
 * RBAC the bot needs: get deployments (apps) and secrets in the Canaries' namespaces; get
 * httproutes (gateway.networking.k8s.io); get kustomizations (kustomize.toolkit.fluxcd.io) or
 * applications (argoproj.io) where they live; patch kustomizations and gitrepositories
 * (source.toolkit.fluxcd.io) only with `nudgeFlux`; list of those three kinds only for discovery.
 */
export class KubernetesClusterObserver implements ClusterObserver {
  readonly cluster: string;
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly timeoutMs: number;
  private readonly nudgeFlux: boolean;

  constructor(config: KubeConfig, options: KubernetesClusterObserverOptions) {
    this.cluster = options.cluster;
    this.apps = config.makeApiClient(AppsV1Api);
    this.core = config.makeApiClient(CoreV1Api);
    this.custom = config.makeApiClient(CustomObjectsApi);
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.nudgeFlux = options.nudgeFlux ?? true;
  }

  async readiness(
    ref: WorkloadRef,
    readyThresholdPercent: number,
    progressDeadlineSeconds: number,
    now: number,
  ): Promise<Readiness> {
    const role = ref.role ?? (ref.name.endsWith("-primary") ? "primary" : "canary");
    const result = await kubeCall(
      this.action("get", "apps", "deployments", "Deployment", ref.namespace, ref.name),
      () => this.apps.readNamespacedDeployment({ namespace: ref.namespace, name: ref.name }, requestOptions(this.timeoutMs)),
    );
    if (!result.found) return { state: "not-ready", reason: `${role} deployment not ready: ${result.message}` };
    return deploymentReadiness(result.value, readyThresholdPercent, progressDeadlineSeconds, now, role);
  }

  /**
   * The GitOps object (when `query.via` is set) must have applied the commit, and the live
   * HTTPRoute (when `query.route` is set) must carry the expected weights, accepted by its
   * Gateways. The first check that is not applied decides; with neither there is nothing to
   * verify and the state stays pending with a message saying what to configure.
   */
  async applied(query: AppliedQuery, now: number): Promise<AppliedState> {
    const isDescendant: IsDescendant = (revision) => query.isAncestor(query.commitSha, revision);
    const checks: (() => Promise<AppliedState>)[] = [];
    const { via, route } = query;
    if (via !== undefined) checks.push(() => this.gitopsApplied(via, query.commitSha, isDescendant));
    if (route !== undefined) checks.push(() => this.routeApplied(route));
    if (checks.length === 0) {
      return {
        state: "pending",
        reason:
          `cannot verify commit ${query.commitSha.slice(0, 7)} in cluster "${this.cluster}": no Flux Kustomization or ` +
          "Argo CD Application is configured or discovered for this Canary, and no HTTPRoute was given to check",
      };
    }
    const vias: string[] = [];
    const notes: string[] = [];
    for (const check of checks) {
      const state = await check();
      if (state.state !== "applied") return state;
      vias.push(state.via);
      if (state.note !== undefined) notes.push(state.note);
    }
    return {
      state: "applied",
      verified: true,
      via: vias.join("; "),
      ...(query.committedAt === undefined ? {} : { afterMs: Math.max(0, now - query.committedAt) }),
      ...(notes.length === 0 ? {} : { note: notes.join("; ") }),
    };
  }

  /**
   * Flux: set `reconcile.fluxcd.io/requestedAt` on the Kustomization's GitRepository (so the new
   * commit is fetched now rather than at the source interval) and on the Kustomization, as
   * `flux reconcile kustomization --with-source` does. Each is a merge patch of that annotation
   * alone. A Kustomization or source that does not exist is left to `applied` to report; other
   * failures are thrown like any call (the nudge is best effort: callers log them and go on).
   *
   * Argo CD: nothing. Its refresh annotation would need `patch` on Applications, which would let
   * the bot rewrite where an Application deploys from; Argo CD's Git webhook gives the same
   * immediacy with no cluster write access, and the default 3-minute poll applies otherwise.
   */
  async nudge(via: AppliedVia, now: number): Promise<void> {
    switch (via.kind) {
      case "argocd-application":
        return;
      case "flux-kustomization":
        break;
    }
    if (!this.nudgeFlux) return;
    const requestedAt = new Date(now).toISOString();
    const kustomization = await this.getCustom(FLUX_KUSTOMIZATION, via.namespace, via.name);
    if (!kustomization.found) return;
    const parsed = parseObject(fluxKustomizationSchema, kustomization.value, `Kustomization ${via.namespace}/${via.name}`);
    const source = parsed.ok ? parsed.value.spec?.sourceRef : undefined;
    if (source?.kind === FLUX_GIT_REPOSITORY.kind) {
      await this.annotate(FLUX_GIT_REPOSITORY, source.namespace ?? via.namespace, source.name, requestedAt);
    }
    await this.annotate(FLUX_KUSTOMIZATION, via.namespace, via.name, requestedAt);
  }

  async secret(namespace: string, name: string): Promise<Readonly<Record<string, string>> | undefined> {
    const result = await kubeCall(this.action("get", "", "secrets", "Secret", namespace, name), () =>
      this.core.readNamespacedSecret({ namespace, name }, requestOptions(this.timeoutMs)),
    );
    if (!result.found) return undefined;
    const data: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.value.data ?? {})) {
      data[key] = Buffer.from(value, "base64").toString("utf8");
    }
    return data;
  }

  /** Flux Kustomizations and Argo CD Applications whose source covers a file of the repository. */
  discoverAppliedVia(query: DiscoveryQuery): Promise<Discovery> {
    return discoverAppliedVia({ client: this.custom, cluster: this.cluster, timeoutMs: this.timeoutMs }, query);
  }

  async discover(query: { readonly repoUrl: string; readonly path: string; readonly branch: string }): Promise<readonly AppliedVia[]> {
    return (await this.discoverAppliedVia(query)).found.map((f) => f.via);
  }

  private async gitopsApplied(via: AppliedVia, commitSha: string, isDescendant: IsDescendant): Promise<AppliedState> {
    switch (via.kind) {
      case "flux-kustomization": {
        const parsed = await this.readParsed(FLUX_KUSTOMIZATION, via.namespace, via.name, (raw, what) =>
          parseObject(fluxKustomizationSchema, raw, what),
        );
        return parsed.ok ? fluxApplied(parsed.value, commitSha, isDescendant) : { state: "pending", reason: parsed.message };
      }
      case "argocd-application": {
        const parsed = await this.readParsed(ARGO_APPLICATION, via.namespace, via.name, (raw, what) =>
          parseObject(argoApplicationSchema, raw, what),
        );
        return parsed.ok ? argoApplied(parsed.value, commitSha, isDescendant) : { state: "pending", reason: parsed.message };
      }
    }
  }

  private async routeApplied(route: NonNullable<AppliedQuery["route"]>): Promise<AppliedState> {
    const parsed = await this.readParsed(httpRouteKind(route.apiVersion), route.namespace, route.name, (raw, what) =>
      parseObject(httpRouteSchema, raw, what),
    );
    return parsed.ok ? routeApplied(parsed.value, route.expected) : { state: "pending", reason: parsed.message };
  }

  private async readParsed<T>(
    kind: CustomKind,
    namespace: string,
    name: string,
    parse: (raw: unknown, what: string) => Parsed<T>,
  ): Promise<Parsed<T>> {
    const result = await this.getCustom(kind, namespace, name);
    if (!result.found) return { ok: false, message: result.message };
    return parse(result.value, `${kind.kind} ${namespace}/${name}`);
  }

  private getCustom(kind: CustomKind, namespace: string, name: string): Promise<KubeResult<unknown>> {
    return kubeCall(this.action("get", kind.group, kind.plural, kind.kind, namespace, name), () =>
      this.custom.getNamespacedCustomObject(
        { group: kind.group, version: kind.version, plural: kind.plural, namespace, name },
        requestOptions(this.timeoutMs),
      ) as Promise<unknown>,
    );
  }

  private async annotate(kind: CustomKind, namespace: string, name: string, requestedAt: string): Promise<void> {
    const body = { metadata: { annotations: { [FLUX_RECONCILE_ANNOTATION]: requestedAt } } };
    await kubeCall(this.action("patch", kind.group, kind.plural, kind.kind, namespace, name), () =>
      this.custom.patchNamespacedCustomObject(
        { group: kind.group, version: kind.version, plural: kind.plural, namespace, name, body },
        requestOptions(this.timeoutMs, PatchStrategy.MergePatch),
      ) as Promise<unknown>,
    );
  }

  private action(
    verb: KubeAction["verb"],
    group: string,
    resource: string,
    kind: string,
    namespace: string,
    name: string,
  ): KubeAction {
    return { cluster: this.cluster, verb, group, resource, kind, namespace, name, timeoutMs: this.timeoutMs };
  }
}
