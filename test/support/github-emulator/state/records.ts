import type { GitStore } from "../git/git-store.js";

/** Repository roles, highest first in {@link ROLE_ORDER}. */
export type RepoRole = "admin" | "maintain" | "write" | "triage" | "read";
export const ROLE_ORDER: readonly RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

export type AccountType = "User" | "Bot" | "Organization";

export interface UserRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly login: string;
  readonly name: string;
  readonly email: string;
  readonly type: AccountType;
}

export interface TeamRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly slug: string;
  readonly name: string;
  readonly org: string;
  readonly members: Map<string, "member" | "maintainer">;
  /** Repository id → role the team grants on it. */
  readonly repos: Map<number, RepoRole>;
}

export interface OrgRecord {
  readonly account: UserRecord;
  readonly members: Map<string, "admin" | "member">;
  readonly teams: Map<string, TeamRecord>;
}

/**
 * Branch protection, expressed as the ruleset GitHub evaluates: refs can only move through a
 * merged pull request unless the actor is on the bypass list.
 */
export interface BranchProtection {
  readonly requirePullRequest: boolean;
  readonly requiredApprovingReviews: number;
  /** Logins that may bypass, e.g. `canary-bot[bot]` for the app. */
  readonly bypass: ReadonlySet<string>;
  readonly allowForcePushes: boolean;
  readonly allowDeletions: boolean;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING" | "DISMISSED";

export interface ReviewRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly user: UserRecord;
  body: string;
  state: ReviewState;
  readonly commitId: string;
  submittedAt: string | undefined;
}

export interface PullRecord {
  readonly id: number;
  readonly nodeId: string;
  /** A pull request is also an issue, with its own id (`issue.id` in issue_comment payloads). */
  readonly issueId: number;
  readonly issueNodeId: string;
  readonly number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  readonly user: UserRecord;
  readonly headRef: string;
  /** Follows the head branch while the PR is open; frozen afterwards. */
  headSha: string;
  baseRef: string;
  /** Base branch head when the PR was closed or merged; undefined while open. */
  closedBaseSha: string | undefined;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: UserRecord | null;
  /** The PR's commits at merge time (GET commits/{sha}/pulls still finds them later). */
  mergedCommits: readonly string[];
  readonly requestedReviewers: Map<string, UserRecord>;
  readonly requestedTeams: Set<string>;
  readonly reviews: ReviewRecord[];
  maintainerCanModify: boolean;
}

export interface IssueCommentRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly issueNumber: number;
  readonly user: UserRecord;
  body: string;
  readonly createdAt: string;
  updatedAt: string;
  /** Set when an app installation wrote the comment. */
  readonly viaAppId: number | undefined;
}

export type CheckStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type CheckConclusion =
  | "action_required"
  | "cancelled"
  | "failure"
  | "neutral"
  | "success"
  | "skipped"
  | "stale"
  | "timed_out";

export interface CheckAnnotation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly startColumn: number | null;
  readonly endColumn: number | null;
  readonly annotationLevel: "notice" | "warning" | "failure";
  readonly title: string | null;
  readonly message: string;
  readonly rawDetails: string | null;
}

export interface CheckAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

export interface CheckRunRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly appId: number;
  readonly suiteId: number;
  readonly headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  readonly annotations: CheckAnnotation[];
  actions: CheckAction[];
  readonly createdAt: string;
}

export type CommitState = "error" | "failure" | "pending" | "success";

export interface StatusRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly sha: string;
  readonly state: CommitState;
  readonly context: string;
  readonly description: string | null;
  readonly targetUrl: string | null;
  readonly creator: UserRecord;
  readonly createdAt: string;
}

export interface CommitVerification {
  readonly verified: boolean;
  readonly reason: "valid" | "unsigned";
  readonly verifiedAt: string | null;
}

export interface RepoRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly owner: UserRecord;
  readonly name: string;
  readonly fullName: string;
  readonly private: boolean;
  readonly defaultBranch: string;
  readonly description: string | null;
  readonly createdAt: string;
  pushedAt: string;
  updatedAt: string;
  readonly store: GitStore;
  readonly collaborators: Map<string, RepoRole>;
  readonly protection: Map<string, BranchProtection>;
  readonly pulls: Map<number, PullRecord>;
  readonly comments: Map<number, IssueCommentRecord>;
  readonly checkRuns: Map<number, CheckRunRecord>;
  /** `${appId}:${headSha}` → check suite id. */
  readonly checkSuites: Map<string, number>;
  readonly statuses: StatusRecord[];
  /** GitHub's web-flow signature for API commits made by the app without author/committer. */
  readonly verification: Map<string, CommitVerification>;
  /** Issue and pull request numbers share one sequence. */
  nextNumber: number;
}

export type PermissionLevel = "read" | "write" | "admin";

export interface InstallationRecord {
  readonly id: number;
  readonly account: UserRecord;
  repositorySelection: "all" | "selected";
  /** Repository ids when the selection is `selected`. */
  readonly repositories: Set<number>;
  permissions: Record<string, PermissionLevel>;
  events: string[];
  readonly createdAt: string;
  suspendedAt: string | null;
}

export interface AppRecord {
  readonly id: number;
  readonly nodeId: string;
  readonly slug: string;
  readonly name: string;
  readonly clientId: string;
  readonly owner: UserRecord;
  readonly botUser: UserRecord;
  readonly privateKey: string;
  readonly permissions: Record<string, PermissionLevel>;
  readonly events: readonly string[];
  readonly createdAt: string;
}
