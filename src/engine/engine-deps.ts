import type { RolloutRecord } from "../core/machine/types.js";
import type { ResolvedCanary } from "../core/spec/model.js";
import type { ClusterObserver } from "../ports/cluster-observer.js";
import type { Clock } from "../ports/clock.js";
import type { MetricsProvider } from "../ports/metrics-provider.js";
import type { Notifier } from "../ports/notifier.js";
import type { RolloutStore } from "../ports/rollout-store.js";
import type { WebhookCaller } from "../ports/webhook-caller.js";
import type { WorkItem, WorkQueue } from "../ports/work-queue.js";
import type { RepoPorts, SettingsLoader } from "./repo-ports.js";
import type { CanarySettings } from "./settings.js";

/** Structured logging as pino offers it: a metadata object, then a static message. */
export interface EngineLog {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
  error(meta: object, message: string): void;
}

/** What the engine observed and did, for metrics and tests; every hook is optional. */
export interface EngineEvents {
  /** One tick of one Canary ended with a decision. */
  tick?(event: { readonly repo: string; readonly canary: string; readonly code: string; readonly phase: string; readonly durationMs: number }): void;
  /** One effect of a decision was carried out (or failed). */
  effect?(event: { readonly kind: string; readonly outcome: "done" | "failed" }): void;
  /** The rollout record after a tick, with the Canary it belongs to. */
  rollout?(event: { readonly repo: string; readonly canary: ResolvedCanary; readonly record: RolloutRecord }): void;
  /** The valid Canaries of a repository at the tracked branch head. */
  inventory?(event: { readonly repo: string; readonly canaries: readonly { readonly namespace: string; readonly name: string }[] }): void;
}

export interface EngineDeps {
  readonly clock: Clock;
  readonly store: RolloutStore;
  readonly queue: WorkQueue;
  readonly metrics: MetricsProvider;
  readonly webhooks: WebhookCaller;
  readonly notifier: Notifier;
  /** The GitHub (or local) side of one repository, authenticated for the item's installation. */
  portsFor(item: WorkItem): Promise<RepoPorts>;
  readonly loadSettings: SettingsLoader;
  /** The cluster observer for a Canary's settings (no-cluster mode when none is configured). */
  clusterFor(settings: CanarySettings): ClusterObserver;
  readonly log: EngineLog;
  /** Prometheus for builtin metrics when neither the Canary nor the repo config names one. */
  readonly defaultMetricsServer?: string;
  /** Shown in alerts (Flagger's `-cluster-name`). */
  readonly clusterName?: string;
  readonly events?: EngineEvents;
}
