import type { Octokit } from "@octokit/rest";

/**
 * The part of an Octokit instance the adapters use. Probot's `context.octokit` (ProbotOctokit:
 * rest endpoint methods, pagination, GraphQL, its own throttling, retries and installation
 * auth) satisfies it, and so does the instance built by `createOctokit` for the CLI and tests.
 */
export type GitHubClient = Pick<Octokit, "rest" | "request" | "graphql" | "paginate">;

/** The repository an adapter instance is bound to. */
export interface RepoCoordinates {
  readonly owner: string;
  readonly repo: string;
}

/** `owner/repo` */
export function fullName(coordinates: RepoCoordinates): string {
  return `${coordinates.owner}/${coordinates.repo}`;
}

/** Per-request option for compare-and-swap writes: a retry would only repeat a refused write. */
export const NO_RETRY = { retries: 0 } as const;
