import { CODEOWNERS_PATHS } from "../core/authz/codeowners.js";
import { REPO_CONFIG_PATH } from "../core/config/repo-config.js";
import type { RepoFile } from "../core/gitops/types.js";
import { loadRepository } from "../core/spec/load-repository.js";
import type { RepositoryIndex } from "../core/spec/repository-index.js";
import type { Repository } from "../ports/repository.js";

/** The specs of one commit: every YAML file under the configured paths, parsed. */
export interface Snapshot {
  readonly head: string;
  readonly files: readonly RepoFile[];
  readonly index: RepositoryIndex;
}

/** Files read from the default branch besides the specs: the bot's configuration and CODEOWNERS. */
export const SETTINGS_PATHS: readonly string[] = [REPO_CONFIG_PATH, ...CODEOWNERS_PATHS];

function isSpecFile(path: string): boolean {
  return /\.ya?ml$/i.test(path) || /(^|\/)Kustomization$/.test(path);
}

/** Reads the YAML files under `paths` at `commit` (two API calls plus one per changed blob on GitHub). */
export async function readSnapshot(repository: Repository, commit: string, paths: readonly string[]): Promise<Snapshot> {
  const listing = await repository.listFiles(commit, paths);
  const wanted = listing.files.filter((f) => isSpecFile(f.path) && !f.path.startsWith(".github/"));
  const contents = await repository.readFiles(wanted);
  const files = wanted.flatMap((f) => {
    const content = contents.get(f.path);
    return content === undefined ? [] : [{ path: f.path, content }];
  });
  return { head: commit, files, index: loadRepository(files) };
}

/** Reads a few named files (config, CODEOWNERS) at `commit`; missing ones are absent from the map. */
export async function readNamedFiles(repository: Repository, commit: string, paths: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const listing = await repository.listFiles(commit, paths);
  const exact = listing.files.filter((f) => paths.includes(f.path));
  return repository.readFiles(exact);
}
