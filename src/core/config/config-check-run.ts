/**
 * What a broken `.github/canary-bot.yml` looks like in GitHub: a failing check run on the
 * branch head with every problem as `file:line:column: field: message` and as an
 * annotation on the line, so the fix is one click away. Shape of ports/checks.ts (which core
 * may not import), so the engine hands it to the checks reporter as it is.
 */
import { formatSpecIssue, type SpecIssue } from "../errors.js";

export const CONFIG_CHECK_NAME = "canary-bot: configuration";

export interface ConfigCheckAnnotation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

export interface ConfigCheckRun {
  readonly name: string;
  readonly status: "completed";
  readonly conclusion: "failure";
  readonly title: string;
  readonly summary: string;
  readonly annotations: readonly ConfigCheckAnnotation[];
}

/** GitHub takes at most 50 annotations per request; more than that is noise anyway. */
const MAX_ANNOTATIONS = 50;

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? "" : "s"}`;
}

export function configCheckRun(file: string, issues: readonly SpecIssue[]): ConfigCheckRun {
  const errors = issues.filter((i) => i.severity === "error");
  const shown = errors.length > 0 ? errors : issues;
  const lines = shown.map(formatSpecIssue);
  const fence = "```";
  const summary = [
    `canary-bot could not read \`${file}\`, so it does not act on this repository's Canaries until the file is fixed.`,
    "",
    `${fence}text`,
    ...lines,
    fence,
    "",
    "Fix the file on the repository's default branch; the bot reads it again with the next push. Every setting is described in the canary-bot documentation (docs/app.md, \"Repository configuration\").",
  ].join("\n");
  return {
    name: CONFIG_CHECK_NAME,
    status: "completed",
    conclusion: "failure",
    title: `${plural(errors.length, "problem")} in ${file}`,
    summary,
    annotations: shown.slice(0, MAX_ANNOTATIONS).map((issue) => ({
      path: issue.location.file,
      startLine: issue.location.line,
      endLine: issue.location.line,
      level: issue.severity === "error" ? "failure" : "warning",
      title: issue.field,
      message: issue.message,
    })),
  };
}
