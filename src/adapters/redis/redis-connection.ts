import { Redis } from "ioredis";
import { redactRedisUrl, redisPassword } from "./redact-redis-url.js";
import { translateRedisError } from "./translate-redis-error.js";

export interface RedisConnectionOptions {
  /** Shown in `CLIENT LIST`; the subscriber connection gets `-sub` appended. */
  readonly name?: string;
  /** Connection-level trouble (lost connection, reconnect failures), password redacted. */
  readonly onError?: (error: Error) => void;
  /** A command that gets no reply within this time fails (default 10 s). */
  readonly commandTimeoutMs?: number;
  /** Reconnection attempts a command waits through before it fails (default 3). */
  readonly maxRetriesPerRequest?: number;
}

type MessageListener = (message: string) => void;

/**
 * The connections to one Redis: one for commands, shared by the store, the queue and the
 * delivery log, and a second one, opened on first use, for pub/sub (a subscribed connection can
 * run no other command). Every command goes through `call`, which names the failing command and
 * the server in the error and never the password.
 */
export class RedisConnection {
  /** `redis://:***@host:6379/0`: safe to log. */
  readonly where: string;
  readonly #password: string;
  readonly #client: Redis;
  readonly #onError: ((error: Error) => void) | undefined;
  readonly #listeners = new Map<string, Set<MessageListener>>();
  #subscriber: Redis | undefined;
  #closed = false;

  constructor(url: string, options: RedisConnectionOptions = {}) {
    this.where = redactRedisUrl(url);
    this.#password = redisPassword(url);
    this.#onError = options.onError;
    this.#client = new Redis(url, {
      connectionName: options.name ?? "canary-bot",
      commandTimeout: options.commandTimeoutMs ?? 10_000,
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    });
    this.#watch(this.#client, "commands");
  }

  /** Runs one command; `command` names it in errors (`GET`, `EVALSHA claim`, …). */
  async call<T>(command: string, run: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await run(this.#client);
    } catch (error: unknown) {
      throw translateRedisError(error, { command, where: this.where, password: this.#password });
    }
  }

  /** Fails with a clear message when Redis cannot be reached or refuses the credentials. */
  async ping(): Promise<void> {
    await this.call("PING", (client) => client.ping());
  }

  /** Calls `listener` for every message on `channel`; returns the unsubscribe function. */
  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    const subscriber = this.#subscriberConnection();
    let listeners = this.#listeners.get(channel);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(channel, listeners);
      try {
        await subscriber.subscribe(channel);
      } catch (error: unknown) {
        this.#listeners.delete(channel);
        throw translateRedisError(error, { command: `SUBSCRIBE ${channel}`, where: this.where, password: this.#password });
      }
    }
    listeners.add(listener);
    return async () => {
      const current = this.#listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.#listeners.delete(channel);
      if (this.#closed) return;
      try {
        await subscriber.unsubscribe(channel);
      } catch (error: unknown) {
        throw translateRedisError(error, { command: `UNSUBSCRIBE ${channel}`, where: this.where, password: this.#password });
      }
    };
  }

  /** Closes both connections after their pending replies have arrived. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const clients = [this.#client, ...(this.#subscriber ? [this.#subscriber] : [])];
    await Promise.all(
      clients.map(async (client) => {
        try {
          await client.quit();
        } catch {
          // Already gone: nothing to close.
          client.disconnect();
        }
      }),
    );
  }

  /**
   * Drops both connections at once, without waiting for replies and without reconnecting: what
   * Redis sees when the process dies. For emergency shutdown; `close` is the orderly way.
   */
  disconnect(): void {
    this.#closed = true;
    this.#client.disconnect();
    this.#subscriber?.disconnect();
  }

  #subscriberConnection(): Redis {
    if (this.#subscriber) return this.#subscriber;
    const name = (this.#client.options.connectionName ?? "canary-bot") + "-sub";
    // No command timeout: a subscribed connection waits for messages indefinitely.
    const subscriber = this.#client.duplicate({ connectionName: name, commandTimeout: undefined });
    this.#watch(subscriber, "pub/sub");
    subscriber.on("message", (channel: string, message: string) => {
      for (const listener of this.#listeners.get(channel) ?? []) listener(message);
    });
    this.#subscriber = subscriber;
    return subscriber;
  }

  #watch(client: Redis, role: string): void {
    // Without a listener ioredis prints connection errors itself; route them to the caller.
    client.on("error", (error: unknown) => {
      if (this.#closed) return;
      const translated = translateRedisError(error, { command: `connection (${role})`, where: this.where, password: this.#password });
      this.#onError?.(translated);
    });
  }
}
