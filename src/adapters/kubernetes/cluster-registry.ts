import { ClusterConfigError } from "./cluster-config-error.js";
import { KubernetesClusterObserver } from "./kubernetes-cluster-observer.js";
import { loadKubeconfig } from "./load-kubeconfig.js";

export interface ClusterRegistryOptions {
  readonly requestTimeoutMs?: number;
  readonly nudgeFlux?: boolean;
}

/** Cluster names as they appear in configuration: lower-case DNS labels, like Kubernetes names. */
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The clusters the bot can observe, by name. Built once at startup from the bot's own
 * configuration: a map of name → kubeconfig YAML text, which the caller loads from files or
 * environment variables. A repository's config selects a cluster by name only; repositories never
 * carry credentials, so a repository can reach only the clusters the bot's operator configured.
 * Every kubeconfig is parsed and checked up front, so a broken entry stops startup with the
 * cluster's name instead of failing the first rollout that uses it.
 */
export class ClusterRegistry {
  private readonly observers: ReadonlyMap<string, KubernetesClusterObserver>;

  constructor(kubeconfigs: Readonly<Record<string, string>>, options: ClusterRegistryOptions = {}) {
    const observers = new Map<string, KubernetesClusterObserver>();
    for (const [name, yamlText] of Object.entries(kubeconfigs)) {
      if (!CLUSTER_NAME.test(name)) {
        throw new ClusterConfigError(`cluster name "${name}" is not valid: use lower-case letters, digits and "-"`);
      }
      observers.set(
        name,
        new KubernetesClusterObserver(loadKubeconfig(name, yamlText), {
          cluster: name,
          ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
          ...(options.nudgeFlux === undefined ? {} : { nudgeFlux: options.nudgeFlux }),
        }),
      );
    }
    this.observers = observers;
  }

  names(): readonly string[] {
    return [...this.observers.keys()].sort();
  }

  has(name: string): boolean {
    return this.observers.has(name);
  }

  /** The observer for a configured cluster; a `ClusterConfigError` naming the known clusters otherwise. */
  get(name: string): KubernetesClusterObserver {
    const observer = this.observers.get(name);
    if (observer !== undefined) return observer;
    const known = this.names();
    const choices =
      known.length === 0
        ? "the bot has no clusters configured (run without cluster access, or add a kubeconfig to the bot's configuration)"
        : `the bot is configured with ${known.map((n) => `"${n}"`).join(", ")}`;
    throw new ClusterConfigError(
      `unknown cluster "${name}": ${choices}. Repositories select a cluster by name; credentials live only in the bot's configuration`,
    );
  }
}
