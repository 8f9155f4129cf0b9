import { KubeConfig } from "@kubernetes/client-node";
import { ClusterConfigError } from "./cluster-config-error.js";

/**
 * Parse one cluster's kubeconfig (YAML text from the bot's own configuration) and check what
 * client-node would otherwise only reject at the first request, so a bad entry fails at startup
 * with the cluster's name in the message.
 */
export function loadKubeconfig(cluster: string, yamlText: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromString(yamlText);
  } catch (error: unknown) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ClusterConfigError(`cluster "${cluster}": the kubeconfig is not valid (${why})`, { cause: error });
  }
  // loadFromString copies `current-context` as it is, so it may be missing despite the type.
  const current = config.getCurrentContext() as string | undefined;
  if (current === undefined || current === "") {
    throw new ClusterConfigError(`cluster "${cluster}": the kubeconfig has no current-context`);
  }
  if (config.getContextObject(current) === null) {
    throw new ClusterConfigError(`cluster "${cluster}": the kubeconfig's current-context "${current}" is not among its contexts`);
  }
  const entry = config.getCurrentCluster();
  if (entry === null) {
    throw new ClusterConfigError(`cluster "${cluster}": the kubeconfig's current context names no known cluster entry`);
  }
  let server: URL;
  try {
    server = new URL(entry.server);
  } catch {
    throw new ClusterConfigError(`cluster "${cluster}": server "${entry.server}" is not a URL`);
  }
  if (server.protocol === "http:" && !entry.skipTLSVerify) {
    throw new ClusterConfigError(
      `cluster "${cluster}": server ${entry.server} uses plain HTTP, which client-node refuses unless the cluster ` +
        "entry sets insecure-skip-tls-verify: true (use HTTPS for real clusters)",
    );
  }
  if (server.protocol !== "http:" && server.protocol !== "https:") {
    throw new ClusterConfigError(`cluster "${cluster}": server ${entry.server} must be an http(s) URL`);
  }
  if (config.getCurrentUser() === null) {
    throw new ClusterConfigError(`cluster "${cluster}": the kubeconfig's current context names no known user`);
  }
  return config;
}
