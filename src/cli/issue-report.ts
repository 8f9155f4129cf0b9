/**
 * Issues as the command line shows them: `file:line:column: field: message`, warnings marked
 * `file:line:column: warning: field: message`, and on a terminal the offending line with a caret
 * under the column, as compilers do.
 */
import type { SpecIssue } from "../core/errors.js";
import { formatSpecIssue } from "../core/errors.js";
import type { RepositoryIndex } from "../core/spec/repository-index.js";
import type { Style } from "./style.js";

/** The issue's line as plain text, the same with and without a terminal. */
export function issueText(issue: SpecIssue): string {
  if (issue.severity === "error") return formatSpecIssue(issue);
  const { file, line, column } = issue.location;
  return `${file}:${String(line)}:${String(column)}: warning: ${issue.field}: ${issue.message}`;
}

function styledIssue(issue: SpecIssue, style: Style): string {
  const { file, line, column } = issue.location;
  const position = style.bold(`${file}:${String(line)}:${String(column)}:`);
  if (issue.severity === "error") return `${position} ${style.red(issue.field)}: ${issue.message}`;
  return `${position} ${style.yellow("warning:")} ${issue.field}: ${issue.message}`;
}

/** The source line of the issue and a caret under its column; empty when the file is not at hand. */
export function sourceSnippet(issue: SpecIssue, contents: ReadonlyMap<string, string>, style: Style): string[] {
  const text = contents.get(issue.location.file);
  if (text === undefined) return [];
  const lineText = text.split(/\r?\n/)[issue.location.line - 1];
  if (lineText === undefined) return [];
  const number = String(issue.location.line);
  const gutter = " ".repeat(Math.max(4, number.length + 1) - number.length);
  // Keep tabs so the caret lines up with the character above it.
  const lead = lineText.slice(0, Math.max(0, issue.location.column - 1)).replace(/[^\t]/g, " ");
  const mark = issue.severity === "error" ? style.red("^") : style.yellow("^");
  return [`${gutter}${style.dim(`${number} |`)} ${lineText}`, `${gutter}${" ".repeat(number.length)}${style.dim(" |")} ${lead}${mark}`];
}

export interface IssueReportOptions {
  readonly style: Style;
  /** Show source lines and carets (on a terminal). */
  readonly snippets: boolean;
  readonly contents: ReadonlyMap<string, string>;
}

export function renderIssues(issues: readonly SpecIssue[], options: IssueReportOptions): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    lines.push(options.snippets ? styledIssue(issue, options.style) : issueText(issue));
    if (options.snippets) lines.push(...sourceSnippet(issue, options.contents, options.style));
  }
  return lines;
}

export interface ObjectCounts {
  readonly Canary: number;
  readonly MetricTemplate: number;
  readonly AlertProvider: number;
}

export function countObjects(index: RepositoryIndex): ObjectCounts {
  const count = (kind: keyof ObjectCounts): number => index.objects.filter((o) => o.kind === kind).length;
  return { Canary: count("Canary"), MetricTemplate: count("MetricTemplate"), AlertProvider: count("AlertProvider") };
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

export function issueCounts(issues: readonly SpecIssue[]): { readonly errors: number; readonly warnings: number } {
  const errors = issues.filter((i) => i.severity === "error").length;
  return { errors, warnings: issues.length - errors };
}

/** "3 Canaries, 2 MetricTemplates, 1 AlertProvider: 2 errors, 1 warning". */
export function summaryLine(counts: ObjectCounts, issues: readonly SpecIssue[], style: Style): string {
  const objects = [
    plural(counts.Canary, "Canary", "Canaries"),
    plural(counts.MetricTemplate, "MetricTemplate", "MetricTemplates"),
    plural(counts.AlertProvider, "AlertProvider", "AlertProviders"),
  ].join(", ");
  const { errors, warnings } = issueCounts(issues);
  const verdict: string[] = [];
  if (errors > 0) verdict.push(style.red(plural(errors, "error", "errors")));
  if (warnings > 0) verdict.push(style.yellow(plural(warnings, "warning", "warnings")));
  return `${objects}: ${verdict.length === 0 ? style.green("no issues") : verdict.join(", ")}`;
}
