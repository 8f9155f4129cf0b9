import { InvariantError } from "../../core/errors.js";
import type { CommentRef, CommentReply, Comments, StickyComment } from "../../ports/comments.js";
import { cutToLimit } from "./check-output.js";
import { fullName, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { gitHubCall } from "./translate-error.js";

/** GitHub refuses comment bodies over 65,536 characters with 422 "Body is too long". */
export const COMMENT_LIMIT = 65_536;

/** The hidden first line that identifies a sticky comment: `<!-- canary-bot:<key> -->`. */
export function stickyMarker(key: string): string {
  if (key === "" || /-->|[\r\n]/.test(key)) throw new InvariantError(`sticky comment key "${key}" cannot be used in an HTML comment`);
  return `<!-- canary-bot:${key} -->`;
}

export interface CommentsOptions {
  /** The App's login (`<slug>[bot]`); when known, only its comments can be the sticky one. */
  readonly botLogin?: string;
}

/**
 * One comment per (PR, key), found by its hidden marker among comments written by a bot (so
 * a person quoting the comment does not take it over), edited only when the body differs.
 */
export class OctokitComments implements Comments {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;
  readonly #botLogin: string | undefined;
  readonly #base: string;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates, options: CommentsOptions = {}) {
    this.#octokit = octokit;
    this.#at = coordinates;
    this.#botLogin = options.botLogin;
    this.#base = `/repos/${fullName(coordinates)}`;
  }

  async upsertSticky(comment: StickyComment): Promise<CommentRef> {
    const marker = stickyMarker(comment.key);
    // The marker leads, so cutting an over-long body never loses it.
    const body = cutToLimit(`${marker}\n${comment.body}`, COMMENT_LIMIT);
    const path = `${this.#base}/issues/${String(comment.issueNumber)}/comments`;
    const comments = await gitHubCall(`GET ${path}`, () =>
      this.#octokit.paginate(this.#octokit.rest.issues.listComments, { ...this.#at, issue_number: comment.issueNumber, per_page: 100 }),
    );
    const existing = comments.find(
      (c) =>
        c.body?.startsWith(marker) === true &&
        c.user?.type === "Bot" &&
        (this.#botLogin === undefined || c.user.login === this.#botLogin),
    );
    if (existing === undefined) {
      const { data } = await gitHubCall(`POST ${path}`, () =>
        this.#octokit.rest.issues.createComment({ ...this.#at, issue_number: comment.issueNumber, body }),
      );
      return { id: data.id, url: data.html_url, outcome: "created" };
    }
    if (existing.body === body) return { id: existing.id, url: existing.html_url, outcome: "unchanged" };
    const { data } = await gitHubCall(`PATCH ${this.#base}/issues/comments/${String(existing.id)}`, () =>
      this.#octokit.rest.issues.updateComment({ ...this.#at, comment_id: existing.id, body }),
    );
    return { id: data.id, url: data.html_url, outcome: "updated" };
  }

  async reply(reply: CommentReply): Promise<CommentRef> {
    const quoted = (reply.quote.split(/\r?\n/).find((line) => line.trim() !== "") ?? "").trim();
    const body = cutToLimit(`@${reply.to}${quoted === "" ? " " : `\n> ${quoted}\n\n`}${reply.body}`, COMMENT_LIMIT);
    const path = `${this.#base}/issues/${String(reply.issueNumber)}/comments`;
    const { data } = await gitHubCall(`POST ${path}`, () =>
      this.#octokit.rest.issues.createComment({ ...this.#at, issue_number: reply.issueNumber, body }),
    );
    return { id: data.id, url: data.html_url, outcome: "created" };
  }
}
