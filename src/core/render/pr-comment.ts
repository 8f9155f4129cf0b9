import type { RolloutRecord } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { RenderContext } from "./context.js";
import { describePlan } from "./plan-line.js";
import { headline } from "./rollout-status.js";

/** Key of the sticky comment of one Canary on a PR; the comments port turns it into a hidden marker. */
export function commentKey(canary: Pick<ResolvedCanary, "namespace" | "name">): string {
  return `${canary.namespace}/${canary.name}`;
}

function stateIcon(record: RolloutRecord): string {
  if (record.paused) return "⏸";
  switch (record.phase) {
    case "Succeeded":
      return "🟢";
    case "Failed":
      return "🔴";
    case "Waiting":
    case "WaitingPromotion":
      return "⏳";
    case "Initializing":
    case "Initialized":
    case "Progressing":
    case "Promoting":
    case "Finalising":
    case "Terminating":
    case "Terminated":
      return "🟡";
  }
}

function finalLine(record: RolloutRecord, ctx: RenderContext): string | undefined {
  const pr = (n: number, label: string) => (ctx.links.pullRequest ? `[${label} #${String(n)}](${ctx.links.pullRequest(n)})` : `${label} #${String(n)}`);
  if (record.paused) {
    return `Paused by @${record.paused.by}. Comment \`/canary resume\` to continue.`;
  }
  if (record.phase === "Failed" && ctx.revertPr !== undefined) {
    return `Traffic is back on the primary. ${pr(ctx.revertPr, "Revert PR")} makes Git say so.`;
  }
  if (record.phase === "Succeeded" && ctx.promotionPr !== undefined) {
    return `Promoted through ${pr(ctx.promotionPr, "promotion PR")}.`;
  }
  if (record.phase === "WaitingPromotion") {
    const who = ctx.approvers ? ` Approvers: ${ctx.approvers}.` : "";
    return ctx.promotionPr !== undefined
      ? `Waiting for an approving review on ${pr(ctx.promotionPr, "promotion PR")}.${who}`
      : `Waiting for the confirm-promotion gate.${who}`;
  }
  return undefined;
}

/** The one comment canary-bot keeps on the source PR, edited in place. */
export function renderPrComment(canary: ResolvedCanary, record: RolloutRecord, ctx: RenderContext): string {
  const details = ctx.links.checkRun ? ` · [details](${ctx.links.checkRun})` : "";
  const lines = [
    `**canary-bot** · \`${canary.namespace}/${canary.name}\` · ${stateIcon(record)} ${headline(record, ctx.outline)}${details}`,
  ];
  const final = finalLine(record, ctx);
  if (final) lines.push("", final);
  lines.push("<details><summary>Plan</summary>", "", describePlan(ctx.outline, ctx.approvers), "</details>", "");
  const running = record.phase !== "Succeeded" && record.phase !== "Failed";
  const commands = running
    ? ["/canary pause", "/canary promote", "/canary rollback", "/canary resume"].filter((c) => (record.paused ? c !== "/canary pause" : c !== "/canary resume"))
    : record.phase === "Failed"
      ? ["/canary retry"]
      : [];
  if (commands.length) lines.push(`Commands: ${commands.map((c) => `\`${c}\``).join(" · ")}`);
  return lines.join("\n");
}
