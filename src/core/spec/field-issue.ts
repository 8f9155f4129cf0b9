import type { SpecIssue } from "../errors.js";
import { formatFieldPath } from "./field-path.js";
import type { FieldPath } from "./field-path.js";
import type { Locate } from "./yaml-documents.js";

/** An issue about a field of one document, before it is given a file position. */
export interface FieldIssue {
  readonly path: FieldPath;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export function locateIssues(issues: readonly FieldIssue[], locate: Locate): SpecIssue[] {
  return issues.map((issue) => ({
    location: locate(issue.path),
    field: formatFieldPath(issue.path),
    message: issue.message,
    severity: issue.severity,
  }));
}
