import type { Approvers } from "../core/authz/approvers.js";
import { InvariantError } from "../core/errors.js";
import { step } from "../core/machine/step.js";
import type { Command, DecisionPlan, Observation, Plan, RolloutRecord } from "../core/machine/types.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { RolloutKey } from "../ports/rollout-store.js";
import type { RequestedCommand } from "../ports/work-queue.js";
import { answerNeeds } from "./answer-needs.js";
import { resolveAppliedVia } from "./applied-via.js";
import type { EngineDeps } from "./engine-deps.js";
import { BlockedError, executePlan } from "./execute-plan.js";
import { observe } from "./observe.js";
import type { Snapshot } from "./read-snapshot.js";
import type { RepoPorts } from "./repo-ports.js";
import { report } from "./report.js";
import type { CanarySettings } from "./settings.js";

/** How many need-rounds one tick may take (rollback hooks, rollout hooks, metrics, a gate…). */
const MAX_NEED_ROUNDS = 8;
/** How soon a run blocked by GitHub (protection, permission) is retried. */
export const BLOCKED_RETRY_MS = 5 * 60_000;

export interface CanaryTick {
  readonly deps: EngineDeps;
  readonly ports: RepoPorts;
  readonly canary: ResolvedCanary;
  readonly settings: CanarySettings;
  readonly branch: string;
  readonly snapshot: Snapshot;
  readonly installationId?: number;
  readonly command?: RequestedCommand;
  readonly triggerSha?: string;
  readonly approvers?: string;
  readonly codeownerApprovers?: Approvers;
}

export interface CanaryTickResult {
  readonly plan: DecisionPlan;
  readonly record: RolloutRecord | undefined;
  /** When to tick this Canary again. */
  readonly requeueAfterMs: number;
}

function decisionOf(plan: Plan): DecisionPlan {
  if (plan.kind === "decision") return plan;
  throw new InvariantError(`the state machine still asked for ${plan.requests.map((r) => r.kind).join(", ")} after ${String(MAX_NEED_ROUNDS)} rounds`);
}

/** One tick of one Canary: observe → step (answering its needs) → execute → save. */
export async function reconcileCanary(tick: CanaryTick): Promise<CanaryTickResult> {
  const { deps, ports, canary, settings } = tick;
  const key: RolloutKey = { repo: ports.repo, canary: `${canary.namespace}/${canary.name}` };
  const started = Date.now();
  const stored = await deps.store.load(key);
  const record = stored?.record;
  const cluster = deps.clusterFor(settings);
  const now = deps.clock.now();
  const command: Command | undefined = tick.command?.command;
  const via = await resolveAppliedVia(settings, cluster, ports, canary, tick.branch);
  const { observation: observed, revision } = await observe({
    canary,
    index: tick.snapshot.index,
    files: tick.snapshot.files,
    record,
    settings,
    repository: ports.repository,
    branch: tick.branch,
    head: tick.snapshot.head,
    cluster,
    ...(via ? { via } : {}),
    botLogin: ports.botLogin,
    ...(command ? { command } : {}),
    ...(tick.triggerSha !== undefined ? { triggerSha: tick.triggerSha } : {}),
    now,
  });
  let observation: Observation = observed;
  let plan = step({ canary, record, observation, now });
  for (let round = 0; plan.kind === "need" && round < MAX_NEED_ROUNDS; round++) {
    observation = await answerNeeds(plan.requests, observation, {
      canary,
      index: tick.snapshot.index,
      revision,
      webhooks: deps.webhooks,
      metrics: deps.metrics,
      cluster,
      ...(settings.metricsServer ?? deps.defaultMetricsServer ? { defaultMetricsServer: settings.metricsServer ?? deps.defaultMetricsServer } : {}),
      now,
    });
    plan = step({ canary, record, observation, now });
  }
  const decision = decisionOf(plan);
  const interval = canary.analysis.intervalSeconds * 1000;
  let saved: RolloutRecord | undefined;
  let requeueAfterMs = decision.requeueAfterMs ?? interval;
  try {
    saved = await executePlan(decision, {
      deps,
      ports,
      key,
      version: stored?.version,
      canary,
      settings,
      branch: tick.branch,
      snapshot: tick.snapshot,
      targetRevision: revision.revision,
      cluster,
      ...(via ? { via } : {}),
      now,
      ...(tick.approvers ? { approvers: tick.approvers } : {}),
      ...(tick.codeownerApprovers ? { codeownerApprovers: tick.codeownerApprovers } : {}),
    });
  } catch (error: unknown) {
    if (!(error instanceof BlockedError) || !record) throw error;
    // Nothing of this decision happened: keep the record, show why, try again later.
    const links = { ...(record.links ?? {}), blocked: { reason: error.message, since: record.links?.blocked?.since ?? now } };
    // Blocked at its very first commit, the stored record has no source PR to report on: show
    // the rollout this decision would have started, so the PR says why nothing happens.
    const shown = record.source === undefined && decision.record?.source !== undefined ? decision.record : record;
    saved = { ...record, links: await report({ canary, record: shown, links, ports, now }) };
    requeueAfterMs = BLOCKED_RETRY_MS;
    deps.log.warn({ repo: key.repo, canary: key.canary, reason: error.message }, "GitHub refused the commit; the rollout waits");
  }
  if (saved !== undefined) {
    const withInstallation = tick.installationId !== undefined ? { ...saved, links: { ...saved.links, installationId: tick.installationId } } : saved;
    await deps.store.save(key, withInstallation, stored?.version);
    saved = withInstallation;
    deps.events?.rollout?.({ repo: key.repo, canary, record: saved });
  }
  deps.events?.tick?.({ repo: key.repo, canary: key.canary, code: decision.code, phase: decision.phase, durationMs: Date.now() - started });
  deps.log.info({ repo: key.repo, canary: key.canary, code: decision.code, phase: decision.phase }, decision.message);
  return { plan: decision, record: saved, requeueAfterMs };
}
