/**
 * Matching a Canary's file in a repository against the sources GitOps objects apply, for
 * discovering which Flux Kustomization or Argo CD Application applies it.
 */

/**
 * `host/owner/repo`, lower-cased, from any form people write a Git remote in:
 * `https://github.com/Org/Repo.git`, `http://…`, `ssh://git@github.com:22/org/repo`,
 * `git@github.com:org/repo.git`, with or without credentials, port, trailing slash or `.git`.
 * Lower-casing is right for GitHub, where owner and repository names are case-insensitive.
 * Returns undefined for strings that are not a Git remote.
 */
export function normaliseGitUrl(url: string): string | undefined {
  let rest = url.trim();
  if (rest === "") return undefined;
  let hostAndPath: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(rest);
  if (scheme !== null) {
    rest = scheme[2] ?? "";
    const slash = rest.indexOf("/");
    if (slash === -1) return undefined;
    const authority = rest.slice(0, slash);
    const host = authority.slice(authority.lastIndexOf("@") + 1).replace(/:\d*$/, "");
    hostAndPath = `${host}/${rest.slice(slash + 1)}`;
  } else {
    const scp = /^(?:[^@/]+@)?([^:/]+):(.*)$/.exec(rest);
    if (scp === null) return undefined;
    hostAndPath = `${scp[1] ?? ""}/${scp[2] ?? ""}`;
  }
  const cleaned = hostAndPath
    .split(/[?#]/)[0]
    ?.replace(/\/+/g, "/")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .toLowerCase();
  if (cleaned === undefined || !cleaned.includes("/") || cleaned.startsWith("/")) return undefined;
  return cleaned;
}

/** A repository path without `./`, leading or trailing slashes; the root is `""`. */
export function normaliseRepoPath(path: string): string {
  const parts = path
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  return parts.join("/");
}

/**
 * Does a GitOps object applying `directory` include `file`?
 * `recursive: false` is Argo CD's plain-directory source without `directory.recurse`: only files
 * directly in the directory. Otherwise (Flux, Kustomize, recursive directories) anything below.
 * A kustomization.yaml may list fewer files than the directory holds; discovery cannot see that,
 * so it is an upper bound the repo config can override.
 */
export function directoryCovers(directory: string, file: string, recursive: boolean): boolean {
  const dir = normaliseRepoPath(directory);
  const target = normaliseRepoPath(file);
  const prefix = dir === "" ? "" : `${dir}/`;
  if (!target.startsWith(prefix)) return false;
  return recursive || !target.slice(prefix.length).includes("/");
}
