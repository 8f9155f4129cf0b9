/** The configuration one Canary runs with: the repository's, with the Canary's overrides on top. */
import type { CanaryConfig, RepoConfig } from "./repo-config.js";
import { mergeOverrides, resolveCanaryConfig } from "./resolve-repo-config.js";

/** `canaryKey` is `namespace/name`; a Canary without overrides gets the repository's settings. */
export function configFor(config: RepoConfig, canaryKey: string): CanaryConfig {
  const overrides = Object.hasOwn(config.canaries, canaryKey) ? config.canaries[canaryKey] : undefined;
  if (overrides === undefined) {
    const { branch, paths, gates, commands, gitops, metricsServer } = config;
    return { branch, paths, gates, commands, gitops, ...(metricsServer === undefined ? {} : { metricsServer }) };
  }
  return resolveCanaryConfig(mergeOverrides(config.declared, overrides), config.defaults);
}

/** Whether a repository path is one the bot scans for specs (`paths`). */
export function inScope(paths: readonly string[], path: string): boolean {
  const file = path.replace(/^\/+/, "");
  return paths.some((p) => p === "." || file === p || file.startsWith(`${p}/`));
}
