import type { ResolvedCanary } from "../core/spec/model.js";
import type { AppliedVia, ClusterObserver } from "../ports/cluster-observer.js";
import type { RepoPorts } from "./repo-ports.js";
import type { CanarySettings } from "./settings.js";

/** The GitOps object named in the repository configuration, if any. */
export function configuredVia(settings: CanarySettings): AppliedVia | undefined {
  const { tool, name, namespace } = settings.gitops;
  if (tool === "none" || name === undefined) return undefined;
  const ns = namespace ?? (tool === "flux" ? "flux-system" : "argocd");
  return tool === "flux" ? { kind: "flux-kustomization", namespace: ns, name } : { kind: "argocd-application", namespace: ns, name };
}

/**
 * Which Flux Kustomization or Argo CD Application applies a Canary's files: the one the
 * configuration names, else the most specific one the cluster shows for the repository and the
 * Canary's path (of the configured tool's kind).
 */
export async function resolveAppliedVia(
  settings: CanarySettings,
  cluster: ClusterObserver,
  ports: Pick<RepoPorts, "cloneUrl">,
  canary: ResolvedCanary,
  branch: string,
): Promise<AppliedVia | undefined> {
  const configured = configuredVia(settings);
  if (configured || settings.gitops.tool === "none" || !cluster.discover || ports.cloneUrl === undefined) return configured;
  const kind = settings.gitops.tool === "flux" ? "flux-kustomization" : "argocd-application";
  const found = await cluster.discover({ repoUrl: ports.cloneUrl, path: canary.file, branch });
  return found.find((v) => v.kind === kind);
}

export function describeVia(via: AppliedVia): string {
  return `${via.kind === "flux-kustomization" ? "Flux" : "Argo CD"} ${via.namespace}/${via.name}`;
}
