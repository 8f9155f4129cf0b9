import type { RolloutRecord } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import { formatValue } from "./format.js";

/**
 * A mermaid xychart of the canary weight and each metric with an upper limit, the metric drawn
 * as a percentage of its limit so that every line shares the 0–100 axis (100 = at the limit).
 */
export function renderChart(canary: ResolvedCanary, record: RolloutRecord, maxPoints = 60): string | undefined {
  const steps = record.steps.slice(-maxPoints);
  if (steps.length < 2) return undefined;
  const limited = canary.analysis.metrics.filter((m) => m.thresholdRange?.max !== undefined && m.thresholdRange.max > 0);
  const lines = [`  line [${steps.map((s) => String(s.traffic.canaryWeight)).join(", ")}]`];
  const legends = ["canary weight (%)"];
  let top = 100;
  for (const metric of limited.slice(0, 3)) {
    const max = metric.thresholdRange?.max ?? 1;
    const points = steps.map((s) => {
      const outcome = s.metrics.find((m) => m.name === metric.name);
      if (outcome?.value === undefined) return 0;
      const pct = (outcome.value / max) * 100;
      return Number(formatValue(Math.max(0, pct)));
    });
    top = Math.max(top, ...points);
    lines.push(`  line [${points.map(String).join(", ")}]`);
    legends.push(`${metric.name} (% of max ${formatValue(max)})`);
  }
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${legends.join(", ")}"`,
    `  x-axis [${steps.map((s) => String(s.index)).join(", ")}]`,
    `  y-axis 0 --> ${String(Math.ceil(top))}`,
    ...lines,
    "```",
  ].join("\n");
}
