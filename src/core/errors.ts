import type { SourceLocation } from "./spec/model.js";

/**
 * Errors that cross module boundaries. Adapters translate library errors into these, so core
 * and engine never see Octokit or Kubernetes client types.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;
}

/** One problem in a user's file, reported as `file:line:column: field: message`. */
export interface SpecIssue {
  readonly location: SourceLocation;
  /** Field path, e.g. `spec.analysis.stepWeights[2]`. */
  readonly field: string;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export function formatSpecIssue(issue: SpecIssue): string {
  const { file, line, column } = issue.location;
  return `${file}:${String(line)}:${String(column)}: ${issue.field}: ${issue.message}`;
}

/** User-fixable: shown in the check run, never retried. */
export class SpecError extends AppError {
  readonly code = "spec";
  readonly retryable = false;
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[]) {
    super(issues.map(formatSpecIssue).join("\n"));
    this.name = "SpecError";
    this.issues = issues;
  }
}

/** The branch head moved: re-read and re-plan, never force. */
export class ConflictError extends AppError {
  readonly code = "conflict";
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConflictError";
  }
}

/** 5xx, 429, network: retried with backoff, never a failed rollout by itself. */
export class TransientError extends AppError {
  readonly code = "transient";
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransientError";
    this.retryAfterMs = retryAfterMs;
  }
}

/** GitHub (or the cluster) refused a write for a reason a person must fix: protection, permission. */
export class ForbiddenError extends AppError {
  readonly code = "forbidden";
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ForbiddenError";
  }
}

/** A bug: an invariant of ours was broken. */
export class InvariantError extends AppError {
  readonly code = "invariant";
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = "InvariantError";
  }
}
