import { InvariantError, TransientError } from "../../core/errors.js";
import type {
  MergeMethod,
  OpenPullRequest,
  PullRequestInfo,
  PullRequests,
  RevertRequest,
  RevertResult,
  Review,
  ReviewState,
} from "../../ports/pull-requests.js";
import { GitRefs } from "./git-refs.js";
import { fullName, NO_RETRY, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { InverseCommitRevert } from "./inverse-commit-revert.js";
import { fromGraphql, fromRest, GRAPHQL_PULL_REQUEST_FIELDS, type GraphqlPullRequest } from "./pull-request-info.js";
import { gitHubCall, toAppError } from "./translate-error.js";

export const REVERT_PULL_REQUEST = `mutation CanaryBotRevert($input: RevertPullRequestInput!) {
  revertPullRequest(input: $input) {
    revertPullRequest {
      ${GRAPHQL_PULL_REQUEST_FIELDS}
    }
  }
}`;

interface RevertData {
  readonly revertPullRequest: { readonly revertPullRequest: GraphqlPullRequest | null } | null;
}

const REVIEW_STATES: Readonly<Record<string, ReviewState>> = {
  APPROVED: "approved",
  CHANGES_REQUESTED: "changes_requested",
  COMMENTED: "commented",
  DISMISSED: "dismissed",
  PENDING: "pending",
};

/** Hidden line in a revert PR's body that finds it again, whichever way it was opened. */
export function revertMarker(source: RevertRequest["source"]): string {
  return `<!-- canary-bot:revert/${source.kind === "pull-request" ? `pr-${String(source.number)}` : `commit-${source.sha}`} -->`;
}

export class OctokitPullRequests implements PullRequests {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;
  readonly #refs: GitRefs;
  readonly #base: string;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates) {
    this.#octokit = octokit;
    this.#at = coordinates;
    this.#refs = new GitRefs(octokit, coordinates);
    this.#base = `/repos/${fullName(coordinates)}`;
  }

  async get(number: number): Promise<PullRequestInfo> {
    const { data } = await gitHubCall(`GET ${this.#base}/pulls/${String(number)}`, () =>
      this.#octokit.rest.pulls.get({ ...this.#at, pull_number: number }),
    );
    return fromRest(data);
  }

  createBranch(name: string, sha: string): Promise<{ readonly created: boolean; readonly head: string }> {
    return this.#refs.create(name, sha);
  }

  deleteBranch(name: string): Promise<void> {
    return this.#refs.delete(name);
  }

  async openOrGet(request: OpenPullRequest): Promise<PullRequestInfo & { readonly created: boolean }> {
    const existing = await this.#openFrom(request.head, request.base);
    if (existing) return { ...existing, created: false };
    try {
      const { data } = await this.#octokit.rest.pulls.create({
        ...this.#at,
        head: request.head,
        base: request.base,
        title: request.title,
        body: request.body,
        draft: request.draft ?? false,
      });
      return { ...fromRest(data), created: true };
    } catch (error: unknown) {
      // Opened concurrently ("A pull request already exists for acme:branch."): take that one.
      const raced = await this.#openFrom(request.head, request.base);
      if (raced) return { ...raced, created: false };
      throw toAppError(error, `POST ${this.#base}/pulls`);
    }
  }

  async #openFrom(head: string, base: string): Promise<PullRequestInfo | undefined> {
    const { data } = await gitHubCall(`GET ${this.#base}/pulls?head=${this.#at.owner}:${head}`, () =>
      this.#octokit.rest.pulls.list({ ...this.#at, state: "open", head: `${this.#at.owner}:${head}`, base, per_page: 100 }),
    );
    const pr = data[0];
    return pr ? fromRest(pr) : undefined;
  }

  async update(number: number, changes: { readonly title?: string; readonly body?: string }): Promise<PullRequestInfo> {
    const { data } = await gitHubCall(`PATCH ${this.#base}/pulls/${String(number)}`, () =>
      this.#octokit.rest.pulls.update({ ...this.#at, pull_number: number, ...changes }),
    );
    return fromRest(data);
  }

  async close(number: number): Promise<PullRequestInfo> {
    const { data } = await gitHubCall(`PATCH ${this.#base}/pulls/${String(number)}`, () =>
      this.#octokit.rest.pulls.update({ ...this.#at, pull_number: number, state: "closed" }),
    );
    return fromRest(data);
  }

  async merge(number: number, expectedHeadSha: string, method: MergeMethod): Promise<{ readonly sha: string }> {
    // 409 "Head branch was modified" → ConflictError; 405 "not mergeable" (checks, reviews,
    // protection) → ForbiddenError with GitHub's reason.
    const { data } = await gitHubCall(`PUT ${this.#base}/pulls/${String(number)}/merge`, () =>
      this.#octokit.rest.pulls.merge({ ...this.#at, pull_number: number, sha: expectedHeadSha, merge_method: method, request: NO_RETRY }),
    );
    return { sha: data.sha };
  }

  async requestReviewers(number: number, reviewers: { readonly users: readonly string[]; readonly teams: readonly string[] }): Promise<void> {
    if (reviewers.users.length === 0 && reviewers.teams.length === 0) return;
    await gitHubCall(`POST ${this.#base}/pulls/${String(number)}/requested_reviewers`, () =>
      this.#octokit.rest.pulls.requestReviewers({
        ...this.#at,
        pull_number: number,
        reviewers: [...reviewers.users],
        team_reviewers: [...reviewers.teams],
      }),
    );
  }

  async listReviews(number: number): Promise<readonly Review[]> {
    const reviews = await gitHubCall(`GET ${this.#base}/pulls/${String(number)}/reviews`, () =>
      this.#octokit.paginate(this.#octokit.rest.pulls.listReviews, { ...this.#at, pull_number: number, per_page: 100 }),
    );
    return reviews.flatMap((r) => {
      const state = REVIEW_STATES[r.state];
      if (state === undefined) return [];
      return [{ id: r.id, author: r.user?.login, state, commitSha: r.commit_id ?? undefined, submittedAt: r.submitted_at === undefined ? undefined : Date.parse(r.submitted_at) }];
    });
  }

  /**
   * GraphQL `revertPullRequest` first (GitHub's own "Revert" button: it picks the branch name);
   * the inverse-commit fallback when that is unavailable or refused, and always for a pushed
   * commit. The body carries a hidden marker, so a repeated call finds the PR already opened.
   */
  async openRevert(request: RevertRequest): Promise<RevertResult> {
    const marker = revertMarker(request.source);
    const body = `${marker}\n${request.body}`;
    const existing = await this.#withMarker(request.base, marker);
    if (existing) return { kind: "opened", pullRequest: existing, via: "existing" };
    const fallback = { base: request.base, branch: request.branch, title: request.title, body, draft: request.draft ?? false };

    if (request.source.kind === "commit") {
      return new InverseCommitRevert(this.#octokit, this.#at).open({ ...fallback, changeSha: request.source.sha });
    }
    const number = request.source.number;
    const { data: source } = await gitHubCall(`GET ${this.#base}/pulls/${String(number)}`, () =>
      this.#octokit.rest.pulls.get({ ...this.#at, pull_number: number }),
    );
    if (!source.merged || source.merge_commit_sha === null) {
      throw new InvariantError(`revert of #${String(number)}: the pull request is not merged, there is nothing to revert`);
    }
    try {
      const data = await this.#octokit.graphql<RevertData>(REVERT_PULL_REQUEST, {
        input: { pullRequestId: source.node_id, title: request.title, body, draft: request.draft ?? false },
      });
      const opened = data.revertPullRequest?.revertPullRequest;
      if (opened) return { kind: "opened", pullRequest: fromGraphql(opened), via: "revert-pull-request" };
    } catch (error: unknown) {
      const translated = toAppError(error, `revertPullRequest ${fullName(this.#at)}#${String(number)}`);
      // Outages and rate limits are retried later; any refusal is worked around.
      if (translated instanceof TransientError) throw translated;
    }
    return new InverseCommitRevert(this.#octokit, this.#at).open({
      ...fallback,
      changeSha: source.merge_commit_sha,
      pullRequest: { number, commits: source.commits },
    });
  }

  async #withMarker(base: string, marker: string): Promise<PullRequestInfo | undefined> {
    const open = await gitHubCall(`GET ${this.#base}/pulls?state=open`, () =>
      this.#octokit.paginate(this.#octokit.rest.pulls.list, { ...this.#at, state: "open", base, per_page: 100 }),
    );
    const pr = open.find((p) => p.body?.startsWith(marker) === true);
    return pr ? fromRest(pr) : undefined;
  }
}
