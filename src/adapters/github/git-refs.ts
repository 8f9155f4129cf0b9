import { InvariantError } from "../../core/errors.js";
import { fullName, NO_RETRY, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { gitHubCall, gitHubLookup, statusOf, toAppError } from "./translate-error.js";

/** Branch refs over REST (GraphQL `createCommitOnBranch` cannot create a branch). */
export class GitRefs {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;
  readonly #base: string;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates) {
    this.#octokit = octokit;
    this.#at = coordinates;
    this.#base = `/repos/${fullName(coordinates)}`;
  }

  /** Creates `name` at `sha`; when it exists (422 "Reference already exists"), returns its head. */
  async create(name: string, sha: string): Promise<{ created: boolean; head: string }> {
    try {
      await this.#octokit.rest.git.createRef({ ...this.#at, ref: `refs/heads/${name}`, sha });
      return { created: true, head: sha };
    } catch (error: unknown) {
      if (statusOf(error) !== 422) throw toAppError(error, `POST ${this.#base}/git/refs`);
      const existing = await gitHubLookup(`GET ${this.#base}/git/ref/heads/${name}`, () =>
        this.#octokit.rest.git.getRef({ ...this.#at, ref: `heads/${name}` }),
      );
      // Not there after all: the 422 was about something else (an invalid name, a ruleset).
      if (existing === undefined) throw toAppError(error, `POST ${this.#base}/git/refs`);
      return { created: false, head: existing.data.object.sha };
    }
  }

  /** Points a branch the bot owns at `sha`, whatever it held. */
  async force(name: string, sha: string): Promise<void> {
    if (name === "") throw new InvariantError("force: empty branch name");
    await gitHubCall(`PATCH ${this.#base}/git/refs/heads/${name}`, () =>
      this.#octokit.rest.git.updateRef({ ...this.#at, ref: `heads/${name}`, sha, force: true, request: NO_RETRY }),
    );
  }

  /** Deletes a branch; one that is already gone is fine (404, or 422 "Reference does not exist"). */
  async delete(name: string): Promise<void> {
    try {
      await this.#octokit.rest.git.deleteRef({ ...this.#at, ref: `heads/${name}` });
    } catch (error: unknown) {
      const status = statusOf(error);
      if (status === 404 || status === 422) return;
      throw toAppError(error, `DELETE ${this.#base}/git/refs/heads/${name}`);
    }
  }
}
