/**
 * The repository configuration with defaults applied: what the engine reads for one repository
 * (`RepoConfig`) and for one Canary in it (`CanaryConfig`, from `configFor`).
 */
import type { Approvers } from "../authz/approvers.js";
import type { MinimumRole } from "../authz/permission-level.js";
import type { DeclaredConfig, DeclaredOverrides } from "./repo-config-schema.js";

/**
 * Where the configuration lives in a repository. Read from the default branch only, as Probot's
 * config loader does: a pull request cannot change who may approve its own rollout.
 */
export const REPO_CONFIG_PATH = ".github/canary-bot.yml";

export type PromotionGate = "webhooks" | "pull-request";
export type MergeMethod = "merge" | "squash" | "rebase";
export type GitopsTool = "flux" | "argocd" | "none";

export interface GatesConfig {
  readonly promotion: PromotionGate;
  /** Undefined: the CODEOWNERS of the Canary's files, else anyone with `commands.permission`. */
  readonly approvers?: Approvers;
  readonly mergeMethod: MergeMethod;
}

export interface GitopsConfig {
  readonly tool: GitopsTool;
  /** The Kustomization or Application; undefined: discovered from the cluster. */
  readonly name?: string;
  /** Its namespace; set whenever `name` is (the tool's usual namespace by default). */
  readonly namespace?: string;
  /** A cluster configured on the bot's side; undefined: the bot's default cluster. */
  readonly cluster?: string;
  /** Fallback delay without cluster access; undefined: the bot's CANARY_BOT_APPLY_DELAY. */
  readonly applyDelayMs?: number;
  /** Flux only: annotate the Kustomization after each commit so it reconciles at once. */
  readonly nudge: boolean;
}

export interface CommandsConfig {
  readonly permission: MinimumRole;
}

/** Everything that applies to one Canary. */
export interface CanaryConfig {
  readonly branch: string;
  /** Repository-relative directories or files, without leading or trailing `/`; `.` = everything. */
  readonly paths: readonly string[];
  readonly gates: GatesConfig;
  readonly commands: CommandsConfig;
  readonly gitops: GitopsConfig;
  /** Prometheus for builtin metrics; undefined only when neither the file nor the bot sets one. */
  readonly metricsServer?: string;
}

/** What the bot knows before reading the file. */
export interface RepoConfigDefaults {
  /** The repository's default branch (`repository.default_branch`). */
  readonly branch: string;
  /** The bot's CANARY_BOT_METRICS_SERVER. */
  readonly metricsServer?: string;
}

export interface RepoConfig extends CanaryConfig {
  /** The file read, or undefined when the repository has none (all defaults). */
  readonly file: string | undefined;
  /** Per-Canary overrides as written, keyed `namespace/name`; `configFor` applies them. */
  readonly canaries: Readonly<Record<string, DeclaredOverrides>>;
  /** The file's own values (before defaults), so an override resolves like the top level. */
  readonly declared: DeclaredConfig;
  readonly defaults: RepoConfigDefaults;
}
