/** What fault and latency rules can match a request on. */
export interface RequestInfo {
  readonly method: string;
  /** Route template without the method (`/repos/{owner}/{repo}/git/refs/{ref}`); undefined if unknown. */
  readonly route: string | undefined;
  readonly path: string;
  /** Top-level fields of a GraphQL document (`createCommitOnBranch`, `repository`). */
  readonly graphqlFields: readonly string[];
  readonly actor: string;
}

export interface RequestMatch {
  readonly method?: string;
  /** A route template as GitHub documents it, or a pattern tested against the concrete path. */
  readonly route?: string | RegExp;
  readonly graphqlField?: string;
  /** `installation:<id>`, `app:<id>`, a user login, or `anonymous`. */
  readonly actor?: string;
}

export function requestMatches(match: RequestMatch | undefined, request: RequestInfo): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (typeof match.route === "string" && match.route !== request.route) return false;
  if (match.route instanceof RegExp && !match.route.test(request.path)) return false;
  if (match.graphqlField !== undefined && !request.graphqlFields.includes(match.graphqlField)) return false;
  if (match.actor !== undefined && match.actor !== request.actor) return false;
  return true;
}
