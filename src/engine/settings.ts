import type { Codeowners } from "../core/authz/codeowners.js";
import type { CanaryConfig } from "../core/config/repo-config.js";

/** How one Canary is run: the repository configuration with its overrides (core/config). */
export type CanarySettings = CanaryConfig;

/** The repository's configuration as the engine uses it. */
export interface RepoSettings {
  /** Tracked branch. */
  readonly branch: string;
  /** Paths scanned for specs, as `listFiles` prefixes (empty = the whole repository). */
  readonly paths: readonly string[];
  forCanary(canary: string): CanarySettings;
  /** CODEOWNERS of the default branch, when the repository has one. */
  readonly codeowners?: Codeowners;
}

/** `core/config` writes "everything" as `.`; the repository port lists everything for no prefix. */
export function listingPrefixes(paths: readonly string[]): readonly string[] {
  return paths.includes(".") ? [] : paths.map((p) => (p.endsWith("/") ? p : `${p}/`));
}
