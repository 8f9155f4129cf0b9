/** Check runs: the rich status surface on the source commit. Only GitHub Apps can write them. */

export type CheckConclusion = "action_required" | "cancelled" | "failure" | "neutral" | "success" | "skipped" | "timed_out";

/** A run is either still going or completed with a conclusion; never both. */
export type CheckRunState =
  | { readonly status: "queued" | "in_progress"; readonly conclusion?: never }
  | { readonly status: "completed"; readonly conclusion: CheckConclusion };

export interface CheckAnnotation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

/**
 * A button. GitHub shows at most 3, and only on a completed run; label and identifier are at
 * most 20 characters, description at most 40.
 */
export interface CheckAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

export type CheckRunReport = CheckRunState & {
  /** Shown in the checks list, e.g. `canary-bot: test/podinfo`. */
  readonly name: string;
  readonly headSha: string;
  /** The rollout this run reports on; with name and head SHA it identifies the run. */
  readonly externalId: string;
  readonly title: string;
  /** Markdown. Longer than GitHub's limit → `fallbackSummary`, else cut with a note. */
  readonly summary: string;
  /** A shorter summary for when `summary` exceeds GitHub's limit. */
  readonly fallbackSummary?: string;
  readonly text?: string;
  /**
   * Every annotation of this run so far. GitHub only appends annotations, so an update sends
   * only those beyond the count the run already has.
   */
  readonly annotations?: readonly CheckAnnotation[];
  readonly actions?: readonly CheckAction[];
  readonly detailsUrl?: string;
  /** Epoch milliseconds. */
  readonly startedAt?: number;
  readonly completedAt?: number;
};

export interface CheckRunRef {
  readonly id: number;
  readonly url: string;
  /** `unchanged`: the run already showed exactly this, nothing was written. */
  readonly outcome: "created" | "updated" | "unchanged";
}

export interface ChecksReporter {
  /** Creates the run for (name, head SHA, external id), or updates the one that exists. */
  upsert(report: CheckRunReport): Promise<CheckRunRef>;
}
