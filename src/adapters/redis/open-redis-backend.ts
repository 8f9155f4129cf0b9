import type { Clock } from "../../ports/clock.js";
import type { WorkItem } from "../../ports/work-queue.js";
import { RedisConnection } from "./redis-connection.js";
import { RedisDeliveryLog } from "./redis-delivery-log.js";
import { RedisRolloutStore } from "./redis-rollout-store.js";
import { RedisWorkQueue } from "./redis-work-queue.js";

export interface RedisBackendOptions {
  readonly clock: Clock;
  /** Key prefix shared by every replica (default `canary-bot:`). */
  readonly prefix?: string;
  /** Canaries this replica reconciles at the same time. */
  readonly concurrency?: number;
  readonly retryDelayMs?: number;
  /** Name shown in Redis `CLIENT LIST`, e.g. the pod name. */
  readonly connectionName?: string;
  readonly onError?: (item: WorkItem, error: unknown) => void;
  /** Redis trouble outside a command's caller: connection loss, queue polling, lost leases. */
  readonly onRedisError?: (error: unknown) => void;
}

/** Everything several replicas share, on one Redis: records, queue and webhook delivery ids. */
export interface RedisBackend {
  readonly connection: RedisConnection;
  readonly store: RedisRolloutStore;
  readonly queue: RedisWorkQueue;
  readonly deliveryLog: RedisDeliveryLog;
  /** Stops the queue (waiting for running work), then closes the connections. */
  close(): Promise<void>;
}

/**
 * Connects to `url` (REDIS_URL) and checks the connection with a PING, so a wrong address or
 * password stops start-up with a message naming the server (password redacted).
 */
export async function openRedisBackend(url: string, options: RedisBackendOptions): Promise<RedisBackend> {
  const connection = new RedisConnection(url, {
    ...(options.connectionName !== undefined ? { name: options.connectionName } : {}),
    ...(options.onRedisError ? { onError: options.onRedisError } : {}),
  });
  try {
    await connection.ping();
  } catch (error: unknown) {
    connection.disconnect();
    throw error;
  }
  const prefix = options.prefix !== undefined ? { prefix: options.prefix } : {};
  const queue = new RedisWorkQueue(connection, {
    clock: options.clock,
    ...prefix,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onRedisError ? { onQueueError: options.onRedisError } : {}),
  });
  return {
    connection,
    store: new RedisRolloutStore(connection, prefix),
    queue,
    deliveryLog: new RedisDeliveryLog(connection, prefix),
    close: async () => {
      await queue.stop();
      await connection.close();
    },
  };
}
