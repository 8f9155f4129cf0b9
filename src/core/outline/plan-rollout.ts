/**
 * `planRollout(canary, index?)`: the rollout the engine runs for a Canary when every check
 * passes, step by step, with the HTTPRoute each step commits, the gates, the timing and the files
 * it writes. The steps come from driving the real state machine (`driveRollout`).
 */
import { describeThreshold } from "../analysis/assess-metric.js";
import { isBuiltinMetricName } from "../analysis/builtin-queries.js";
import type { SpecIssue } from "../errors.js";
import { generatedFilePath } from "../gitops/generated-file.js";
import { primaryName } from "../gitops/primary-objects.js";
import type { CommitIntent, TrafficState } from "../machine/types.js";
import { canaryRevision } from "../revision/canary-revision.js";
import { findObject } from "../spec/canary-references.js";
import { valueAt } from "../spec/field-path.js";
import type { ResolvedCanary, ResolvedMetric } from "../spec/model.js";
import type { RepositoryIndex } from "../spec/repository-index.js";
import { driveRollout } from "./drive-rollout.js";
import type { DrivenRollout } from "./drive-rollout.js";
import { plannedGates, unusedHooks } from "./gates.js";
import { plannedRoute } from "./planned-route.js";
import { stageOf } from "./stage.js";
import { summarise } from "./summary.js";
import type { PlannedMetric, PlannedStep, PlanOptions, RolloutPlan } from "./types.js";
import { adoptedRoute, needsBootstrap, plannedWrites } from "./writes.js";

export type PlanResult = { readonly plan: RolloutPlan } | { readonly issues: readonly SpecIssue[] };

/** Shown in commit subjects when the repository is not at hand to compute the real revision. */
export const PLACEHOLDER_REVISION = "next";

function trafficOf(intent: CommitIntent): TrafficState | undefined {
  switch (intent.type) {
    case "route":
    case "route-to-canary":
    case "finalise":
    case "rollback":
      return intent.traffic;
    case "scale-up-canary":
    case "promote":
      return undefined;
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** As the engine reads it from Git: the primary's replicas, else the autoscaler's minReplicas, else 1. */
function canaryReplicas(canary: ResolvedCanary, index: RepositoryIndex | undefined): number {
  if (index === undefined) return 1;
  const namespace = canary.namespace === "" ? undefined : canary.namespace;
  const generated = generatedFilePath(canary);
  const primary = index.objects.find((o) => o.file === generated && o.kind === "Deployment" && o.name === primaryName(canary.targetRef.name));
  const fromPrimary = positive(valueAt(primary?.manifest, ["spec", "replicas"]));
  if (fromPrimary !== undefined) return fromPrimary;
  if (canary.autoscalerRef !== undefined) {
    const hpa = findObject(index.objects, "HorizontalPodAutoscaler", canary.autoscalerRef.name, namespace);
    return positive(valueAt(hpa?.manifest, ["spec", "minReplicas"])) ?? 1;
  }
  return 1;
}

function plannedMetric(metric: ResolvedMetric): PlannedMetric {
  const threshold = describeThreshold(metric);
  const source = isBuiltinMetricName(metric.name) ? "builtin" : metric.query !== undefined ? "query" : "template";
  return {
    name: metric.name,
    ...(threshold === undefined ? {} : { threshold }),
    ...(metric.thresholdRange === undefined ? {} : { thresholdRange: metric.thresholdRange }),
    interval: metric.interval,
    source,
    ...(source === "template" && metric.templateRef !== undefined ? { templateRef: { namespace: metric.templateRef.namespace, name: metric.templateRef.name } } : {}),
  };
}

function issue(canary: ResolvedCanary, field: string, message: string): SpecIssue {
  return { location: canary.location, field, message, severity: "error" };
}

function incomplete(canary: ResolvedCanary, driven: DrivenRollout): SpecIssue {
  const last = driven.last;
  const where = last === undefined ? "before its first decision" : `in phase ${last.phase} (${last.code}: ${last.message})`;
  return issue(canary, "spec.analysis", `the rollout does not reach promotion even when every check passes: it stops ${where}`);
}

export function planRollout(canary: ResolvedCanary, index?: RepositoryIndex, options: PlanOptions = {}): PlanResult {
  const promotionGate = options.promotionGate ?? "webhooks";
  const revision = index === undefined ? undefined : canaryRevision(index, canary);
  const driven = driveRollout(canary, {
    revision: revision?.revision ?? PLACEHOLDER_REVISION,
    canaryReplicas: canaryReplicas(canary, index),
    promotionGate,
  });
  if (!driven.completed) return { issues: [incomplete(canary, driven)] };

  const adopted = adoptedRoute(canary, index);
  const issues: SpecIssue[] = [];
  const steps: PlannedStep[] = driven.steps.map(({ row, code, commit }) => {
    const traffic = commit === undefined ? undefined : trafficOf(commit.intent);
    let route: PlannedStep["route"];
    if (traffic !== undefined) {
      const rendered = plannedRoute(canary, traffic, adopted?.manifest);
      if ("errors" in rendered) {
        const at = adopted === undefined ? canary.location : adopted.location;
        for (const e of rendered.errors) issues.push({ location: at, field: e.field, message: e.message, severity: "error" });
      } else {
        route = rendered.route;
      }
    }
    return {
      index: row.index,
      stage: stageOf(code),
      code,
      phase: row.phase,
      primaryWeight: row.traffic.primaryWeight,
      canaryWeight: row.traffic.canaryWeight,
      mirrored: row.traffic.mirrored,
      iteration: row.iteration,
      note: row.note,
      atMs: row.at - driven.startedAt,
      ...(commit === undefined ? {} : { commit: { subject: commit.subject, trailers: commit.trailers, intent: commit.intent } }),
      ...(route === undefined ? {} : { route }),
    };
  });
  if (issues.length > 0) return { issues: dedupe(issues) };

  const summary = summarise(canary, driven);
  const notes = [...unusedHooks(canary, driven.askedHooks)];
  if (canary.suspend) notes.push("the Canary is suspended: nothing runs until spec.suspend is false");
  if (canary.skipAnalysis) notes.push("skipAnalysis: a new revision is promoted without analysis");
  return {
    plan: {
      canary: { namespace: canary.namespace, name: canary.name, file: canary.file },
      strategy: canary.strategy,
      intervalSeconds: canary.analysis.intervalSeconds,
      threshold: canary.analysis.threshold,
      weights: summary.weights,
      iterations: canary.analysis.iterations ?? 0,
      analysisSteps: summary.analysisSteps,
      minDurationMs: summary.minDurationMs,
      totalDurationMs: summary.totalDurationMs,
      rollbackAfterMs: summary.rollbackAfterMs,
      revision: revision?.revision ?? PLACEHOLDER_REVISION,
      promotionGate,
      gates: plannedGates(canary, driven.askedHooks, promotionGate),
      metrics: canary.analysis.metrics.map(plannedMetric),
      webhooks: canary.analysis.webhooks.map((hook) => ({ name: hook.name, type: hook.type, url: hook.url })),
      steps,
      writes: plannedWrites(canary, index, Object.keys(revision?.trackedConfigs ?? {})),
      needsBootstrap: needsBootstrap(canary, index),
      notes,
    },
  };
}

function dedupe(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.location.file}:${String(i.location.line)}:${i.field}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
