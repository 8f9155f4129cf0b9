import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, InvariantError, TransientError } from "../../../src/core/errors.js";
import { SystemClock } from "../../../src/adapters/in-process/system-clock.js";
import { openRedisBackend } from "../../../src/adapters/redis/open-redis-backend.js";
import { redactRedisUrl } from "../../../src/adapters/redis/redact-redis-url.js";
import { RedisConnection } from "../../../src/adapters/redis/redis-connection.js";
import { RedisRolloutStore } from "../../../src/adapters/redis/redis-rollout-store.js";
import { RedisWorkQueue } from "../../../src/adapters/redis/redis-work-queue.js";
import type { WorkItem } from "../../../src/ports/work-queue.js";
import { freePort } from "../../support/prometheus.js";
import { redisUnavailable, startRedis, type RunningRedis } from "../../support/redis-server.js";
import { sampleRecord } from "../ports/rollout-store-contract.js";

const password = "s3cr3t-Pa55";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error("expected a rejection");
}

describe("redactRedisUrl", () => {
  it.each([
    ["redis://:s3cr3t@redis:6379/0", "redis://:***@redis:6379/0"],
    ["rediss://bot:p%40ss@cache.example.com:6380", "rediss://bot:***@cache.example.com:6380"],
    ["redis://redis.canary-bot.svc:6379", "redis://redis.canary-bot.svc:6379"],
    ["not a url with s3cr3t", "redis (REDIS_URL is not a valid URL)"],
  ])("%s → %s", (url, expected) => {
    expect(redactRedisUrl(url)).toBe(expected);
  });
});

describe.skipIf(redisUnavailable !== undefined)(
  `Redis failures are named, never leak the password${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: RunningRedis;

    beforeAll(async () => {
      redis = await startRedis({ password });
    });
    afterAll(async () => {
      await redis.stop();
    });

    it("connects with the password from the URL", async () => {
      const connection = new RedisConnection(redis.url);
      try {
        await connection.ping();
      } finally {
        await connection.close();
      }
    });

    it("a wrong password is a ForbiddenError naming the command and server, without the password", async () => {
      const url = `redis://:wrong-${password}@127.0.0.1:${String(redis.port)}`;
      const connectionErrors: Error[] = [];
      const connection = new RedisConnection(url, { onError: (e) => connectionErrors.push(e), maxRetriesPerRequest: 0 });
      try {
        const error = await rejection(connection.ping());
        expect(error).toBeInstanceOf(ForbiddenError);
        expect(error.message).toContain(`redis PING at redis://:***@127.0.0.1:${String(redis.port)}`);
        expect(error.message).toContain("WRONGPASS");
        expect(error.message).toContain("REDIS_URL");
        expect(error.message).not.toContain(password);
        for (const e of connectionErrors) expect(e.message).not.toContain(password);
      } finally {
        connection.disconnect();
      }
    });

    it("no password for a server that requires one is a ForbiddenError that says where to put it", async () => {
      const connection = new RedisConnection(`redis://127.0.0.1:${String(redis.port)}`, { onError: () => undefined });
      try {
        const error = await rejection(new RedisRolloutStore(connection).load({ repo: "acme/deploys", canary: "test/podinfo" }));
        expect(error).toBeInstanceOf(ForbiddenError);
        expect(error.message).toMatch(/^redis HMGET at redis:\/\/127\.0\.0\.1:\d+ failed: NOAUTH/);
        expect(error.message).toContain("put it in REDIS_URL");
      } finally {
        connection.disconnect();
      }
    });

    it("an unreachable server is a TransientError naming the command, and start-up fails fast", async () => {
      const port = await freePort();
      const url = `redis://:${password}@127.0.0.1:${String(port)}`;
      const reported: unknown[] = [];
      const error = await rejection(openRedisBackend(url, { clock: new SystemClock(), onRedisError: (e) => reported.push(e) }));
      expect(error).toBeInstanceOf(TransientError);
      expect(error.message).toContain(`redis PING at redis://:***@127.0.0.1:${String(port)} failed`);
      expect(error.message).not.toContain(password);
      for (const e of reported) expect(String(e)).not.toContain(password);
    });

    it("a record that is not valid JSON names its key", async () => {
      const connection = new RedisConnection(redis.url);
      try {
        await connection.call("HSET", (client) => client.hset("errors-1:rollout:acme/deploys#test/podinfo", "version", "1", "data", "{not json"));
        const store = new RedisRolloutStore(connection, { prefix: "errors-1:" });
        const error = await rejection(store.load({ repo: "acme/deploys", canary: "test/podinfo" }));
        expect(error).toBeInstanceOf(InvariantError);
        expect(error.message).toMatch(/^rollout record errors-1:rollout:acme\/deploys#test\/podinfo in redis is not valid JSON/);
      } finally {
        await connection.close();
      }
    });

    it("a key of another type under the prefix is a ForbiddenError that explains the clash", async () => {
      const connection = new RedisConnection(redis.url);
      try {
        await connection.call("SET", (client) => client.set("errors-2:rollouts", "someone else's"));
        const store = new RedisRolloutStore(connection, { prefix: "errors-2:" });
        const error = await rejection(store.save({ repo: "acme/deploys", canary: "test/podinfo" }, sampleRecord(), undefined));
        expect(error).toBeInstanceOf(ForbiddenError);
        expect(error.message).toContain("redis EVALSHA save-rollout");
        expect(error.message).toContain("WRONGTYPE");
        expect(error.message).toContain("give canary-bot its own prefix");
      } finally {
        await connection.close();
      }
    });

    it("an unreadable waiting item is reported and replaced by the next enqueue, and the queue keeps running", async () => {
      const connection = new RedisConnection(redis.url);
      const errors: unknown[] = [];
      const queue = new RedisWorkQueue(connection, { clock: new SystemClock(), prefix: "errors-3:", pollIntervalMs: 50, onQueueError: (e) => errors.push(e) });
      try {
        await connection.call("SET", (client) => client.set("errors-3:queue:item:acme/deploys#test/a", "[1,2"));
        const seen: WorkItem[] = [];
        queue.start((w) => {
          seen.push(w);
          return Promise.resolve();
        });
        await queue.enqueue({ repo: "acme/deploys", canary: "test/a", reason: "push" });
        const deadline = Date.now() + 5_000;
        while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        expect(seen).toEqual([{ repo: "acme/deploys", canary: "test/a", reason: "push" }]);
        expect(errors.map(String)).toEqual([
          expect.stringMatching(/^InvariantError: work item errors-3:queue:item:acme\/deploys#test\/a in redis is not valid JSON/),
        ]);
      } finally {
        await queue.stop();
        await connection.close();
      }
    });
  },
);
