import { parseCodeowners, selectCodeowners } from "../core/authz/codeowners.js";
import { configFor } from "../core/config/config-for.js";
import { parseRepoConfig } from "../core/config/parse-repo-config.js";
import { REPO_CONFIG_PATH } from "../core/config/repo-config.js";
import type { SettingsLoader } from "./repo-ports.js";
import { listingPrefixes } from "./settings.js";

/**
 * The settings loader of the App: `.github/canary-bot.yml` and CODEOWNERS of the default
 * branch, with the bot's own defaults (its metrics server).
 */
export function repoSettingsLoader(defaults: { readonly metricsServer?: string }): SettingsLoader {
  return (ports, files) => {
    const parsed = parseRepoConfig(REPO_CONFIG_PATH, files.get(REPO_CONFIG_PATH), {
      branch: ports.defaultBranch,
      ...(defaults.metricsServer !== undefined ? { metricsServer: defaults.metricsServer } : {}),
    });
    const owners = selectCodeowners((path) => files.get(path));
    const codeowners = owners ? parseCodeowners(owners.file, owners.text) : undefined;
    if ("issues" in parsed) {
      return { settings: { branch: ports.defaultBranch, paths: [], forCanary: () => { throw new Error("invalid configuration"); } }, issues: parsed.issues };
    }
    const { config } = parsed;
    return {
      settings: {
        branch: config.branch,
        paths: listingPrefixes(config.paths),
        forCanary: (key) => configFor(config, key),
        ...(codeowners ? { codeowners } : {}),
      },
      issues: parsed.warnings,
    };
  };
}
