import { afterAll, beforeAll, describe } from "vitest";
import { SystemClock } from "../../../src/adapters/in-process/system-clock.js";
import { RedisConnection } from "../../../src/adapters/redis/redis-connection.js";
import { RedisRolloutStore } from "../../../src/adapters/redis/redis-rollout-store.js";
import { RedisWorkQueue } from "../../../src/adapters/redis/redis-work-queue.js";
import { redisUnavailable, startRedis, type RunningRedis } from "../../support/redis-server.js";
import { describeRolloutStoreContract } from "../ports/rollout-store-contract.js";
import { describeWorkQueueContract } from "../ports/work-queue-contract.js";

describe.skipIf(redisUnavailable !== undefined)(
  `Redis ports on a real redis-server${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: RunningRedis;
    let namespaces = 0;
    /** Each test gets its own key prefix, so tests on one server never see each other's keys. */
    const prefix = (): string => `contract-${String(++namespaces)}:`;

    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis.stop();
    });

    describeRolloutStoreContract("redis store", () => {
      const connection = new RedisConnection(redis.url);
      return Promise.resolve({ store: new RedisRolloutStore(connection, { prefix: prefix() }), cleanup: () => connection.close() });
    });

    describeWorkQueueContract("redis queue", () => {
      const connection = new RedisConnection(redis.url);
      const queue = new RedisWorkQueue(connection, { clock: new SystemClock(), prefix: prefix(), retryDelayMs: 50, pollIntervalMs: 100 });
      return Promise.resolve({
        queue,
        cleanup: async () => {
          await queue.stop();
          await connection.close();
        },
      });
    });
  },
);
