/**
 * The JSON document of `canary-bot plan --format json` (schema version 1, docs/cli.md). Fields
 * are listed here one by one, so a change inside the outline cannot change the document by
 * accident.
 */
import type { SpecIssue } from "../core/errors.js";
import type { PlannedGate, PlannedStep, PlannedWrite, RolloutPlan } from "../core/outline/types.js";
import type { IssueJson } from "./validate-report.js";
import { issueJson } from "./validate-report.js";

export const PLAN_SCHEMA_VERSION = 1;

function stepJson(step: PlannedStep): Record<string, unknown> {
  return {
    index: step.index,
    stage: step.stage,
    code: step.code,
    phase: step.phase,
    atMs: step.atMs,
    primaryWeight: step.primaryWeight,
    canaryWeight: step.canaryWeight,
    mirrored: step.mirrored,
    iteration: step.iteration,
    note: step.note,
    commit: step.commit === undefined ? null : { subject: step.commit.subject, trailers: step.commit.trailers, intent: step.commit.intent },
    route: step.route ?? null,
  };
}

function gateJson(gate: PlannedGate): Record<string, unknown> {
  return gate.via === "pull-request" ? { type: gate.type, via: gate.via } : { type: gate.type, via: gate.via, name: gate.name, url: gate.url };
}

function writeJson(write: PlannedWrite): Record<string, unknown> {
  return { path: write.path, owner: write.owner, objects: write.objects, reason: write.reason };
}

export function canaryPlanJson(plan: RolloutPlan): Record<string, unknown> {
  return {
    id: `${plan.canary.namespace}/${plan.canary.name}`,
    namespace: plan.canary.namespace,
    name: plan.canary.name,
    file: plan.canary.file,
    strategy: plan.strategy,
    revision: plan.revision,
    intervalSeconds: plan.intervalSeconds,
    threshold: plan.threshold,
    weights: plan.weights,
    iterations: plan.iterations,
    analysisSteps: plan.analysisSteps,
    minDurationMs: plan.minDurationMs,
    totalDurationMs: plan.totalDurationMs,
    rollbackAfterMs: plan.rollbackAfterMs,
    promotionGate: plan.promotionGate,
    gates: plan.gates.map(gateJson),
    metrics: plan.metrics.map((m) => ({
      name: m.name,
      threshold: m.threshold ?? null,
      interval: m.interval,
      source: m.source,
      templateRef: m.templateRef ?? null,
    })),
    webhooks: plan.webhooks.map((w) => ({ name: w.name, type: w.type, url: w.url })),
    needsBootstrap: plan.needsBootstrap,
    writes: plan.writes.map(writeJson),
    notes: plan.notes,
    steps: plan.steps.map(stepJson),
  };
}

export interface PlanDocument {
  readonly schemaVersion: number;
  readonly dir: string;
  readonly promotionGate: "webhooks" | "pull-request";
  readonly valid: boolean;
  readonly issues: readonly IssueJson[];
  readonly canaries: readonly Record<string, unknown>[];
}

export function planDocument(dir: string, promotionGate: "webhooks" | "pull-request", issues: readonly SpecIssue[], plans: readonly RolloutPlan[]): PlanDocument {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    dir,
    promotionGate,
    valid: !issues.some((i) => i.severity === "error"),
    issues: issues.map(issueJson),
    canaries: plans.map(canaryPlanJson),
  };
}
