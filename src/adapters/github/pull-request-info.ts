import type { PullRequestInfo } from "../../ports/pull-requests.js";

/** The fields REST gives for a pull request in both its full and its list ("simple") form. */
export interface RestPullRequest {
  readonly number: number;
  readonly node_id: string;
  readonly html_url: string;
  readonly title: string;
  readonly body: string | null;
  readonly state: string;
  readonly draft?: boolean;
  readonly merged_at: string | null;
  readonly merge_commit_sha: string | null;
  readonly head: { readonly ref: string; readonly sha: string };
  readonly base: { readonly ref: string };
  readonly user: { readonly login: string } | null;
}

export function fromRest(pr: RestPullRequest): PullRequestInfo {
  return {
    number: pr.number,
    nodeId: pr.node_id,
    url: pr.html_url,
    title: pr.title,
    body: pr.body ?? "",
    state: pr.state === "open" ? "open" : "closed",
    merged: pr.merged_at !== null,
    draft: pr.draft ?? false,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    mergeCommitSha: pr.merge_commit_sha ?? undefined,
    author: pr.user?.login,
  };
}

/** The same fields selected in GraphQL. */
export const GRAPHQL_PULL_REQUEST_FIELDS = `number
      id
      url
      title
      body
      state
      isDraft
      headRefName
      headRefOid
      baseRefName
      mergeCommit {
        oid
      }
      author {
        login
      }`;

export interface GraphqlPullRequest {
  readonly number: number;
  readonly id: string;
  readonly url: string;
  readonly title: string;
  readonly body: string;
  readonly state: "OPEN" | "CLOSED" | "MERGED";
  readonly isDraft: boolean;
  readonly headRefName: string;
  readonly headRefOid: string;
  readonly baseRefName: string;
  readonly mergeCommit: { readonly oid: string } | null;
  readonly author: { readonly login: string } | null;
}

export function fromGraphql(pr: GraphqlPullRequest): PullRequestInfo {
  return {
    number: pr.number,
    nodeId: pr.id,
    url: pr.url,
    title: pr.title,
    body: pr.body,
    state: pr.state === "OPEN" ? "open" : "closed",
    merged: pr.state === "MERGED",
    draft: pr.isDraft,
    headRef: pr.headRefName,
    headSha: pr.headRefOid,
    baseRef: pr.baseRefName,
    mergeCommitSha: pr.mergeCommit?.oid,
    author: pr.author?.login,
  };
}
