import type { GitIdentity } from "../git/git-objects.js";
import { editTree, type TreeChange } from "../git/tree-editor.js";
import type { RepoRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/** A file to write (content) or delete (null) in a new commit. */
export interface FileWrite {
  readonly path: string;
  readonly content: Buffer | string | null;
  readonly executable?: boolean;
}

export interface CommitFromFiles {
  readonly parent: string | undefined;
  readonly files: readonly FileWrite[];
  readonly message: string;
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  /** Record GitHub's web-flow signature (commits GitHub makes or signs for an app). */
  readonly verified: boolean;
}

/** Writes blobs, the tree (on top of the parent's) and the commit; moves no ref. */
export async function commitFiles(world: World, repo: RepoRecord, input: CommitFromFiles): Promise<string> {
  const store = repo.store;
  const baseTree = input.parent === undefined ? undefined : (await store.readCommit(input.parent))?.tree;
  const changes: TreeChange[] = [];
  for (const file of input.files) {
    if (file.content === null) {
      changes.push({ path: file.path, mode: "100644", type: "blob", sha: null });
    } else {
      const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
      const sha = await store.writeBlob(content);
      changes.push({ path: file.path, mode: file.executable === true ? "100755" : "100644", type: "blob", sha });
    }
  }
  const tree = await editTree(store, baseTree, changes);
  const sha = await store.writeCommit({
    tree,
    parents: input.parent === undefined ? [] : [input.parent],
    author: input.author,
    committer: input.committer,
    message: input.message,
  });
  if (input.verified) recordVerified(world, repo, sha);
  return sha;
}

export function recordVerified(world: World, repo: RepoRecord, sha: string): void {
  repo.verification.set(sha, { verified: true, reason: "valid", verifiedAt: world.timestamp() });
}
