import type { DeliveryLog } from "../../ports/rollout-store.js";
import type { RedisConnection } from "./redis-connection.js";
import { DEFAULT_REDIS_PREFIX } from "./redis-prefix.js";

export interface RedisDeliveryLogOptions {
  readonly prefix?: string;
  /** How long an id is remembered (default 3 days: how far back GitHub lets you redeliver). */
  readonly ttlSeconds?: number;
}

const THREE_DAYS_SECONDS = 3 * 24 * 60 * 60;

/**
 * Webhook delivery ids shared by every replica: `SET id NX EX ttl` is atomic, so when GitHub
 * redelivers an event to another replica (same `X-GitHub-Delivery`), only the first one acts.
 */
export class RedisDeliveryLog implements DeliveryLog {
  readonly #redis: RedisConnection;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  constructor(redis: RedisConnection, options: RedisDeliveryLogOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#ttlSeconds = options.ttlSeconds ?? THREE_DAYS_SECONDS;
    if (!Number.isInteger(this.#ttlSeconds) || this.#ttlSeconds < 1) {
      throw new RangeError(`ttlSeconds must be a whole number of seconds ≥ 1, got ${String(this.#ttlSeconds)}`);
    }
  }

  async firstSeen(deliveryId: string): Promise<boolean> {
    const key = `${this.#prefix}delivery:${deliveryId}`;
    const reply = await this.#redis.call("SET NX EX", (client) => client.set(key, "1", "EX", this.#ttlSeconds, "NX"));
    return reply === "OK";
  }
}
