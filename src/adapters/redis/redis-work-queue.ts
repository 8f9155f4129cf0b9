import { randomUUID } from "node:crypto";
import { ConflictError, TransientError } from "../../core/errors.js";
import type { Clock } from "../../ports/clock.js";
import type { WorkHandler, WorkItem, WorkQueue } from "../../ports/work-queue.js";
import { mergeWorkItems } from "../../ports/work-queue.js";
import { workKey } from "../../ports/work-queue.js";
import type { RedisConnection } from "./redis-connection.js";
import { DEFAULT_REDIS_PREFIX } from "./redis-prefix.js";
import { integerReply, RedisScript, stringReply } from "./redis-script.js";
import { decodeWorkItem, encodeWorkItem } from "./work-item-json.js";

export interface RedisWorkQueueOptions {
  /** Due times are this clock's time; every replica's clock must agree (NTP). */
  readonly clock: Clock;
  /** Key prefix (default `canary-bot:`); replicas that share work share the prefix. */
  readonly prefix?: string;
  /** Keys this replica runs at the same time; one key never runs twice at once anywhere. */
  readonly concurrency?: number;
  /** Delay before a failed item runs again (default 30 s). */
  readonly retryDelayMs?: number;
  /**
   * How long a replica holds a key without renewing (default 30 s). The holder renews every
   * third of it; when a replica dies, another runs its item once the lease has expired.
   */
  readonly leaseMs?: number;
  /** Safety-net polling, in case a wake-up message is missed (default 1 s). */
  readonly pollIntervalMs?: number;
  /** A handler failed; the item runs again after `retryDelayMs`. */
  readonly onError?: (item: WorkItem, error: unknown) => void;
  /** The queue's own trouble with Redis (it keeps polling), or a lease lost to a stall. */
  readonly onQueueError?: (error: unknown) => void;
}

/** Due members looked at per poll; more wait for the next one. */
const SCAN_LIMIT = 100;
/** Concurrent enqueues of one key retry their compare-and-set this often before giving up. */
const ENQUEUE_ATTEMPTS = 20;

/**
 * Stores the merged item only if the waiting item is still the one the caller read (a
 * compare-and-set, so concurrent enqueues on several replicas merge rather than overwrite), and
 * keeps the earliest due time (`ZADD LT`).
 * KEYS: item, due. ARGV: expected item ("" = none), new item, due time, member.
 */
const enqueueScript = new RedisScript(
  "enqueue",
  `local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'LT', ARGV[3], ARGV[4])
return 1`,
);

/**
 * Takes the lease on a key and the item to run: first an item whose holder's lease expired (its
 * replica died mid-run), otherwise the waiting item if it is due. The item moves from "waiting"
 * to "claimed", where it stays until the run finishes, so a crash never loses it.
 * KEYS: due, item, claimed set, claimed item, lease. ARGV: member, now, token, lease ms.
 * Replies the item's JSON, or "" when there is nothing to run (or someone holds the lease).
 */
const claimScript = new RedisScript(
  "claim",
  `if redis.call('EXISTS', KEYS[5]) == 1 then return '' end
local orphan = redis.call('GET', KEYS[4])
if orphan then
  redis.call('SET', KEYS[5], ARGV[3], 'PX', ARGV[4])
  redis.call('SADD', KEYS[3], ARGV[1])
  return orphan
end
redis.call('SREM', KEYS[3], ARGV[1])
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score == false or tonumber(score) > tonumber(ARGV[2]) then return '' end
redis.call('ZREM', KEYS[1], ARGV[1])
local item = redis.call('GET', KEYS[2])
if item == false then return '' end
redis.call('DEL', KEYS[2])
redis.call('SET', KEYS[4], item)
redis.call('SET', KEYS[5], ARGV[3], 'PX', ARGV[4])
redis.call('SADD', KEYS[3], ARGV[1])
return item`,
);

/**
 * The earliest due time as a string ("" when nothing waits). A script, because a score's reply
 * type differs between RESP2 and RESP3 and inside Lua it is always RESP2's string.
 * KEYS: due.
 */
const nextDueScript = new RedisScript(
  "next-due",
  `local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return first[2] or ''`,
);

/** KEYS: lease. ARGV: token, lease ms. Replies 1 when renewed, 0 when the lease is not ours. */
const renewScript = new RedisScript(
  "renew-lease",
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
);

/**
 * Compare-and-delete: ends a run only if the lease is still ours.
 * KEYS: lease, claimed item, claimed set, waiting item. ARGV: token, member.
 * Replies 0 (not ours any more), 1 (released) or 2 (released, and more work waits for the key).
 */
const finishScript = new RedisScript(
  "finish",
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then return 2 end
return 1`,
);

/**
 * The work queue for several replicas, on Redis. Semantics match the in-process queue: items of
 * the same key merge while they wait (earliest due time, reasons de-duplicated, commands in
 * order, latest commit/installation/PR/preview), one key never runs twice at the same time, and
 * a failed handler's item runs again after the retry delay. Across replicas:
 *
 * - waiting items are durable: a sorted set scored by due time plus one JSON value per key;
 * - a replica runs a key only while it holds the key's lease (`SET NX PX` with a random token,
 *   renewed while the handler runs, released by compare-and-delete), so exactly one replica runs
 *   it; a replica that dies stops renewing, and once the lease expires another replica runs the
 *   item it had claimed (at least once: the engine's ticks are idempotent);
 * - replicas poll every `pollIntervalMs` and are woken at once over pub/sub when work is due
 *   now or a key is released.
 *
 * Leases expire in Redis's real time; due times are the injected clock's.
 */
export class RedisWorkQueue implements WorkQueue {
  readonly #redis: RedisConnection;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #concurrency: number;
  readonly #retryDelayMs: number;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #onError: ((item: WorkItem, error: unknown) => void) | undefined;
  readonly #onQueueError: ((error: unknown) => void) | undefined;
  readonly #running = new Map<string, Promise<void>>();
  #handler: WorkHandler | undefined;
  #stopped = false;
  #pumping: Promise<void> | undefined;
  #pumpAgain = false;
  #cancelTimer: (() => void) | undefined;
  #subscription: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(redis: RedisConnection, options: RedisWorkQueueOptions) {
    this.#redis = redis;
    this.#clock = options.clock;
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.#concurrency = positive("concurrency", options.concurrency ?? 4);
    this.#retryDelayMs = nonNegative("retryDelayMs", options.retryDelayMs ?? 30_000);
    this.#leaseMs = positive("leaseMs", options.leaseMs ?? 30_000);
    this.#pollIntervalMs = positive("pollIntervalMs", options.pollIntervalMs ?? 1_000);
    this.#onError = options.onError;
    this.#onQueueError = options.onQueueError;
  }

  /** Stores the item in Redis (any replica may run it). Works before `start` and after `stop`. */
  async enqueue(item: WorkItem, delayMs = 0): Promise<void> {
    const key = workKey(item);
    const itemKey = this.#itemKey(key);
    const due = Math.round(this.#clock.now() + Math.max(0, delayMs));
    for (let attempt = 1; attempt <= ENQUEUE_ATTEMPTS; attempt++) {
      const current = await this.#redis.call("GET", (client) => client.get(itemKey));
      let merged = item;
      if (current !== null) {
        try {
          merged = mergeWorkItems(decodeWorkItem(current, itemKey), item);
        } catch (error: unknown) {
          // An unreadable waiting item cannot be run anyway: report it and store the new one.
          this.#reportQueueError(error);
        }
      }
      const reply = await enqueueScript.run(this.#redis, [itemKey, this.#dueKey()], [current ?? "", encodeWorkItem(merged), due, key]);
      if (integerReply(reply, enqueueScript.name) === 1) {
        if (delayMs < this.#pollIntervalMs) await this.#wake();
        return;
      }
    }
    throw new ConflictError(`work ${key} changed ${String(ENQUEUE_ATTEMPTS)} times while it was being enqueued; try again`);
  }

  start(handler: WorkHandler): void {
    this.#handler = handler;
    this.#stopped = false;
    this.#subscription ??= this.#subscribe();
    this.#requestPump();
  }

  /** Stops taking work, waits for running handlers and releases their keys. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const subscription = this.#subscription;
    this.#subscription = undefined;
    const unsubscribe = await subscription;
    try {
      await unsubscribe?.();
    } catch (error: unknown) {
      this.#reportQueueError(error);
    }
    await this.#pumping;
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Items waiting, due or delayed, across all replicas (running ones are not counted). */
  async depth(): Promise<number> {
    return this.#redis.call("ZCARD", (client) => client.zcard(this.#dueKey()));
  }

  async #subscribe(): Promise<(() => Promise<void>) | undefined> {
    try {
      return await this.#redis.subscribe(this.#wakeChannel(), () => {
        this.#requestPump();
      });
    } catch (error: unknown) {
      // Polling still finds the work, only later.
      this.#reportQueueError(error);
      return undefined;
    }
  }

  async #wake(): Promise<void> {
    this.#requestPump();
    try {
      await this.#redis.call("PUBLISH", (client) => client.publish(this.#wakeChannel(), "due"));
    } catch (error: unknown) {
      // The item is stored; the other replicas' polling finds it.
      this.#reportQueueError(error);
    }
  }

  #requestPump(): void {
    if (this.#stopped || !this.#handler) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = this.#pumpLoop().finally(() => {
      this.#pumping = undefined;
      if (this.#pumpAgain) this.#requestPump();
    });
  }

  async #pumpLoop(): Promise<void> {
    for (;;) {
      this.#pumpAgain = false;
      let delay = this.#pollIntervalMs;
      try {
        delay = await this.#pumpOnce();
      } catch (error: unknown) {
        this.#reportQueueError(error);
      }
      this.#schedule(delay);
      if (!this.#wantsAnotherPump()) return;
    }
  }

  /** A wake-up arrived while the last pump ran (a method, so the flag is re-read). */
  #wantsAnotherPump(): boolean {
    return this.#pumpAgain && !this.#stopped;
  }

  /** Claims what this replica can run now; returns how long to wait before looking again. */
  async #pumpOnce(): Promise<number> {
    const now = this.#clock.now();
    if (this.#running.size < this.#concurrency) {
      const claimed = await this.#redis.call("SMEMBERS", (client) => client.smembers(this.#claimedSetKey()));
      const due = await this.#redis.call("ZRANGEBYSCORE", (client) =>
        client.zrangebyscore(this.#dueKey(), "-inf", now, "LIMIT", 0, SCAN_LIMIT),
      );
      // Claimed keys first: an item whose replica died has waited longest.
      const candidates = [...new Set([...claimed, ...due])].filter((key) => !this.#running.has(key));
      for (const key of candidates) {
        if (this.#stopped || this.#running.size >= this.#concurrency) break;
        const token = randomUUID();
        const reply = await claimScript.run(
          this.#redis,
          [this.#dueKey(), this.#itemKey(key), this.#claimedSetKey(), this.#claimedItemKey(key), this.#leaseKey(key)],
          [key, now, token, this.#leaseMs],
        );
        const raw = stringReply(reply, claimScript.name);
        if (raw !== "") this.#run(key, token, raw);
      }
    }
    const next = stringReply(await nextDueScript.run(this.#redis, [this.#dueKey()], []), nextDueScript.name);
    const wait = next === "" ? Number.POSITIVE_INFINITY : Number(next) - this.#clock.now();
    return wait > 0 ? Math.min(this.#pollIntervalMs, wait) : this.#pollIntervalMs;
  }

  #schedule(delayMs: number): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#stopped) return;
    this.#cancelTimer = this.#clock.schedule(delayMs, () => {
      this.#cancelTimer = undefined;
      this.#requestPump();
    });
  }

  #run(key: string, token: string, raw: string): void {
    const handler = this.#handler;
    if (!handler) return;
    const run = (async () => {
      let item: WorkItem;
      try {
        item = decodeWorkItem(raw, this.#claimedItemKey(key));
      } catch (error: unknown) {
        // Unreadable: running it again would fail again. Report it and drop it.
        this.#reportQueueError(error);
        await this.#finish(key, token);
        return;
      }
      const lease = this.#keepLease(key, token);
      let requeued = true;
      try {
        await handler(item);
      } catch (error: unknown) {
        this.#onError?.(item, error);
        try {
          await this.enqueue(item, this.#retryDelayMs);
        } catch (enqueueError: unknown) {
          // Keep the claimed item: once the lease expires a replica runs it again.
          requeued = false;
          this.#reportQueueError(enqueueError);
        }
      } finally {
        lease.stop();
      }
      if (requeued) await this.#finish(key, token);
    })().finally(() => {
      this.#running.delete(key);
      this.#requestPump();
    });
    this.#running.set(key, run);
  }

  /** Renews the lease every third of its duration until stopped (real time, like Redis's TTL). */
  #keepLease(key: string, token: string): { stop: () => void } {
    let lost = false;
    const timer = setInterval(() => {
      if (lost) return;
      void (async () => {
        try {
          const reply = await renewScript.run(this.#redis, [this.#leaseKey(key)], [token, this.#leaseMs]);
          if (integerReply(reply, renewScript.name) === 0) {
            lost = true;
            this.#reportQueueError(
              new TransientError(
                `lease on work ${key} expired while its handler was still running (no renewal reached Redis within ${String(this.#leaseMs)} ms); another replica may run it at the same time`,
              ),
            );
          }
        } catch (error: unknown) {
          this.#reportQueueError(error);
        }
      })();
    }, Math.max(1, Math.floor(this.#leaseMs / 3)));
    return {
      stop: () => {
        clearInterval(timer);
      },
    };
  }

  async #finish(key: string, token: string): Promise<void> {
    try {
      const reply = await finishScript.run(
        this.#redis,
        [this.#leaseKey(key), this.#claimedItemKey(key), this.#claimedSetKey(), this.#itemKey(key)],
        [token, key],
      );
      const released = integerReply(reply, finishScript.name);
      if (released === 0) {
        this.#reportQueueError(
          new TransientError(`lease on work ${key} had expired when its handler finished; another replica ran or will run it again`),
        );
      }
      if (released === 2) await this.#wake();
    } catch (error: unknown) {
      // The lease expires by itself; then the claimed item runs again somewhere.
      this.#reportQueueError(error);
    }
  }

  #reportQueueError(error: unknown): void {
    this.#onQueueError?.(error);
  }

  #dueKey(): string {
    return `${this.#prefix}queue:due`;
  }

  #itemKey(key: string): string {
    return `${this.#prefix}queue:item:${key}`;
  }

  #claimedSetKey(): string {
    return `${this.#prefix}queue:claimed`;
  }

  #claimedItemKey(key: string): string {
    return `${this.#prefix}queue:claimed:${key}`;
  }

  #leaseKey(key: string): string {
    return `${this.#prefix}queue:lease:${key}`;
  }

  #wakeChannel(): string {
    return `${this.#prefix}queue:wake`;
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be > 0, got ${String(value)}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be ≥ 0, got ${String(value)}`);
  return value;
}
