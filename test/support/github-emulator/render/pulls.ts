import type { EmulatorCore } from "../core.js";
import { diffTrees } from "../git/diff.js";
import { approvalsMissing } from "../services/approvals.js";
import type { PullRecord, RepoRecord } from "../state/records.js";
import { repositoryJson } from "./repository.js";
import { teamJson } from "./teams.js";
import { repoApi, repoHtml } from "./urls.js";
import { simpleUser } from "./users.js";

/** The base branch head a PR is compared with: live while open, frozen once closed. */
export async function baseShaOf(repo: RepoRecord, pr: PullRecord): Promise<string> {
  if (pr.closedBaseSha !== undefined) return pr.closedBaseSha;
  return (await repo.store.readRef(`refs/heads/${pr.baseRef}`)) ?? "";
}

export interface Mergeability {
  readonly mergeable: boolean | null;
  readonly state: "clean" | "dirty" | "blocked" | "unknown";
}

/** Computed synchronously (GitHub computes it in the background and may first say null). */
export async function mergeabilityOf(core: EmulatorCore, repo: RepoRecord, pr: PullRecord): Promise<Mergeability> {
  if (pr.state !== "open") return { mergeable: null, state: "unknown" };
  const base = await baseShaOf(repo, pr);
  if (base === "") return { mergeable: false, state: "dirty" };
  const merged = await repo.store.mergeTrees(base, pr.headSha);
  if (merged.kind !== "clean") return { mergeable: false, state: "dirty" };
  if (approvalsMissing(core.world, repo, pr) > 0) return { mergeable: true, state: "blocked" };
  return { mergeable: true, state: "clean" };
}

function branchJson(core: EmulatorCore, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: simpleUser(core.urls, repo.owner),
    repo: repositoryJson(core.urls, repo),
  };
}

/** GitHub's `pull-request-simple` (list) or, with `detail`, `pull-request` (single) object. */
export async function pullJson(core: EmulatorCore, repo: RepoRecord, pr: PullRecord, detail: boolean): Promise<Record<string, unknown>> {
  const { urls, world } = core;
  const api = repoApi(urls, repo);
  const html = repoHtml(urls, repo);
  const self = `${api}/pulls/${String(pr.number)}`;
  const baseSha = await baseShaOf(repo, pr);
  const teams = [...pr.requestedTeams]
    .map((slug) => world.org(repo.owner.login)?.teams.get(slug))
    .filter((t) => t !== undefined)
    .map((t) => teamJson(urls, t));
  const simple: Record<string, unknown> = {
    url: self,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: `${html}/pull/${String(pr.number)}`,
    diff_url: `${html}/pull/${String(pr.number)}.diff`,
    patch_url: `${html}/pull/${String(pr.number)}.patch`,
    issue_url: `${api}/issues/${String(pr.number)}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${String(pr.number)}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: simpleUser(urls, pr.user),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [...pr.requestedReviewers.values()].map((u) => simpleUser(urls, u)),
    requested_teams: teams,
    head: branchJson(core, repo, pr.headRef, pr.headSha),
    base: branchJson(core, repo, pr.baseRef, baseSha),
    _links: {
      self: { href: self },
      html: { href: `${html}/pull/${String(pr.number)}` },
      issue: { href: `${api}/issues/${String(pr.number)}` },
      comments: { href: `${api}/issues/${String(pr.number)}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: world.authorAssociation(repo, pr.user.login),
    auto_merge: null,
    draft: pr.draft,
  };
  if (!detail) return simple;
  const mergeability = await mergeabilityOf(core, repo, pr);
  const mergeBase = baseSha === "" ? undefined : await repo.store.mergeBase(baseSha, pr.headSha);
  const commits = pr.state === "open" ? (await repo.store.revList(pr.headSha, baseSha === "" ? [] : [baseSha])).length : pr.mergedCommits.length;
  const files = await diffTrees(repo.store, mergeBase, pr.headSha);
  return {
    ...simple,
    merged: pr.mergedAt !== null,
    mergeable: mergeability.mergeable,
    rebaseable: false,
    mergeable_state: mergeability.state,
    merged_by: pr.mergedBy ? simpleUser(urls, pr.mergedBy) : null,
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === pr.number).length,
    review_comments: 0,
    maintainer_can_modify: pr.maintainerCanModify,
    commits,
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    changed_files: files.length,
  };
}

/** GitHub's `pull-request-minimal`, as in `check_run.pull_requests`. */
export function pullMinimalJson(core: EmulatorCore, repo: RepoRecord, pr: PullRecord, baseSha: string): Record<string, unknown> {
  const repoRef = { id: repo.id, url: repoApi(core.urls, repo), name: repo.name };
  return {
    id: pr.id,
    number: pr.number,
    url: `${repoApi(core.urls, repo)}/pulls/${String(pr.number)}`,
    head: { ref: pr.headRef, sha: pr.headSha, repo: repoRef },
    base: { ref: pr.baseRef, sha: baseSha, repo: repoRef },
  };
}

/** The issue view of a pull request (`issue` in issue_comment payloads, `GET /issues/{n}`). */
export function pullAsIssueJson(core: EmulatorCore, repo: RepoRecord, pr: PullRecord): Record<string, unknown> {
  const { urls, world } = core;
  const api = repoApi(urls, repo);
  const html = repoHtml(urls, repo);
  const issueApi = `${api}/issues/${String(pr.number)}`;
  return {
    url: issueApi,
    repository_url: api,
    labels_url: `${issueApi}/labels{/name}`,
    comments_url: `${issueApi}/comments`,
    events_url: `${issueApi}/events`,
    html_url: `${html}/pull/${String(pr.number)}`,
    id: pr.issueId,
    node_id: pr.issueNodeId,
    number: pr.number,
    title: pr.title,
    user: simpleUser(urls, pr.user),
    labels: [],
    state: pr.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === pr.number).length,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    author_association: world.authorAssociation(repo, pr.user.login),
    active_lock_reason: null,
    draft: pr.draft,
    pull_request: {
      url: `${api}/pulls/${String(pr.number)}`,
      html_url: `${html}/pull/${String(pr.number)}`,
      diff_url: `${html}/pull/${String(pr.number)}.diff`,
      patch_url: `${html}/pull/${String(pr.number)}.patch`,
      merged_at: pr.mergedAt,
    },
    body: pr.body,
    performed_via_github_app: null,
    state_reason: pr.state === "closed" ? (pr.mergedAt === null ? "not_planned" : "completed") : null,
  };
}
