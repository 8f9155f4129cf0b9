/**
 * Several replicas on one Redis: each replica is a separate connection with its own queue,
 * store or delivery log, as separate processes would be.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConflictError } from "../../../src/core/errors.js";
import { SystemClock } from "../../../src/adapters/in-process/system-clock.js";
import { RedisConnection } from "../../../src/adapters/redis/redis-connection.js";
import { RedisDeliveryLog } from "../../../src/adapters/redis/redis-delivery-log.js";
import { RedisRolloutStore } from "../../../src/adapters/redis/redis-rollout-store.js";
import { RedisWorkQueue, type RedisWorkQueueOptions } from "../../../src/adapters/redis/redis-work-queue.js";
import type { WorkItem } from "../../../src/ports/work-queue.js";
import { deferred, until } from "../../support/async.js";
import { redisUnavailable, startRedis, type RunningRedis } from "../../support/redis-server.js";
import { sampleRecord } from "../ports/rollout-store-contract.js";



const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(redisUnavailable !== undefined)(
  `Redis with several replicas${redisUnavailable ? ` (skipped: ${redisUnavailable})` : ""}`,
  () => {
    let redis: RunningRedis;
    let namespaces = 0;
    let prefix = "";
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis.stop();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A gate that the test opens; opened at cleanup too, so a failed test never hangs in stop(). */
    function gate(): { promise: Promise<void>; resolve: () => void } {
      const d = deferred();
      cleanups.push(() => {
        d.resolve();
        return Promise.resolve();
      });
      return d;
    }

    function connect(name: string): RedisConnection {
      const connection = new RedisConnection(redis.url, { name });
      cleanups.push(() => connection.close());
      return connection;
    }

    function replica(name: string, options: Partial<RedisWorkQueueOptions> = {}): { connection: RedisConnection; queue: RedisWorkQueue; errors: unknown[] } {
      const connection = connect(name);
      const errors: unknown[] = [];
      const queue = new RedisWorkQueue(connection, {
        clock: new SystemClock(),
        prefix,
        pollIntervalMs: 50,
        retryDelayMs: 50,
        onQueueError: (error) => errors.push(error),
        ...options,
      });
      cleanups.push(() => queue.stop());
      return { connection, queue, errors };
    }

    beforeEach(() => {
      prefix = `replicas-${String(++namespaces)}:`;
    });

    const item = (canary: string, reason: string): WorkItem => ({ repo: "acme/deploys", canary, reason });

    it("runs work enqueued on one replica on another", async () => {
      const a = replica("a");
      const b = replica("b");
      const seen: WorkItem[] = [];
      b.queue.start((w) => {
        seen.push(w);
        return Promise.resolve();
      });
      await a.queue.enqueue({ ...item("test/a", "push"), sha: "abc", installationId: 9 });
      await until(() => seen.length === 1, 10_000);
      expect(seen).toEqual([{ repo: "acme/deploys", canary: "test/a", reason: "push", sha: "abc", installationId: 9 }]);
      expect(await a.queue.depth()).toBe(0);
    });

    it("never runs one key on two replicas at once; the other replica runs other keys meanwhile", async () => {
      const a = replica("a");
      const b = replica("b");
      const held = gate();
      const log: string[] = [];
      const handler = (name: string) => async (w: WorkItem) => {
        log.push(`${name} start ${w.canary ?? ""} ${w.reason}`);
        if (w.reason === "first") await held.promise;
        log.push(`${name} end ${w.canary ?? ""} ${w.reason}`);
      };
      a.queue.start(handler("a"));
      await a.queue.enqueue(item("test/a", "first"));
      await until(() => log.includes("a start test/a first"), 10_000);
      b.queue.start(handler("b"));
      await b.queue.enqueue(item("test/a", "second"));
      await b.queue.enqueue(item("test/b", "other"));
      await until(() => log.some((line) => line.endsWith("end test/b other")), 10_000);
      // Long enough for several polls of both replicas: the held key stays held.
      await sleep(300);
      expect(log.filter((line) => line.includes("test/a"))).toEqual(["a start test/a first"]);
      held.resolve();
      await until(() => log.some((line) => line.endsWith("end test/a second")), 10_000);
      const aLines = log.filter((line) => line.includes("test/a"));
      expect(aLines.slice(0, 2)).toEqual(["a start test/a first", "a end test/a first"]);
      expect(aLines.slice(2).map((line) => line.slice(2))).toEqual(["start test/a second", "end test/a second"]);
    });

    it("under load, each key runs on one replica at a time and every item runs exactly once", async () => {
      const replicas = [replica("a", { concurrency: 2 }), replica("b", { concurrency: 2 }), replica("c", { concurrency: 1 })];
      const active = new Map<string, number>();
      let maxActive = 0;
      const reasons: string[] = [];
      const ranOn = new Set<string>();
      replicas.forEach(({ queue }, index) => {
        queue.start(async (w) => {
          const key = w.canary ?? "";
          const now = (active.get(key) ?? 0) + 1;
          active.set(key, now);
          maxActive = Math.max(maxActive, now);
          ranOn.add(String(index));
          reasons.push(...w.reason.split(", "));
          await sleep(5);
          active.set(key, (active.get(key) ?? 1) - 1);
        });
      });
      const expected: string[] = [];
      for (let i = 0; i < 60; i++) {
        const reason = `r${String(i)}`;
        expected.push(reason);
        await replicas[i % replicas.length]!.queue.enqueue(item(`test/k${String(i % 5)}`, reason));
        if (i % 7 === 0) await sleep(3);
      }
      await until(() => reasons.length >= expected.length, 10_000);
      await sleep(100);
      expect(maxActive).toBe(1);
      expect([...reasons].sort()).toEqual([...expected].sort());
      expect(ranOn.size).toBeGreaterThan(1);
      for (const { queue, errors } of replicas) {
        expect(await queue.depth()).toBe(0);
        expect(errors).toEqual([]);
      }
    });

    it("keeps a key held while its replica renews the lease, and runs the item elsewhere once a dead replica's lease expires", async () => {
      // Renewals every 200 ms: a busy test machine does not stall that long.
      const leaseMs = 600;
      const dying = replica("dying", { leaseMs });
      const survivor = replica("survivor", { leaseMs });
      const stuck = gate();
      const started: WorkItem[] = [];
      dying.queue.start(async (w) => {
        started.push(w);
        await stuck.promise;
      });
      const work: WorkItem = { ...item("test/a", "push"), sha: "abc", commands: [{ command: { type: "promote", by: "octocat" }, source: { kind: "local" } }] };
      await dying.queue.enqueue(work);
      await until(() => started.length === 1, 10_000);
      const rescued: WorkItem[] = [];
      survivor.queue.start((w) => {
        rescued.push(w);
        return Promise.resolve();
      });
      // Three lease periods: only renewals keep the key from the survivor.
      await sleep(3 * leaseMs);
      expect(rescued).toEqual([]);
      // The process dies: its connection drops and nothing renews the lease any more.
      dying.connection.disconnect();
      await until(() => rescued.length === 1, 10_000);
      expect(rescued).toEqual([work]);
      expect(await survivor.queue.depth()).toBe(0);
      // The dead replica's handler returning later must not undo the survivor's work.
      stuck.resolve();
      await dying.queue.stop();
      expect(dying.errors.length).toBeGreaterThan(0);
      expect(survivor.errors).toEqual([]);
    });

    it("a replica that loses its lease while still running reports it and does not release the new holder's lease", async () => {
      const leaseMs = 1_000;
      const a = replica("a", { leaseMs });
      const b = replica("b", { leaseMs });
      const held = gate();
      const runs: string[] = [];
      a.queue.start(async (w) => {
        runs.push(`a ${w.reason}`);
        await held.promise;
      });
      await a.queue.enqueue(item("test/a", "push"));
      await until(() => runs.length === 1, 10_000);
      // Simulate a stall longer than the lease: delete the lease behind the holder's back.
      const admin = connect("admin");
      await admin.call("DEL", (client) => client.del(`${prefix}queue:lease:acme/deploys#test/a`));
      const bGate = gate();
      b.queue.start(async (w) => {
        runs.push(`b ${w.reason}`);
        await bGate.promise;
      });
      await until(() => runs.length === 2, 10_000);
      expect(runs).toEqual(["a push", "b push"]);
      held.resolve();
      await until(() => a.errors.some((e) => e instanceof Error && e.message.includes("lease on work acme/deploys#test/a")), 10_000);
      // b still holds the key: a's finish did not delete b's lease.
      const lease = await admin.call("GET", (client) => client.get(`${prefix}queue:lease:acme/deploys#test/a`));
      expect(lease).toMatch(/^[0-9a-f-]{36}$/);
      bGate.resolve();
    });

    it("a failed handler's item is retried by whichever replica is free", async () => {
      const failures: string[] = [];
      const onError = (w: WorkItem, error: unknown) => failures.push(`${w.reason}: ${error instanceof Error ? error.message : ""}`);
      const a = replica("a", { retryDelayMs: 100, onError });
      const b = replica("b", { retryDelayMs: 100, onError });
      const attempts: string[] = [];
      const handler = (name: string) => (w: WorkItem) => {
        attempts.push(`${name} ${w.reason}`);
        if (attempts.length === 1) return Promise.reject(new Error("boom"));
        return Promise.resolve();
      };
      a.queue.start(handler("a"));
      b.queue.start(handler("b"));
      await a.queue.enqueue(item("test/a", "push"));
      await until(() => attempts.length === 2, 10_000);
      expect(attempts.map((line) => line.slice(2))).toEqual(["push", "push"]);
      expect(failures).toEqual(["push: boom"]);
      expect(await a.queue.depth()).toBe(0);
      expect([...a.errors, ...b.errors]).toEqual([]);
    });

    it("rollout store: compare-and-swap holds across two clients", async () => {
      const key = { repo: "acme/deploys", canary: "test/podinfo" };
      const one = new RedisRolloutStore(connect("one"), { prefix });
      const two = new RedisRolloutStore(connect("two"), { prefix });
      const v1 = await one.save(key, sampleRecord("Progressing", 10), undefined);
      const seenByTwo = await two.load(key);
      expect(seenByTwo?.version).toBe(v1);
      const results = await Promise.allSettled([
        one.save(key, sampleRecord("Progressing", 20), v1),
        two.save(key, sampleRecord("Progressing", 30), v1),
      ]);
      const won = results.findIndex((r) => r.status === "fulfilled");
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results[1 - won];
      expect(lost?.status === "rejected" && lost.reason instanceof ConflictError).toBe(true);
      const final = await one.load(key);
      expect(final?.version).toBe(2);
      expect(final?.record.traffic.canaryWeight).toBe(won === 0 ? 20 : 30);
      expect(await two.list()).toEqual([key]);
    });

    it("delivery log: an id is first seen once across replicas and remembered for three days", async () => {
      const oneConnection = connect("one");
      const one = new RedisDeliveryLog(oneConnection, { prefix });
      const two = new RedisDeliveryLog(connect("two"), { prefix });
      const answers = await Promise.all([one.firstSeen("d-1"), two.firstSeen("d-1")]);
      expect([...answers].sort()).toEqual([false, true]);
      expect(await two.firstSeen("d-1")).toBe(false);
      expect(await two.firstSeen("d-2")).toBe(true);
      const ttl = await oneConnection.call("TTL", (client) => client.ttl(`${prefix}delivery:d-1`));
      expect(ttl).toBeGreaterThan(3 * 24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(3 * 24 * 3600);
    });
  },
);
