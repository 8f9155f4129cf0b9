import type { MetricOutcome, RolloutRecord, StepRecord, WebhookOutcome } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { RenderLinks } from "./context.js";
import { attr, cell, formatValue, shortSha, utcTime } from "./format.js";

function metricCell(outcome: MetricOutcome | undefined): string {
  if (!outcome) return "—";
  const title = attr(
    `window ${outcome.window} · evaluated ${utcTime(outcome.evaluatedAt)} UTC${outcome.reason ? ` · ${outcome.reason}` : ""}`,
  );
  switch (outcome.status) {
    case "pass":
      return `<abbr title="${title}">${formatValue(outcome.value ?? 0)}</abbr> ✔`;
    case "fail":
      return `<abbr title="${title}">${formatValue(outcome.value ?? 0)}</abbr> ✘`;
    case "no-data":
      return `<abbr title="${title}">no data</abbr> ✘`;
    case "error":
      return `<abbr title="${title}">error</abbr> ✘`;
  }
}

function webhookCell(outcomes: readonly WebhookOutcome[]): string {
  if (outcomes.length === 0) return "—";
  return outcomes
    .map((o) => {
      const prefix = o.type === "rollout" ? "" : `${o.type} `;
      const mark = o.ok ? "✔" : `✘${o.status !== undefined ? ` ${String(o.status)}` : ""}`;
      const time = o.durationMs >= 100 ? ` ${formatValue(o.durationMs / 1000)} s` : "";
      return `${prefix}\`${o.name}\` ${mark}${time}`;
    })
    .join(", ");
}

function commitCell(step: StepRecord, links: RenderLinks): string {
  const commit = step.commit;
  const unverified = commit?.verified === false ? " ⚠ not verified" : "";
  if (!commit?.sha) return cell(step.note) + unverified;
  const label = `\`${shortSha(commit.sha)}\``;
  const link = links.commit ? `[${label}](${links.commit(commit.sha)})` : label;
  return `${link} ${cell(step.note)}${unverified}`;
}

/** The metric columns: the Canary's metrics in spec order, with their thresholds. */
export function metricColumns(canary: ResolvedCanary, record: RolloutRecord): { name: string; header: string }[] {
  return canary.analysis.metrics.map((metric) => {
    const sample = record.steps.flatMap((s) => s.metrics).find((m) => m.name === metric.name && m.threshold);
    return { name: metric.name, header: sample?.threshold ? `${metric.name} (${sample.threshold})` : metric.name };
  });
}

/** Rows of the step table; `keep` limits the rows to the first and last ones when space is short. */
export function renderStepTable(
  canary: ResolvedCanary,
  record: RolloutRecord,
  links: RenderLinks,
  keep?: number,
): string {
  const columns = metricColumns(canary, record);
  const weightLabel = canary.strategy === "ab-testing" || canary.strategy.startsWith("blue-green") ? "traffic" : "weight";
  const header = `| step | time (UTC) | ${weightLabel} | ${columns.map((c) => cell(c.header)).join(" | ")}${columns.length ? " | " : ""}webhooks | commit |`;
  const align = `|---:|---|---:|${columns.map(() => "---:|").join("")}---|---|`;
  let steps: readonly (StepRecord | "gap")[] = record.steps;
  if (keep !== undefined && record.steps.length > keep) {
    const head = Math.ceil(keep / 2);
    const tail = keep - head;
    steps = [...record.steps.slice(0, head), "gap", ...record.steps.slice(record.steps.length - tail)];
  }
  const rows = steps.map((step) => {
    if (step === "gap") {
      const omitted = record.steps.length - (keep ?? 0);
      return `| … | ${String(omitted)} steps omitted | | ${columns.map(() => " |").join("")} | |`;
    }
    const traffic = step.traffic.mirrored
      ? `${String(step.traffic.canaryWeight)} % + mirror`
      : `${String(step.traffic.canaryWeight)} %`;
    const metrics = columns.map((c) => metricCell(step.metrics.find((m) => m.name === c.name)));
    return `| ${String(step.index)} | ${utcTime(step.at)} | ${traffic} | ${metrics.join(" | ")}${metrics.length ? " | " : ""}${webhookCell(step.webhooks)} | ${commitCell(step, links)} |`;
  });
  return [header, align, ...rows].join("\n");
}
