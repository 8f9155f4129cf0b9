import type { RenderLinks } from "../core/render/context.js";
import type { ChecksReporter } from "../ports/checks.js";
import type { Comments } from "../ports/comments.js";
import type { Permissions } from "../ports/permissions.js";
import type { PullRequests } from "../ports/pull-requests.js";
import type { Repository } from "../ports/repository.js";
import type { SpecIssue } from "../core/errors.js";
import type { RepoSettings } from "./settings.js";

/** Everything the engine reaches on one repository, for one installation. */
export interface RepoPorts {
  /** `owner/name` */
  readonly repo: string;
  readonly defaultBranch: string;
  readonly repository: Repository;
  readonly checks: ChecksReporter;
  readonly comments: Comments;
  readonly pullRequests: PullRequests;
  readonly permissions: Permissions;
  readonly links: RenderLinks;
  /** Clone URL of the repository, to find which GitOps object applies it. */
  readonly cloneUrl?: string;
  /** Login the bot commits and comments as, e.g. `canary-bot[bot]`. */
  readonly botLogin: string;
}

/** Reads `.github/canary-bot.yml` (or defaults) at a commit; issues name the file and line. */
export type SettingsLoader = (
  ports: RepoPorts,
  files: ReadonlyMap<string, string>,
) => { readonly settings: RepoSettings; readonly issues: readonly SpecIssue[] };
