import { configCheckRun } from "../core/config/config-check-run.js";
import { REPO_CONFIG_PATH } from "../core/config/repo-config.js";
import type { SpecIssue } from "../core/errors.js";
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
  const run = configCheckRun(REPO_CONFIG_PATH, issues);
  await ports.checks.upsert({ ...run, headSha: sha, externalId: "configuration" });
}
