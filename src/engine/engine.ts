import type { RolloutRecord } from "../core/machine/types.js";
import type { RolloutKey } from "../ports/rollout-store.js";
import type { WorkItem } from "../ports/work-queue.js";
import type { EngineDeps } from "./engine-deps.js";
import type { EngineApi, RolloutSummary } from "./engine-api.js";
import { reconcileItem } from "./reconcile-item.js";

/**
 * The engine: drains the work queue, one Canary at a time per key, and resumes every stored
 * rollout at start-up (level-triggered: a lost event or a restart costs one tick, never a
 * rollout).
 */
export class Engine implements EngineApi {
  readonly #deps: EngineDeps;
  #ready = false;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  async start(): Promise<void> {
    const { queue, store, log } = this.#deps;
    queue.start((item) => this.#handle(item));
    let resumed = 0;
    for (const key of await store.list()) {
      const stored = await store.load(key);
      if (!stored) continue;
      const installationId = stored.record.links?.installationId;
      await queue.enqueue({ repo: key.repo, canary: key.canary, reason: "resume", ...(installationId !== undefined ? { installationId } : {}) });
      resumed++;
    }
    this.#ready = true;
    log.info({ resumed }, "engine started");
  }

  async stop(): Promise<void> {
    this.#ready = false;
    await this.#deps.queue.stop();
  }

  ready(): boolean {
    return this.#ready;
  }

  enqueue(item: WorkItem, delayMs?: number): Promise<void> {
    return this.#deps.queue.enqueue(item, delayMs);
  }

  async rollouts(): Promise<readonly RolloutSummary[]> {
    const out: RolloutSummary[] = [];
    for (const key of await this.#deps.store.list()) {
      const stored = await this.#deps.store.load(key);
      if (stored) out.push(summarise(key, stored.record));
    }
    return out.sort((a, b) => a.repo.localeCompare(b.repo) || a.canary.localeCompare(b.canary));
  }

  async #handle(item: WorkItem): Promise<void> {
    try {
      await reconcileItem(this.#deps, item);
    } catch (error: unknown) {
      this.#deps.log.error({ repo: item.repo, canary: item.canary, reason: item.reason, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, "reconcile failed");
      throw error;
    }
  }
}

function summarise(key: RolloutKey, record: RolloutRecord): RolloutSummary {
  return {
    repo: key.repo,
    canary: key.canary,
    phase: record.phase,
    canaryWeight: record.traffic.canaryWeight,
    primaryWeight: record.traffic.primaryWeight,
    mirrored: record.traffic.mirrored,
    failedChecks: record.failedChecks,
    iterations: record.iterations,
    paused: record.paused !== undefined,
    revision: record.revision,
    lastTransitionAt: record.lastTransitionAt,
    ...(record.source ? { sourceSha: record.source.sha } : {}),
    ...(record.source?.pullRequest ? { pullRequest: record.source.pullRequest.number } : {}),
  };
}
