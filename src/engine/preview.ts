import { formatSpecIssue } from "../core/errors.js";
import { planRollout } from "../core/outline/plan-rollout.js";
import { describeSteps } from "../core/render/plan-line.js";
import { formatDuration } from "../core/render/format.js";
import type { PreviewRequest } from "../ports/work-queue.js";
import { toAnnotation } from "./config-check.js";
import type { EngineDeps } from "./engine-deps.js";
import { SETTINGS_PATHS, readNamedFiles, readSnapshot } from "./read-snapshot.js";
import type { RepoPorts } from "./repo-ports.js";

/**
 * The `canary-bot: plan` check on an open PR: validates every spec at the PR's head (failing
 * the check, with annotations on the exact lines, when one is invalid) and says what merging
 * will do for each Canary: strategy, steps, minimum duration, gates.
 */
export async function previewPullRequest(deps: EngineDeps, ports: RepoPorts, preview: PreviewRequest): Promise<void> {
  const defaultHead = await ports.repository.headOf(ports.defaultBranch);
  const configFiles = defaultHead ? await readNamedFiles(ports.repository, defaultHead, SETTINGS_PATHS) : new Map<string, string>();
  const { settings, issues: configIssues } = deps.loadSettings(ports, configFiles);
  const snapshot = await readSnapshot(ports.repository, preview.headSha, settings.paths);
  const issues = [...configIssues, ...snapshot.index.issues];
  const errors = issues.filter((i) => i.severity === "error");
  const sections: string[] = [];
  // With an unreadable configuration there are no per-Canary settings: the check fails on its
  // issues, and the specs are still checked with the default gate.
  const configValid = !configIssues.some((i) => i.severity === "error");
  for (const canary of snapshot.index.canaries) {
    const key = `${canary.namespace}/${canary.name}`;
    const gate = configValid ? settings.forCanary(key).gates.promotion : "webhooks";
    const result = planRollout(canary, snapshot.index, { promotionGate: gate });
    if ("issues" in result) {
      issues.push(...result.issues);
      errors.push(...result.issues.filter((i) => i.severity === "error"));
      continue;
    }
    const plan = result.plan;
    const gates = plan.gates.length ? plan.gates.map((g) => g.type).join(", ") : "none";
    sections.push(
      [
        `**\`${key}\`** (${canary.file}) · ${describeSteps({ strategy: plan.strategy, weights: plan.weights, iterations: plan.iterations, intervalSeconds: plan.intervalSeconds, totalSteps: plan.analysisSteps, minDurationMs: plan.minDurationMs, rollbackAfterMs: plan.rollbackAfterMs, threshold: plan.threshold })}`,
        `- at least ${formatDuration(plan.minDurationMs)} to promote; rolls back after ${formatDuration(plan.rollbackAfterMs)} of failing checks (threshold ${String(plan.threshold)})`,
        `- gates: ${gates}${gate === "pull-request" ? " · promotion after an approving review on the promotion PR" : ""}`,
        ...(plan.needsBootstrap ? ["- not bootstrapped yet: merging opens a bootstrap PR first"] : []),
        `- writes: ${plan.writes.map((w) => `\`${w.path}\``).join(", ")}`,
      ].join("\n"),
    );
  }
  const title = errors.length
    ? `${String(errors.length)} invalid spec${errors.length === 1 ? "" : "s"}: fix before merging`
    : `${String(snapshot.index.canaries.length)} Canar${snapshot.index.canaries.length === 1 ? "y" : "ies"} valid`;
  await ports.checks.upsert({
    name: "canary-bot: plan",
    headSha: preview.headSha,
    externalId: `preview/${String(preview.pullNumber)}`,
    status: "completed",
    conclusion: errors.length ? "failure" : "success",
    title,
    summary: [
      errors.length ? "These problems must be fixed before this PR is merged:" : "What merging this PR will do:",
      "",
      ...(errors.length ? issues.map((i) => `- \`${formatSpecIssue(i)}\``) : sections),
    ].join("\n"),
    annotations: issues.map(toAnnotation),
  });
}
