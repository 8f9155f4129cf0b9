import type { RolloutRecord } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import { renderChart } from "./chart.js";
import type { RenderContext } from "./context.js";
import { formatDuration, progressBar, shortSha } from "./format.js";
import { headline, isFinished } from "./rollout-status.js";
import { renderStepTable } from "./step-table.js";

/** GitHub's limit for a check run's summary and text, counted in UTF-8 bytes to be safe. */
export const CHECK_OUTPUT_LIMIT = 65_535;

export interface CheckRunAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: "promote" | "rollback" | "pause" | "resume" | "retry";
}

export interface CheckRunView {
  readonly name: string;
  readonly status: "in_progress" | "completed";
  readonly conclusion?: "success" | "failure" | "neutral" | "action_required";
  readonly title: string;
  readonly summary: string;
  readonly actions: readonly CheckRunAction[];
}

export function checkRunName(canary: Pick<ResolvedCanary, "namespace" | "name">): string {
  return `canary-bot: ${canary.namespace}/${canary.name}`;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function actionsFor(record: RolloutRecord): CheckRunAction[] {
  if (record.phase === "Failed") return [{ label: "Retry", description: "Run this revision's rollout again", identifier: "retry" }];
  if (isFinished(record)) return [];
  const pause: CheckRunAction = record.paused
    ? { label: "Resume", description: "Continue the rollout", identifier: "resume" }
    : { label: "Pause", description: "Hold the rollout at this step", identifier: "pause" };
  return [
    { label: "Promote now", description: "Skip the remaining analysis", identifier: "promote" },
    { label: "Roll back", description: "Route all traffic to the primary", identifier: "rollback" },
    pause,
  ];
}

function statusOf(record: RolloutRecord): Pick<CheckRunView, "status" | "conclusion"> {
  switch (record.phase) {
    case "Succeeded":
      return { status: "completed", conclusion: "success" };
    case "Failed":
      return { status: "completed", conclusion: "failure" };
    case "Initialized":
    case "Terminated":
      return { status: "completed", conclusion: "neutral" };
    // A completed run is the only kind GitHub shows buttons on, so a gate waiting for people is
    // reported as `action_required`: the Promote / Roll back buttons then appear.
    case "WaitingPromotion":
    case "Waiting":
      return { status: "completed", conclusion: "action_required" };
    case "Initializing":
    case "Progressing":
    case "Promoting":
    case "Finalising":
    case "Terminating":
      return record.paused ? { status: "completed", conclusion: "action_required" } : { status: "in_progress" };
  }
}

function phaseLine(canary: ResolvedCanary, record: RolloutRecord, ctx: RenderContext): string {
  const what = ctx.versions ? `${canary.targetRef.name} ${ctx.versions.from} → ${ctx.versions.to}` : `${canary.namespace}/${canary.name}`;
  const state: Record<RolloutRecord["phase"], string> = {
    Initializing: "initializing",
    Initialized: "initialized",
    Waiting: "waiting for approval",
    Progressing: `${canary.strategy} in progress`,
    WaitingPromotion: "waiting for promotion approval",
    Promoting: "promoting",
    Finalising: "finalising",
    Succeeded: "promoted",
    Failed: "rolled back",
    Terminating: "terminating",
    Terminated: "terminated",
  };
  return `### ${what} · ${record.paused ? "paused" : state[record.phase]}`;
}

function progressLine(record: RolloutRecord, ctx: RenderContext): string {
  const parts = [
    `\`${progressBar(record.traffic.canaryWeight)}\` ${String(record.traffic.canaryWeight)}% of traffic on the canary`,
  ];
  if (record.traffic.mirrored) parts.push("primary traffic mirrored to the canary");
  if (ctx.nextTickAt !== undefined && !isFinished(record)) parts.push(`next step in ${formatDuration(ctx.nextTickAt - ctx.now)}`);
  const pr = record.source?.pullRequest;
  if (pr) parts.push(ctx.links.pullRequest ? `[PR #${String(pr.number)}](${ctx.links.pullRequest(pr.number)})` : `PR #${String(pr.number)}`);
  const line = parts.join(" · ");
  return ctx.waiting !== undefined && !isFinished(record) ? `${line}\n\n⏳ ${ctx.waiting}` : line;
}

function footer(record: RolloutRecord, ctx: RenderContext): string[] {
  const lines: string[] = [];
  const committed = record.steps.filter((s) => s.commit);
  const unverified = committed.filter((s) => s.commit?.verified === false).length;
  if (ctx.appliedVia) {
    lines.push(`Applied: each step was measured only after ${ctx.appliedVia} applied its commit.`);
  } else if (committed.length > 0) {
    lines.push(
      `Applied: no cluster access is configured, so each step waited a fixed delay after its commit; ${String(unverified)} step${unverified === 1 ? " is" : "s are"} marked ⚠ not verified.`,
    );
  }
  if (ctx.approvers) lines.push(`Gates: promotion needs an approving review by ${ctx.approvers}.`);
  const link = (n: number, label: string) => (ctx.links.pullRequest ? `[${label} #${String(n)}](${ctx.links.pullRequest(n)})` : `${label} #${String(n)}`);
  if (ctx.promotionPr !== undefined) lines.push(`Promotion: ${link(ctx.promotionPr, "promotion PR")}.`);
  if (record.phase === "Failed") {
    const parts = [`Rolled back: ${record.failureReason ?? "analysis failed"}.`, "Traffic is back on the primary."];
    if (ctx.rollbackCommit) {
      const sha = `\`${shortSha(ctx.rollbackCommit)}\``;
      parts.push(`Rollback commit ${ctx.links.commit ? `[${sha}](${ctx.links.commit(ctx.rollbackCommit)})` : sha}.`);
    }
    if (ctx.revertPr !== undefined) parts.push(`Merge ${link(ctx.revertPr, "revert PR")} so Git says so too.`);
    lines.push(parts.join(" "));
  }
  return lines;
}

/** The check run `canary-bot: <ns>/<name>`: title, markdown summary and buttons, within GitHub's limits. */
export function renderCheckRun(canary: ResolvedCanary, record: RolloutRecord, ctx: RenderContext): CheckRunView {
  const build = (keep?: number) => {
    const chart = renderChart(canary, record);
    return [
      phaseLine(canary, record, ctx),
      "",
      progressLine(record, ctx),
      "",
      renderStepTable(canary, record, ctx.links, keep),
      ...(chart && keep === undefined ? ["", chart] : []),
      "",
      ...footer(record, ctx),
    ].join("\n");
  };
  let summary = build();
  for (let keep = 200; byteLength(summary) > CHECK_OUTPUT_LIMIT && keep >= 2; keep = Math.floor(keep / 2)) {
    summary = build(keep);
  }
  return {
    name: checkRunName(canary),
    ...statusOf(record),
    title: headline(record, ctx.outline),
    summary,
    actions: actionsFor(record),
  };
}
