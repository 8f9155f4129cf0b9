/**
 * The Git repository a Canary lives in, as the engine needs it: read files at a commit, learn
 * where a branch is, and write one atomic commit per decision with optimistic concurrency.
 */

/** One file of a tree listing. Directories are not listed: `listFiles` returns blobs only. */
export interface TreeFile {
  readonly path: string;
  /** Git blob SHA: content-addressed, so equal SHAs mean equal content. */
  readonly blobSha: string;
  readonly size: number;
  /** `100644` regular, `100755` executable, `120000` symlink. */
  readonly mode: string;
}

/** Files of one commit, filtered by path prefix. */
export interface TreeSnapshot {
  /** The commit the listing belongs to; read contents through this, never through a branch. */
  readonly commitSha: string;
  readonly files: readonly TreeFile[];
}

/** A file change in a commit: `content: null` deletes the path. Content is UTF-8 text. */
export interface FileChange {
  readonly path: string;
  readonly content: string | null;
}

export interface CommitRequest {
  readonly branch: string;
  /** The head the change was planned against; the commit is refused if the branch moved. */
  readonly expectedHead: string;
  readonly changes: readonly FileChange[];
  /** Full message: subject line, blank line, body and trailers. */
  readonly message: string;
}

export interface CommitResult {
  readonly sha: string;
  readonly url: string;
  /** GitHub's signature verdict (the Verified badge); undefined when GitHub did not say. */
  readonly verified: boolean | undefined;
}

/** A commit on a branch, as listed in its history. */
export interface CommitInfo {
  readonly sha: string;
  readonly message: string;
  /** Login of the GitHub account the author maps to (`<app>[bot]` for the bot's own commits). */
  readonly authorLogin: string | undefined;
  readonly parents: readonly string[];
}

/** The pull request that brought a commit onto a branch. */
export interface SourcePullRequest {
  readonly number: number;
  readonly title: string;
  readonly author: string | undefined;
  readonly headSha: string;
  readonly mergeCommitSha: string | undefined;
  readonly url: string;
}

export interface Repository {
  /** Commit SHA at the tip of `branch`; undefined when there is no such branch. */
  headOf(branch: string): Promise<string | undefined>;
  /**
   * Files of `commitSha` whose path starts with one of `prefixes` (all files when empty).
   * A prefix ending in `/` selects a directory; otherwise it matches that exact path or directory.
   */
  listFiles(commitSha: string, prefixes: readonly string[]): Promise<TreeSnapshot>;
  /** UTF-8 contents of the given files (by blob), keyed by path. */
  readFiles(files: readonly TreeFile[]): Promise<ReadonlyMap<string, string>>;
  /** True when `ancestor` is `descendant` or one of its ancestors; false when either is unknown. */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  /**
   * One commit with all `changes` on top of `expectedHead`. Throws ConflictError when the
   * branch moved (re-read and re-plan; never force), ForbiddenError when GitHub refuses the
   * write (branch protection, rulesets, missing permission) with GitHub's own message.
   */
  commitChanges(request: CommitRequest): Promise<CommitResult>;
  /** Recent commits of `branch`, newest first, at most `limit`. */
  recentCommits(branch: string, limit: number): Promise<readonly CommitInfo[]>;
  /** The merged pull request that introduced `sha`, if any. */
  pullRequestOf(sha: string): Promise<SourcePullRequest | undefined>;
}
