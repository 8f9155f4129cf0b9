import type { PermissionLevel, RepoRole } from "./state/records.js";

export interface UserSeed {
  readonly login: string;
  readonly name?: string;
  readonly email?: string;
}

export interface TeamSeed {
  readonly slug: string;
  readonly name?: string;
  readonly members?: Readonly<Record<string, "member" | "maintainer">>;
  /** Repository name (in this org) → role the team grants. */
  readonly repos?: Readonly<Record<string, RepoRole>>;
}

export interface OrgSeed {
  readonly login: string;
  /** `admin` is an organization owner (admin on every repository); `member` gets read. */
  readonly members?: Readonly<Record<string, "admin" | "member">>;
  readonly teams?: readonly TeamSeed[];
}

export interface ProtectionSeed {
  /** Default true: refs only move through merged pull requests (GitHub's "require a pull request" rule). */
  readonly requirePullRequest?: boolean;
  readonly requiredApprovingReviews?: number;
  /** Logins allowed to bypass the rules; the app's bot login is `<slug>[bot]`. */
  readonly bypass?: readonly string[];
  readonly allowForcePushes?: boolean;
  readonly allowDeletions?: boolean;
}

export interface RepoSeed {
  readonly owner: string;
  readonly name: string;
  readonly defaultBranch?: string;
  readonly private?: boolean;
  readonly description?: string;
  /** Files of the first commit on the default branch (none: the repository starts empty). */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  readonly collaborators?: Readonly<Record<string, RepoRole>>;
  /** Branch name → protection. */
  readonly protection?: Readonly<Record<string, ProtectionSeed>>;
}

export interface AppSeed {
  readonly id?: number;
  readonly slug?: string;
  readonly name?: string;
  /** PEM (PKCS#1 or PKCS#8). Without it the emulator generates an RSA key. */
  readonly privateKey?: string;
  readonly permissions?: Readonly<Record<string, PermissionLevel>>;
  /** Webhook events the app subscribes to (installation events are always sent). */
  readonly events?: readonly string[];
  readonly owner?: string;
}

export interface InstallationSeed {
  readonly id?: number;
  readonly account: string;
  /** `all` (default) or repository names owned by the account. */
  readonly repositories?: "all" | readonly string[];
  readonly permissions?: Readonly<Record<string, PermissionLevel>>;
  readonly events?: readonly string[];
}

export interface EmulatorLogEvent {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface GitHubEmulatorOptions {
  readonly app?: AppSeed;
  readonly users?: readonly UserSeed[];
  readonly orgs?: readonly OrgSeed[];
  readonly repos?: readonly RepoSeed[];
  /** Default: one installation per repository owner, on all of its repositories. */
  readonly installations?: readonly InstallationSeed[];
  readonly webhooks?: { readonly url?: string; readonly secret?: string };
  /** Primary rate limit per identity and hour (REST `core` and `graphql` budgets). */
  readonly rateLimit?: { readonly core?: number; readonly graphql?: number };
  /** Seed of the random source used by probabilistic faults and latency jitter. */
  readonly seed?: number;
  /** Clock for timestamps, token expiry and rate-limit windows. */
  readonly now?: () => Date;
  /** Receives notable events (unknown endpoints, failed deliveries); default: stderr for warnings. */
  readonly log?: (event: EmulatorLogEvent) => void;
  /** Reject request bodies that do not match GitHub's OpenAPI description (default true). */
  readonly validateRequests?: boolean;
  /** Base of `html_url` links (default `https://github.com`). */
  readonly htmlUrl?: string;
  /** Where the bare repositories live (default: a new temporary directory, removed on close). */
  readonly directory?: string;
}

export const DEFAULT_APP_PERMISSIONS: Readonly<Record<string, PermissionLevel>> = {
  metadata: "read",
  contents: "write",
  pull_requests: "write",
  checks: "write",
  statuses: "read",
  issues: "write",
  members: "read",
};

export const DEFAULT_APP_EVENTS: readonly string[] = [
  "push",
  "pull_request",
  "pull_request_review",
  "issue_comment",
  "check_run",
  "check_suite",
  "status",
];
