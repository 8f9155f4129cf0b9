/** Pull requests the bot opens (promotion, revert) and the source PRs it reports on. */

export interface PullRequestInfo {
  readonly number: number;
  /** GraphQL node id. */
  readonly nodeId: string;
  readonly url: string;
  readonly title: string;
  readonly body: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  readonly draft: boolean;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
  readonly mergeCommitSha: string | undefined;
  readonly author: string | undefined;
}

export interface OpenPullRequest {
  /** Branch holding the change; one open PR per head branch. */
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly draft?: boolean;
}

export type ReviewState = "approved" | "changes_requested" | "commented" | "dismissed" | "pending";

export interface Review {
  readonly id: number;
  readonly author: string | undefined;
  readonly state: ReviewState;
  /** The head commit the review was given on. */
  readonly commitSha: string | undefined;
  /** Epoch milliseconds. */
  readonly submittedAt: number | undefined;
}

export type MergeMethod = "merge" | "squash" | "rebase";

export interface RevertRequest {
  /** A merged pull request, or a commit pushed without one. */
  readonly source: { readonly kind: "pull-request"; readonly number: number } | { readonly kind: "commit"; readonly sha: string };
  /** Branch the revert goes into (the tracked branch). */
  readonly base: string;
  /** Branch name for the inverse-commit fallback, e.g. `canary-bot/revert/test-podinfo-1a2b3c4`. */
  readonly branch: string;
  readonly title: string;
  readonly body: string;
  readonly draft?: boolean;
}

export type RevertResult =
  | {
      readonly kind: "opened";
      readonly pullRequest: PullRequestInfo;
      /** How it was made; `existing` when an earlier call already opened it. */
      readonly via: "revert-pull-request" | "inverse-commit" | "existing";
    }
  /** The tracked branch already no longer contains the change: nothing to revert. */
  | { readonly kind: "nothing-to-revert" }
  /** The revert does not apply cleanly: a person has to write it. */
  | { readonly kind: "conflict"; readonly message: string };

export interface PullRequests {
  get(number: number): Promise<PullRequestInfo>;
  /** Creates `name` at `sha`; an existing branch is left as it is and its head returned. */
  createBranch(name: string, sha: string): Promise<{ readonly created: boolean; readonly head: string }>;
  deleteBranch(name: string): Promise<void>;
  /** The open PR from `head`, or a new one. Idempotent. */
  openOrGet(request: OpenPullRequest): Promise<PullRequestInfo & { readonly created: boolean }>;
  update(number: number, changes: { readonly title?: string; readonly body?: string }): Promise<PullRequestInfo>;
  close(number: number): Promise<PullRequestInfo>;
  /**
   * Merges only if the PR head is still `expectedHeadSha`; ConflictError when it moved,
   * ForbiddenError when GitHub will not merge (protection, checks, reviews) with its message.
   */
  merge(number: number, expectedHeadSha: string, method: MergeMethod): Promise<{ readonly sha: string }>;
  requestReviewers(number: number, reviewers: { readonly users: readonly string[]; readonly teams: readonly string[] }): Promise<void>;
  listReviews(number: number): Promise<readonly Review[]>;
  /** Opens (or finds) the revert PR of a merged PR or a pushed commit. */
  openRevert(request: RevertRequest): Promise<RevertResult>;
}
