import type { Clock } from "../../ports/clock.js";
import type { WorkHandler, WorkItem, WorkQueue } from "../../ports/work-queue.js";
import { mergeWorkItems, workKey } from "../../ports/work-queue.js";

interface Entry {
  item: WorkItem;
  due: number;
}

export interface InProcessQueueOptions {
  readonly clock: Clock;
  /** Canaries reconciled at the same time (different keys); one key never runs twice at once. */
  readonly concurrency?: number;
  /** Delay before a failed item runs again. */
  readonly retryDelayMs?: number;
  readonly onError?: (item: WorkItem, error: unknown) => void;
}

/**
 * The embedded work queue: delayed items, merged per Canary, one run per Canary at a time.
 * Lost on exit by design: the engine re-enqueues every stored rollout at start-up, so a restart
 * costs one tick, never a rollout.
 */
export class InProcessQueue implements WorkQueue {
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #retryDelayMs: number;
  readonly #onError: ((item: WorkItem, error: unknown) => void) | undefined;
  readonly #pending = new Map<string, Entry>();
  readonly #running = new Map<string, Promise<void>>();
  #handler: WorkHandler | undefined;
  #cancelTimer: (() => void) | undefined;
  #stopped = false;

  constructor(options: InProcessQueueOptions) {
    this.#clock = options.clock;
    this.#concurrency = options.concurrency ?? 4;
    this.#retryDelayMs = options.retryDelayMs ?? 30_000;
    this.#onError = options.onError;
  }

  enqueue(item: WorkItem, delayMs = 0): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const key = workKey(item);
    const due = this.#clock.now() + Math.max(0, delayMs);
    const existing = this.#pending.get(key);
    this.#pending.set(key, existing ? { item: mergeWorkItems(existing.item, item), due: Math.min(existing.due, due) } : { item, due });
    this.#pump();
    return Promise.resolve();
  }

  start(handler: WorkHandler): void {
    this.#handler = handler;
    this.#stopped = false;
    this.#pump();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    await Promise.allSettled([...this.#running.values()]);
  }

  depth(): Promise<number> {
    return Promise.resolve(this.#pending.size);
  }

  #pump(): void {
    if (!this.#handler || this.#stopped) return;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const now = this.#clock.now();
    let nextDue = Number.POSITIVE_INFINITY;
    const entries = [...this.#pending.entries()].sort((a, b) => a[1].due - b[1].due);
    for (const [key, entry] of entries) {
      if (this.#running.has(key)) continue;
      if (entry.due > now) {
        nextDue = Math.min(nextDue, entry.due);
        continue;
      }
      if (this.#running.size >= this.#concurrency) break;
      this.#pending.delete(key);
      this.#run(key, entry.item);
    }
    if (Number.isFinite(nextDue)) {
      this.#cancelTimer = this.#clock.schedule(nextDue - now, () => {
        this.#cancelTimer = undefined;
        this.#pump();
      });
    }
  }

  #run(key: string, item: WorkItem): void {
    const handler = this.#handler;
    if (!handler) return;
    const run = (async () => {
      try {
        await handler(item);
      } catch (error: unknown) {
        this.#onError?.(item, error);
        await this.enqueue(item, this.#retryDelayMs);
      }
    })().finally(() => {
      this.#running.delete(key);
      this.#pump();
    });
    this.#running.set(key, run);
  }
}
