import type { RolloutRecord } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { RenderContext } from "./context.js";
import { shortSha } from "./format.js";
import { renderStepTable } from "./step-table.js";

export interface PullRequestText {
  readonly title: string;
  readonly body: string;
}

/** Rows kept in PR bodies: the table in short, the check run has every step. */
const PR_TABLE_ROWS = 12;

function prLink(ctx: RenderContext, num: number): string {
  return ctx.links.pullRequest ? `[#${String(num)}](${ctx.links.pullRequest(num)})` : `#${String(num)}`;
}

export function renderPromotionPr(
  canary: ResolvedCanary,
  record: RolloutRecord,
  ctx: RenderContext,
  reviewers: { readonly who: string; readonly why: string },
): PullRequestText {
  const target = ctx.versions?.to ?? record.revision;
  const source = record.source?.pullRequest;
  const body = [
    `Promotes \`${canary.namespace}/${canary.name}\` to **${target}**${source ? ` (from ${prLink(ctx, source.number)})` : ""}.`,
    "",
    "#### What the canary achieved",
    "",
    renderStepTable(canary, record, ctx.links, PR_TABLE_ROWS),
    "",
    ctx.links.checkRun ? `Every step, value and threshold: [check run](${ctx.links.checkRun}).` : "",
    "",
    "#### What merging does",
    "",
    `- the primary \`${canary.targetRef.name}-primary\` gets the canary's pod template;`,
    "- once the primary is ready, traffic goes back to it: 100 / 0;",
    "- the canary is scaled to 0.",
    "",
    "#### Who approves",
    "",
    `Review requested from ${reviewers.who} (${reviewers.why}). An approving review by a person with write access${reviewers.who ? " who is one of them" : ""} is enough: canary-bot checks the reviewer's permission and merges this PR itself. Analysis keeps running while this PR waits; a failure rolls back and closes it.`,
  ].join("\n");
  return { title: `Promote ${canary.namespace}/${canary.name} to ${target}`, body };
}

export function renderRevertPr(canary: ResolvedCanary, record: RolloutRecord, ctx: RenderContext): PullRequestText {
  const source = record.source?.pullRequest;
  const title = source
    ? `Revert "#${String(source.number)} ${source.title}" — canary failed`
    : `Revert ${shortSha(record.source?.sha ?? record.revision)} — canary ${canary.namespace}/${canary.name} failed`;
  const links: string[] = [];
  if (source) links.push(`original PR ${prLink(ctx, source.number)}`);
  if (ctx.links.checkRun) links.push(`[check run](${ctx.links.checkRun})`);
  if (ctx.rollbackCommit) {
    const sha = `\`${shortSha(ctx.rollbackCommit)}\``;
    links.push(`rollback commit ${ctx.links.commit ? `[${sha}](${ctx.links.commit(ctx.rollbackCommit)})` : sha}`);
  }
  const body = [
    `**Why:** ${record.failureReason ?? "the canary analysis failed"}.`,
    "",
    renderStepTable(canary, record, ctx.links, PR_TABLE_ROWS),
    "",
    links.length ? `Links: ${links.join(" · ")}.` : "",
    "",
    `Traffic is already back on the primary: canary-bot committed the rollback. Merging this PR only makes Git say so; it brings \`${canary.targetRef.name}\` back to the primary's revision, which starts no rollout.`,
  ].join("\n");
  return { title, body };
}
