/**
 * The compact block `canary-bot plan` prints per Canary (UX.md, CLI):
 *
 *   test/podinfo  canary  (apps/podinfo/canary.yaml)
 *     steps     10 → 20 → 30 → 40 → 50 %, interval 1m, then promotion
 *     duration  ≥ 6m to promote · ≥ 5m to roll back (threshold 5)
 *     …
 */
import type { RolloutPlan } from "../core/outline/types.js";
import { formatDuration } from "../core/render/format.js";
import type { HttpMatchRequest, ResolvedCanary, Strategy, StringMatch, WebhookType } from "../core/spec/model.js";
import type { Style } from "./style.js";

const LABEL_WIDTH = 10;
const INDENT = "  ";

export function strategyLabel(strategy: Strategy): string {
  switch (strategy) {
    case "canary":
      return "canary";
    case "canary-session-affinity":
      return "canary with session affinity";
    case "ab-testing":
      return "A/B testing";
    case "blue-green":
      return "blue/green";
    case "blue-green-mirroring":
      return "blue/green with mirroring";
  }
}

/** `6m`, `1m 30s`, `45s`. */
export function compactDuration(ms: number): string {
  return formatDuration(ms).replace(/ s$/, "s");
}

function stringMatch(subject: string, match: StringMatch): string[] {
  const out: string[] = [];
  if (match.exact !== undefined) out.push(`${subject} = ${match.exact}`);
  if (match.prefix !== undefined) out.push(`${subject} starts with ${match.prefix}`);
  if (match.suffix !== undefined) out.push(`${subject} ends with ${match.suffix}`);
  if (match.regex !== undefined) out.push(`${subject} ~ ${match.regex}`);
  return out;
}

function describeMatch(match: HttpMatchRequest): string {
  const conditions: string[] = [];
  if (match.uri !== undefined) conditions.push(...stringMatch("path", match.uri));
  if (match.method !== undefined) conditions.push(...stringMatch("method", match.method));
  for (const [name, value] of Object.entries(match.headers ?? {})) conditions.push(...stringMatch(`header ${name}`, value));
  for (const [name, value] of Object.entries(match.queryParams ?? {})) conditions.push(...stringMatch(`query ${name}`, value));
  return conditions.length === 0 ? "every request" : conditions.join(" and ");
}

function stepsText(plan: RolloutPlan, canary: ResolvedCanary): string {
  const every = `interval ${compactDuration(plan.intervalSeconds * 1000)}`;
  const shifts = plan.steps.filter((s) => s.code === "promotion-traffic-shifted").length;
  const promotion = shifts === 0 ? "then promotion" : `then promotion, traffic back to the primary in ${String(shifts + 1)} steps`;
  if (canary.skipAnalysis) return "analysis skipped: a new revision is promoted right away";
  switch (plan.strategy) {
    case "canary":
    case "canary-session-affinity":
      return `${plan.weights.join(" → ")} %, ${every}, ${promotion}`;
    case "ab-testing":
      return `${String(plan.iterations)} iterations with matching requests on the canary, ${every}, ${promotion}`;
    case "blue-green":
      return `${String(plan.iterations)} iterations with traffic on the primary, then 100 % on the canary for one more, ${every}, ${promotion}`;
    case "blue-green-mirroring":
      return `${String(plan.iterations)} iterations with traffic mirrored to the canary, then 100 % on the canary for one more, ${every}, ${promotion}`;
  }
}

const HOOK_ORDER: readonly WebhookType[] = ["pre-rollout", "rollout", "rollback", "post-rollout", "event"];

function hooksText(plan: RolloutPlan): string[] {
  return HOOK_ORDER.flatMap((type) => plan.webhooks.filter((hook) => hook.type === type).map((hook) => `${type} ${hook.name}`));
}

function gatesText(plan: RolloutPlan): string[] {
  if (plan.gates.length === 0) return ["none: promotion follows the last passed analysis"];
  return plan.gates.map((gate) => (gate.via === "pull-request" ? `${gate.type}: review on the promotion PR` : `${gate.type}: webhook ${gate.name} (${gate.url})`));
}

function affinityText(canary: ResolvedCanary): string | undefined {
  const affinity = canary.analysis.sessionAffinity;
  if (canary.strategy !== "canary-session-affinity" || affinity === undefined) return undefined;
  const primary = affinity.primaryCookieName === undefined ? "" : `; cookie ${affinity.primaryCookieName} keeps them on the primary`;
  return `cookie ${affinity.cookieName} keeps users on the canary for ${compactDuration(affinity.maxAge * 1000)}${primary}`;
}

export function planBlock(plan: RolloutPlan, canary: ResolvedCanary, style: Style): string[] {
  const lines: string[] = [];
  const row = (label: string, values: readonly string[]): void => {
    values.forEach((value, i) => {
      lines.push(`${INDENT}${i === 0 ? style.dim(label.padEnd(LABEL_WIDTH)) : " ".repeat(LABEL_WIDTH)}${value}`);
    });
  };
  const id = `${plan.canary.namespace}/${plan.canary.name}`;
  lines.push(`${style.bold(id)}  ${style.cyan(strategyLabel(plan.strategy))}  (${plan.canary.file})`);
  row("steps", [stepsText(plan, canary)]);
  if (plan.strategy === "ab-testing") row("match", [`${canary.analysis.match.map(describeMatch).join(" or ")} → canary; other requests → primary`]);
  const affinity = affinityText(canary);
  if (affinity !== undefined) row("sticky", [affinity]);
  row("duration", [
    `≥ ${compactDuration(plan.minDurationMs)} to promote · ≥ ${compactDuration(plan.rollbackAfterMs)} to roll back (threshold ${String(plan.threshold)})`,
  ]);
  if (!canary.skipAnalysis) {
    const metrics = plan.metrics.map((m) => `${m.name} ${m.threshold === undefined ? "" : `${m.threshold} `}over ${m.interval}`);
    row("metrics", [metrics.length === 0 ? "none" : metrics.join(" · ")]);
  }
  const hooks = hooksText(plan);
  if (hooks.length > 0) row("webhooks", [hooks.join(" · ")]);
  row("gates", gatesText(plan));
  row(
    "writes",
    plan.writes.map((w) => `${w.path} (${w.owner === "canary-bot" ? "generated: " : ""}${w.objects.join(", ")})`),
  );
  const notes = [...plan.notes];
  if (plan.needsBootstrap) {
    const generated = plan.writes.find((w) => w.owner === "canary-bot")?.path ?? "the generated file";
    notes.unshift(`not bootstrapped yet: the bootstrap PR adds ${generated} first`);
  }
  if (notes.length > 0) row("notes", notes);
  return lines;
}
