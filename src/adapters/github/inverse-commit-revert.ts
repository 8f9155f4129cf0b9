import { InvariantError } from "../../core/errors.js";
import type { RevertResult } from "../../ports/pull-requests.js";
import { GitRefs } from "./git-refs.js";
import { fullName, NO_RETRY, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { fromRest } from "./pull-request-info.js";
import { gitHubCall, statusOf, toAppError } from "./translate-error.js";

export interface InverseCommitInput {
  /** The commit that brought the change onto the base branch (merge, squash or last rebased). */
  readonly changeSha: string;
  /** When the change came from a pull request: its number and commit count (rebase merges). */
  readonly pullRequest?: { readonly number: number; readonly commits: number };
  readonly base: string;
  readonly branch: string;
  readonly title: string;
  readonly body: string;
  readonly draft: boolean;
}

/**
 * A revert built from Git objects, for when GraphQL `revertPullRequest` is unavailable (no pull
 * request, GitHub Enterprise Server without it, or GitHub refusing it):
 * 1. R = a commit with the tree from before the change (B) and the change (M) as parent: on top
 *    of M it undoes exactly the change;
 * 2. the revert branch starts at the base branch's head H, and GitHub merges R into it with a
 *    real 3-way merge (`POST /merges`, merge base M), so later commits on the base survive and
 *    a conflict is reported instead of silently overwritten;
 * 3. the merge result is recommitted with H as its only parent, so the PR holds one commit.
 * Every commit is made through the API without author or committer, so GitHub signs it.
 */
export class InverseCommitRevert {
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

  async open(input: InverseCommitInput): Promise<RevertResult> {
    const change = await this.#commit(input.changeSha);
    const before = await this.#commit(await this.#parentBefore(change, input));
    const message = `${input.title}\n\nThis reverts commit ${input.changeSha}${input.pullRequest ? ` (#${String(input.pullRequest.number)})` : ""}.`;
    const inverse = await this.#createCommit(message, before.tree.sha, [input.changeSha]);

    const { data: branch } = await gitHubCall(`GET ${this.#base}/branches/${input.base}`, () =>
      this.#octokit.rest.repos.getBranch({ ...this.#at, branch: input.base }),
    );
    const head = branch.commit.sha;
    const headTree = branch.commit.commit.tree.sha;
    // The revert branch belongs to the bot: an earlier, abandoned attempt is moved, not kept.
    const { created } = await this.#refs.create(input.branch, head);
    if (!created) await this.#refs.force(input.branch, head);

    const merged = await this.#merge(input.branch, inverse, message);
    if (merged.kind !== "merged" || merged.tree === headTree) {
      await this.#refs.delete(input.branch);
      return merged.kind === "conflict"
        ? { kind: "conflict", message: `${merged.message}: the revert does not apply cleanly on the current ${input.base}` }
        : { kind: "nothing-to-revert" };
    }
    const linear = await this.#createCommit(message, merged.tree, [head]);
    await this.#refs.force(input.branch, linear);
    const { data: pr } = await gitHubCall(`POST ${this.#base}/pulls`, () =>
      this.#octokit.rest.pulls.create({ ...this.#at, title: input.title, head: input.branch, base: input.base, body: input.body, draft: input.draft }),
    );
    return { kind: "opened", pullRequest: fromRest(pr), via: "inverse-commit" };
  }

  async #commit(sha: string) {
    const { data } = await gitHubCall(`GET ${this.#base}/git/commits/${sha}`, () =>
      this.#octokit.rest.git.getCommit({ ...this.#at, commit_sha: sha }),
    );
    return data;
  }

  /**
   * The commit before the change. A merge or squash commit's first parent; for a rebase merge
   * of k commits, the commit k steps back, recognised by the last k commits carrying the pull
   * request's commit messages in order.
   */
  async #parentBefore(change: { parents: readonly { sha: string }[]; sha: string }, input: InverseCommitInput): Promise<string> {
    const first = change.parents[0]?.sha;
    if (first === undefined) throw new InvariantError(`revert: commit ${change.sha} has no parent, there is nothing before it to go back to`);
    const commits = input.pullRequest?.commits ?? 1;
    if (change.parents.length > 1 || commits <= 1 || input.pullRequest === undefined) return first;
    const number = input.pullRequest.number;
    const history = await gitHubCall(`GET ${this.#base}/commits?sha=${change.sha}`, () =>
      this.#octokit.rest.repos.listCommits({ ...this.#at, sha: change.sha, per_page: Math.min(100, commits + 1) }),
    );
    const prCommits = await gitHubCall(`GET ${this.#base}/pulls/${String(number)}/commits`, () =>
      this.#octokit.paginate(this.#octokit.rest.pulls.listCommits, { ...this.#at, pull_number: number, per_page: 100 }),
    );
    const onBase = history.data.slice(0, commits).map((c) => c.commit.message).reverse();
    const rebased = onBase.length === commits && onBase.every((m, i) => m === prCommits[i]?.commit.message);
    return rebased ? (history.data[commits - 1]?.parents[0]?.sha ?? first) : first;
  }

  async #createCommit(message: string, tree: string, parents: readonly string[]): Promise<string> {
    const { data } = await gitHubCall(`POST ${this.#base}/git/commits`, () =>
      this.#octokit.rest.git.createCommit({ ...this.#at, message, tree, parents: [...parents] }),
    );
    return data.sha;
  }

  async #merge(
    branch: string,
    head: string,
    message: string,
  ): Promise<{ kind: "merged"; tree: string } | { kind: "conflict"; message: string } | { kind: "up-to-date" }> {
    try {
      const response = await this.#octokit.rest.repos.merge({ ...this.#at, base: branch, head, commit_message: message, request: NO_RETRY });
      // 204: the branch already contains the inverse commit (the typings only know 201).
      const status: number = response.status;
      if (status === 204) return { kind: "up-to-date" };
      return { kind: "merged", tree: response.data.commit.tree.sha };
    } catch (error: unknown) {
      if (statusOf(error) === 409) return { kind: "conflict", message: toAppError(error, `POST ${this.#base}/merges`).message };
      throw toAppError(error, `POST ${this.#base}/merges`);
    }
  }
}
