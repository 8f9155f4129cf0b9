/** The repository as the Git contract sees it: file contents in, file changes out. */
import type { SpecIssue } from "../errors.js";

export interface RepoFile {
  /** Repository-relative path with forward slashes, e.g. `apps/podinfo/deployment.yaml`. */
  readonly path: string;
  readonly content: string;
}

export interface FileChange {
  readonly path: string;
  /** New content; `null` deletes the file. */
  readonly content: string | null;
}

export type GitopsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SpecIssue[] };

export function ok<T>(value: T): GitopsResult<T> {
  return { ok: true, value };
}

export function fail<T>(issues: readonly SpecIssue[]): GitopsResult<T> {
  return { ok: false, issues };
}
