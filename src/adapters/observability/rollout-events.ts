/**
 * What the engine reports after each tick, as the metrics consume it. Structurally the engine's
 * `EngineEvents` (adapters do not import the engine), so `createMetrics().events` is passed to
 * the engine as it is; a type test keeps the two in step.
 */
import type { RolloutRecord } from "../../core/machine/types.js";
import type { ResolvedCanary } from "../../core/spec/model.js";

export interface TickEvent {
  readonly repo: string;
  /** `namespace/name` */
  readonly canary: string;
  /** The decision's PlanCode. */
  readonly code: string;
  readonly phase: string;
  readonly durationMs: number;
}

export interface EffectEvent {
  readonly kind: string;
  readonly outcome: "done" | "failed";
}

export interface RolloutEvent {
  readonly repo: string;
  readonly canary: ResolvedCanary;
  readonly record: RolloutRecord;
}

export interface InventoryEvent {
  readonly repo: string;
  readonly canaries: readonly { readonly namespace: string; readonly name: string }[];
}

export interface RolloutEvents {
  tick(event: TickEvent): void;
  effect(event: EffectEvent): void;
  rollout(event: RolloutEvent): void;
  inventory(event: InventoryEvent): void;
}
