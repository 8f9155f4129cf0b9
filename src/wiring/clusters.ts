import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ClusterRegistry } from "../adapters/kubernetes/cluster-registry.js";
import { KubernetesClusterObserver } from "../adapters/kubernetes/kubernetes-cluster-observer.js";
import { NoClusterObserver } from "../adapters/no-cluster/no-cluster-observer.js";
import type { CanarySettings } from "../engine/settings.js";
import type { ClusterObserver } from "../ports/cluster-observer.js";

export const IN_CLUSTER = "in-cluster";

export interface Clusters {
  readonly names: readonly string[];
  /** The observer for a Canary's settings: its named cluster, the only one, or no-cluster mode. */
  clusterFor(settings: CanarySettings): ClusterObserver;
}

/**
 * Named clusters on the bot's side: one kubeconfig file per cluster in a directory
 * (`prod.yaml` → `prod`), plus the pod's own service account as `in-cluster`. Repositories
 * choose a cluster by name (`gitops.cluster`) and never carry credentials.
 */
export async function loadClusters(options: { readonly dir?: string; readonly inCluster: boolean; readonly applyDelayMs: number }): Promise<Clusters> {
  const kubeconfigs: Record<string, string> = {};
  if (options.dir !== undefined) {
    for (const file of (await readdir(options.dir)).sort()) {
      const match = /^(.+)\.ya?ml$/.exec(file);
      if (match?.[1] !== undefined) kubeconfigs[match[1]] = await readFile(join(options.dir, file), "utf8");
    }
  }
  const registry = new ClusterRegistry(kubeconfigs);
  let inCluster: KubernetesClusterObserver | undefined;
  if (options.inCluster) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    inCluster = new KubernetesClusterObserver(kc, { cluster: IN_CLUSTER });
  }
  const names = [...registry.names(), ...(inCluster ? [IN_CLUSTER] : [])];
  const fallbackDelay = options.applyDelayMs;
  return {
    names,
    clusterFor(settings) {
      const noCluster = () => new NoClusterObserver({ appliedDelayMs: settings.gitops.applyDelayMs ?? fallbackDelay });
      if (settings.gitops.tool === "none") return noCluster();
      const name = settings.gitops.cluster ?? (names.length === 1 ? names[0] : undefined);
      if (name === undefined) return noCluster();
      if (name === IN_CLUSTER && inCluster) return inCluster;
      return registry.get(name);
    },
  };
}
