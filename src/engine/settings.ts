import type { PermissionLevel } from "../ports/permissions.js";
import type { MergeMethod } from "../ports/pull-requests.js";

/** How one Canary is run in one repository: the repository configuration, resolved. */
export interface CanarySettings {
  readonly promotionGate: "webhooks" | "pull-request";
  /** People and teams who approve promotion; none = CODEOWNERS of the Canary's files, else anyone with the permission. */
  readonly approvers: { readonly users: readonly string[]; readonly teams: readonly string[] };
  readonly mergeMethod: MergeMethod;
  /** Minimum role for `/canary` commands, buttons and promotion approvals. */
  readonly commandPermission: PermissionLevel;
  readonly gitops: {
    readonly tool: "flux" | "argocd" | "none";
    readonly name?: string;
    readonly namespace?: string;
    /** Named cluster on the bot side; absent = the bot's default cluster, if any. */
    readonly cluster?: string;
    /** Without cluster access: how long after a commit a step is assumed applied. */
    readonly applyDelayMs?: number;
    readonly nudge: boolean;
  };
  readonly metricsServer?: string;
}

/** The repository's configuration as the engine uses it. */
export interface RepoSettings {
  /** Tracked branch. */
  readonly branch: string;
  /** Paths scanned for specs (empty = the whole repository). */
  readonly paths: readonly string[];
  forCanary(canary: string): CanarySettings;
}

export const DEFAULT_CANARY_SETTINGS: CanarySettings = {
  promotionGate: "webhooks",
  approvers: { users: [], teams: [] },
  mergeMethod: "merge",
  commandPermission: "write",
  gitops: { tool: "none", nudge: true },
};
