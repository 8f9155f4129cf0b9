/** A scenario written for one Canary: names it lists that the Canary does not have are mistakes. */
import type { SpecIssue } from "../errors.js";
import { formatFieldPath } from "../spec/field-path.js";
import type { ResolvedCanary } from "../spec/model.js";
import { suggestKey } from "../spec/zod-issues.js";
import type { Scenario } from "./types.js";

function unknownName(kind: "metric" | "webhook", name: string, known: readonly string[], canary: ResolvedCanary): string {
  const id = `${canary.namespace}/${canary.name}`;
  const suggestion = suggestKey(name, known);
  if (suggestion !== undefined) return `Canary ${id} has no ${kind} ${name}; did you mean ${suggestion}?`;
  const list = known.length === 0 ? `it has no ${kind}s` : `its ${kind}s: ${known.join(", ")}`;
  return `Canary ${id} has no ${kind} ${name} (${list})`;
}

/** Metric and webhook names of the scenario that the Canary's analysis does not configure. */
export function unknownScenarioNames(scenario: Scenario, canary: ResolvedCanary): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const metrics = canary.analysis.metrics.map((m) => m.name);
  const hooks = canary.analysis.webhooks.map((h) => h.name);
  for (const [name, location] of scenario.locations.metrics) {
    if (!metrics.includes(name)) issues.push({ location, field: formatFieldPath(["metrics", name]), message: unknownName("metric", name, metrics, canary), severity: "error" });
  }
  for (const [name, location] of scenario.locations.webhooks) {
    if (!hooks.includes(name)) issues.push({ location, field: formatFieldPath(["webhooks", name]), message: unknownName("webhook", name, hooks, canary), severity: "error" });
  }
  return issues;
}
