/** What `validate` prints for one loaded repository, as text or as the JSON document. */
import type { SpecIssue } from "../core/errors.js";
import { countObjects, issueCounts, issueText, renderIssues, summaryLine } from "./issue-report.js";
import type { ObjectCounts } from "./issue-report.js";
import type { LoadedDirectory } from "./load-dir.js";
import type { Style } from "./style.js";

export interface IssueJson {
  readonly severity: "error" | "warning";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly field: string;
  readonly message: string;
  /** The issue as the text output prints it. */
  readonly text: string;
}

export interface RepositoryReportJson {
  readonly dir: string;
  readonly files: number;
  readonly objects: ObjectCounts;
  readonly errors: number;
  readonly warnings: number;
  readonly issues: readonly IssueJson[];
}

export function issueJson(issue: SpecIssue): IssueJson {
  const { file, line, column } = issue.location;
  return { severity: issue.severity, file, line, column, field: issue.field, message: issue.message, text: issueText(issue) };
}

export function repositoryReportJson(loaded: LoadedDirectory): RepositoryReportJson {
  const { errors, warnings } = issueCounts(loaded.index.issues);
  return {
    dir: loaded.dir,
    files: loaded.fileCount,
    objects: countObjects(loaded.index),
    errors,
    warnings,
    issues: loaded.index.issues.map(issueJson),
  };
}

export interface TextReportOptions {
  readonly style: Style;
  readonly snippets: boolean;
  /** Name the directory in the summary (several directories were given). */
  readonly named: boolean;
}

export function repositoryReportText(loaded: LoadedDirectory, options: TextReportOptions): string[] {
  const lines = renderIssues(loaded.index.issues, { style: options.style, snippets: options.snippets, contents: loaded.contents });
  const summary = summaryLine(countObjects(loaded.index), loaded.index.issues, options.style);
  if (loaded.fileCount === 0) {
    lines.push(`${options.named ? `${loaded.dir}: ` : ""}no YAML files under ${loaded.dir}`);
    return lines;
  }
  lines.push(options.named ? `${options.style.bold(`${loaded.dir}:`)} ${summary}` : summary);
  return lines;
}
