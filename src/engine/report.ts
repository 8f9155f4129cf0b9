import type { RolloutLinks, RolloutRecord } from "../core/machine/types.js";
import { outlineOf } from "../core/outline/outline-of.js";
import { renderCheckRun } from "../core/render/check-run.js";
import type { RenderContext } from "../core/render/context.js";
import { commentKey, renderPrComment } from "../core/render/pr-comment.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { CheckRunState } from "../ports/checks.js";
import type { RepoPorts } from "./repo-ports.js";

export interface ReportInput {
  readonly canary: ResolvedCanary;
  readonly record: RolloutRecord;
  readonly links: RolloutLinks;
  readonly ports: RepoPorts;
  readonly now: number;
  readonly versions?: { readonly from: string; readonly to: string };
  readonly appliedVia?: string;
  readonly approvers?: string;
  readonly nextTickAt?: number;
}

/** The commit the run reports on: the source PR's head (visible on the merged PR), else the source commit. */
export function reportSha(record: RolloutRecord): string | undefined {
  return record.links?.reportSha ?? record.source?.pullRequest?.headSha ?? record.source?.sha;
}

export function renderContext(input: ReportInput): RenderContext {
  const { links } = input;
  return {
    now: input.now,
    links: { ...input.ports.links, ...(links.checkRunUrl ? { checkRun: links.checkRunUrl } : {}) },
    outline: outlineOf(input.canary),
    ...(input.versions ? { versions: input.versions } : {}),
    ...(input.appliedVia ? { appliedVia: input.appliedVia } : {}),
    ...(input.approvers ? { approvers: input.approvers } : {}),
    ...(links.promotionPr !== undefined ? { promotionPr: links.promotionPr } : {}),
    ...(links.revertPr !== undefined ? { revertPr: links.revertPr } : {}),
    ...(links.rollbackCommit !== undefined ? { rollbackCommit: links.rollbackCommit } : {}),
    ...(input.nextTickAt !== undefined ? { nextTickAt: input.nextTickAt } : {}),
    ...(links.waiting !== undefined ? { waiting: links.waiting } : {}),
  };
}

/**
 * Updates the check run on the source commit and the sticky comment on the source PR. Both are
 * upserts (by name + SHA + external id, and by hidden marker), so repeating a report is harmless.
 * Returns the links with the check run's id and URL.
 */
export async function report(input: ReportInput): Promise<RolloutLinks> {
  const { canary, record, ports } = input;
  const sha = reportSha(record);
  if (sha === undefined) return input.links;
  const ctx = renderContext(input);
  const blocked = input.links.blocked;
  const view = renderCheckRun(canary, record, ctx);
  const title = blocked ? `Blocked: GitHub refused the commit · ${view.title}` : view.title;
  const summary = blocked
    ? `> **GitHub refused canary-bot's commit:** ${blocked.reason.replace(/\s*\n\s*/g, " ")}\n>\n> The rollout waits and retries. Let the App write to the branch (a ruleset bypass for the App, see the README), or roll back with \`/canary rollback\`.\n\n${view.summary}`
    : view.summary;
  const state: CheckRunState =
    view.status === "completed" ? { status: "completed", conclusion: view.conclusion ?? "neutral" } : { status: "in_progress" };
  const checkRun = await ports.checks.upsert({
    ...state,
    name: view.name,
    headSha: sha,
    externalId: `${canary.namespace}/${canary.name}`,
    title,
    summary,
    actions: view.actions,
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
    ...(view.status === "completed" && record.finishedAt !== undefined ? { completedAt: record.finishedAt } : {}),
  });
  const links: RolloutLinks = { ...input.links, reportSha: sha, checkRunId: checkRun.id, ...(checkRun.url ? { checkRunUrl: checkRun.url } : {}) };
  const pr = record.source?.pullRequest;
  if (pr) {
    const body = renderPrComment(canary, record, { ...ctx, links: { ...ctx.links, ...(links.checkRunUrl ? { checkRun: links.checkRunUrl } : {}) } });
    await ports.comments.upsertSticky({ issueNumber: pr.number, key: commentKey(canary), body });
  }
  return links;
}
