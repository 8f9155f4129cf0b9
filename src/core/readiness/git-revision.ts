/**
 * Git ancestry, answered outside the core (the repository adapter knows the history):
 * is the bot's commit an ancestor of `revision`?
 */
export type IsDescendant = (revision: string) => Promise<boolean>;

const HEX = /^[0-9a-f]+$/;

/**
 * The Git commit in a revision string written by a GitOps tool, lower-cased, or undefined when
 * the string names no Git commit of the same object format as `commitSha`.
 *
 * Accepted forms (Flux source-controller v1 and earlier, Argo CD):
 * - `main@sha1:<40 hex>`, `refs/heads/main@sha1:<hex>`, `v1.2.3@sha1:<hex>`, `sha1:<hex>`;
 * - `main@sha256:<64 hex>` / `sha256:<hex>` only when `commitSha` itself is 64 hex (a SHA-256
 *   repository): otherwise `sha256:` is an OCI or Bucket digest, not a commit;
 * - legacy Flux `main/<40 hex>`;
 * - a bare commit (Argo CD `status.sync.revision`).
 */
export function commitOfRevision(revision: string, commitSha: string): string | undefined {
  const want = commitSha.length > 40 ? 64 : 40;
  const value = revision.trim().toLowerCase();
  const at = value.lastIndexOf("@");
  const afterRef = at === -1 ? value : value.slice(at + 1);

  const algo = /^(sha1|sha256):(.+)$/.exec(afterRef);
  if (algo !== null) {
    const [, name, hex] = algo;
    const expected = name === "sha1" ? 40 : 64;
    if (hex === undefined || expected !== want || hex.length !== want || !HEX.test(hex)) return undefined;
    return hex;
  }
  const slash = value.lastIndexOf("/");
  const tail = slash === -1 ? value : value.slice(slash + 1);
  if (tail.length === want && HEX.test(tail)) return tail;
  return undefined;
}

/** Same commit, allowing an abbreviated `commitSha` of at least 7 characters. */
export function sameCommit(revisionSha: string, commitSha: string): boolean {
  const a = revisionSha.toLowerCase();
  const b = commitSha.toLowerCase();
  return a === b || (b.length >= 7 && a.startsWith(b));
}

/** The 7-character form people recognise from GitHub. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/**
 * Does the revision (already reduced to a commit) contain the bot's commit? Equal, or a
 * descendant: GitOps tools apply the newest revision they fetched, so two quick commits may
 * never be applied one by one (gimlet-io/gimlet#382).
 */
export async function revisionCovers(
  revisionSha: string | undefined,
  commitSha: string,
  isDescendant: IsDescendant,
): Promise<boolean> {
  if (revisionSha === undefined) return false;
  if (sameCommit(revisionSha, commitSha)) return true;
  return isDescendant(revisionSha);
}
