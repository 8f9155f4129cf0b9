import type { SpecIssue } from "../core/errors.js";
import { formatSpecIssue } from "../core/errors.js";
import type { CheckAnnotation } from "../ports/checks.js";
import type { RepoPorts } from "./repo-ports.js";

export function toAnnotation(issue: SpecIssue): CheckAnnotation {
  return {
    path: issue.location.file,
    startLine: issue.location.line,
    endLine: issue.location.line,
    level: issue.severity === "error" ? "failure" : "warning",
    message: `${issue.field}: ${issue.message}`,
    title: issue.severity === "error" ? "canary-bot: invalid" : "canary-bot: warning",
  };
}

/** A malformed `.github/canary-bot.yml` is a failing check on the default branch head, never a crash. */
export async function reportConfigIssues(ports: RepoPorts, sha: string, issues: readonly SpecIssue[]): Promise<void> {
  const errors = issues.filter((i) => i.severity === "error");
  await ports.checks.upsert({
    name: "canary-bot: config",
    headSha: sha,
    externalId: "config",
    status: "completed",
    conclusion: "failure",
    title: `${String(errors.length)} problem${errors.length === 1 ? "" : "s"} in the canary-bot configuration`,
    summary: [
      "canary-bot cannot run rollouts in this repository until its configuration is fixed:",
      "",
      ...issues.map((i) => `- \`${formatSpecIssue(i)}\``),
    ].join("\n"),
    annotations: issues.map(toAnnotation),
  });
}
