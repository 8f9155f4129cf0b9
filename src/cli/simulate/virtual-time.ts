import type { Clock } from "../../ports/clock.js";
import type { WorkItem, WorkQueue } from "../../ports/work-queue.js";
import { mergeWorkItems, workKey } from "../../ports/work-queue.js";

/** A clock the simulation moves forward itself: each tick happens at its due time, at once. */
export class VirtualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advanceTo(time: number): void {
    this.#now = Math.max(this.#now, time);
  }

  schedule(): () => void {
    throw new Error("the simulation's clock does not run timers; work is queued in the SimulationQueue");
  }
}

interface Due {
  readonly item: WorkItem;
  readonly due: number;
}

/**
 * The simulation's work queue: the engine enqueues its next ticks here, and the simulation takes
 * them in due order and runs them one after the other (merged per Canary, like the real queues).
 */
export class SimulationQueue implements WorkQueue {
  readonly #clock: VirtualClock;
  readonly #pending = new Map<string, Due>();

  constructor(clock: VirtualClock) {
    this.#clock = clock;
  }

  enqueue(item: WorkItem, delayMs = 0): Promise<void> {
    const key = workKey(item);
    const due = this.#clock.now() + Math.max(0, delayMs);
    const existing = this.#pending.get(key);
    this.#pending.set(key, { item: existing ? mergeWorkItems(existing.item, item) : item, due: existing ? Math.min(existing.due, due) : due });
    return Promise.resolve();
  }

  /** The earliest due item, removed from the queue. */
  next(): Due | undefined {
    let first: [string, Due] | undefined;
    for (const entry of this.#pending) if (!first || entry[1].due < first[1].due) first = entry;
    if (!first) return undefined;
    this.#pending.delete(first[0]);
    return first[1];
  }

  /** The simulation drives the queue itself (see `next`), so there is nothing to start. */
  start(): void {
    return undefined;
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  depth(): Promise<number> {
    return Promise.resolve(this.#pending.size);
  }
}
