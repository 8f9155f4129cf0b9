import { join } from "node:path";
import { FileDeliveryLog } from "../adapters/file-store/file-delivery-log.js";
import { FileRolloutStore } from "../adapters/file-store/file-rollout-store.js";
import { InProcessQueue } from "../adapters/in-process/in-process-queue.js";
import { openRedisBackend } from "../adapters/redis/open-redis-backend.js";
import type { Clock } from "../ports/clock.js";
import type { DeliveryLog, RolloutStore } from "../ports/rollout-store.js";
import type { WorkItem, WorkQueue } from "../ports/work-queue.js";

export interface State {
  readonly store: RolloutStore;
  readonly queue: WorkQueue;
  readonly deliveries: DeliveryLog;
  readonly kind: "embedded" | "redis";
  close(): Promise<void>;
}

/**
 * Where rollout records, the work queue and delivery ids live: Redis when REDIS_URL is set
 * (several replicas, any of them takes any work, one at a time per Canary), else the embedded
 * default (one replica, a local directory, an in-process queue).
 */
export async function openState(options: {
  readonly clock: Clock;
  readonly redisUrl?: string;
  readonly dataDir: string;
  readonly concurrency: number;
  readonly onError: (item: WorkItem, error: unknown) => void;
  readonly onRedisError: (error: unknown) => void;
}): Promise<State> {
  if (options.redisUrl !== undefined) {
    const redis = await openRedisBackend(options.redisUrl, {
      clock: options.clock,
      concurrency: options.concurrency,
      onError: options.onError,
      onRedisError: options.onRedisError,
    });
    return { store: redis.store, queue: redis.queue, deliveries: redis.deliveryLog, kind: "redis", close: () => redis.close() };
  }
  const queue = new InProcessQueue({ clock: options.clock, concurrency: options.concurrency, onError: options.onError });
  return {
    store: new FileRolloutStore(join(options.dataDir, "rollouts")),
    queue,
    deliveries: new FileDeliveryLog(join(options.dataDir, "deliveries.log")),
    kind: "embedded",
    close: () => queue.stop(),
  };
}
