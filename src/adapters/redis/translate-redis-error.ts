import type { AppError } from "../../core/errors.js";
import { AppError as AppErrorBase, ForbiddenError, TransientError } from "../../core/errors.js";

/** What was being done when Redis failed, named the way an operator would look it up. */
export interface RedisAction {
  /** The Redis command, e.g. `GET`, or `EVALSHA claim` for a script. */
  readonly command: string;
  /** The server, password redacted (`redactRedisUrl`). */
  readonly where: string;
  /** Removed from any error text that would carry it. */
  readonly password: string;
}

/** Error codes (the reply's first word) that a person must fix; anything else is retried. */
const refusals: Readonly<Record<string, string>> = {
  NOAUTH: "Redis requires a password: put it in REDIS_URL (redis://:PASSWORD@host:6379)",
  WRONGPASS: "the user name or password in REDIS_URL is wrong",
  NOPERM: "the Redis ACL user lacks a permission canary-bot needs (commands: get set del exists expire pexpire publish subscribe zadd zrem zrange zrangebyscore zcard sadd srem smembers hget hset hmget evalsha eval ping)",
  WRONGTYPE: "a key under canary-bot's prefix holds another kind of value: another application shares the prefix or database; give canary-bot its own prefix or database",
};

/**
 * Translate an ioredis failure into the project's error types at the boundary: refusals a person
 * must fix (credentials, ACL, a key clash) become `ForbiddenError`; connection loss, timeouts and
 * server-side conditions that pass (LOADING, READONLY during failover, OOM, BUSY) become
 * `TransientError`. The message names the command and the server, never the password.
 */
export function translateRedisError(error: unknown, action: RedisAction): AppError {
  if (error instanceof AppErrorBase) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const leaked = action.password !== "" && raw.includes(action.password);
  const text = leaked ? raw.split(action.password).join("***") : raw;
  // The original error stays attached only when its text is safe to log.
  const options = leaked ? {} : { cause: error };
  const code = /^([A-Z]+)\b/.exec(text)?.[1];
  const refusal = code === undefined || !isReplyError(error) ? undefined : refusals[code];
  const prefix = `redis ${action.command} at ${action.where} failed: ${text}`;
  if (refusal !== undefined) return new ForbiddenError(`${prefix} (${refusal})`, options);
  return new TransientError(prefix, undefined, options);
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}
