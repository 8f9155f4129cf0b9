/**
 * Asking for webhook and metric results. `step` never calls anything itself: a missing answer
 * becomes a `need` plan, and the engine steps again with the answer in the observation.
 */
import type { WebhookType } from "../spec/model.js";
import type { Tick } from "./tick.js";
import { hasHooks, need } from "./tick.js";
import type { MetricOutcome, NeedPlan, Phase, WebhookOutcome, WebhookRequest } from "./types.js";

export type Asked<T> =
  | { readonly kind: "need"; readonly plan: NeedPlan }
  | { readonly kind: "answered"; readonly outcomes: readonly T[] };

/**
 * The answers of `type` hooks for this tick. A type the Canary does not configure answers at
 * once with no outcomes (a gate with no hooks is open; no rollback hook signals a rollback).
 */
export function askHooks(tick: Tick, type: WebhookRequest["type"], phase: Phase): Asked<WebhookOutcome> {
  if (!hasHooks(tick.canary, type)) return { kind: "answered", outcomes: [] };
  const outcomes = tick.observation.webhooks?.[type];
  if (outcomes === undefined) return { kind: "need", plan: need({ kind: "webhooks", type, phase }) };
  use(tick, type, () => tick.webhooks.push(...outcomes));
  return { kind: "answered", outcomes };
}

/** Builtin and template metrics, evaluated by the engine at `now`. */
export function askMetrics(tick: Tick): Asked<MetricOutcome> {
  if (tick.canary.analysis.metrics.length === 0) return { kind: "answered", outcomes: [] };
  const outcomes = tick.observation.metrics;
  if (outcomes === undefined) return { kind: "need", plan: need({ kind: "metrics" }) };
  use(tick, "metrics", () => tick.metrics.push(...outcomes));
  return { kind: "answered", outcomes };
}

function use(tick: Tick, key: WebhookType | "metrics", record: () => void): void {
  if (tick.used.has(key)) return;
  tick.used.add(key);
  record();
}

/** Flagger: hooks of a type run in spec order and the first failure stops the gate. */
export function allPassed(outcomes: readonly WebhookOutcome[]): boolean {
  return outcomes.every((outcome) => outcome.ok);
}

/** Names of the hooks that failed, for notes and messages. */
export function failedNames(outcomes: readonly WebhookOutcome[]): string {
  return outcomes
    .filter((outcome) => !outcome.ok)
    .map((outcome) => outcome.name)
    .join(", ");
}

/** Flagger alerts on a closed gate unless the hook that closed it has `muteAlert`. */
export function shouldAlert(tick: Tick, outcomes: readonly WebhookOutcome[]): boolean {
  return outcomes
    .filter((outcome) => !outcome.ok)
    .some((outcome) => {
      const hook = tick.canary.analysis.webhooks.find((h) => h.name === outcome.name && h.type === outcome.type);
      return !(hook?.muteAlert ?? false);
    });
}
