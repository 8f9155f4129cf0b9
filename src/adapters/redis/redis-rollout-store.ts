import type { RolloutRecord } from "../../core/machine/types.js";
import { ConflictError, InvariantError } from "../../core/errors.js";
import type { EffectJournal, RolloutKey, RolloutStore, StoredRecord } from "../../ports/rollout-store.js";
import { rolloutKeyString } from "../../ports/rollout-store.js";
import type { RedisConnection } from "./redis-connection.js";
import { DEFAULT_REDIS_PREFIX } from "./redis-prefix.js";
import { RedisScript } from "./redis-script.js";

export interface RedisRolloutStoreOptions {
  /** Key prefix (default `canary-bot:`). */
  readonly prefix?: string;
}

interface StoredData {
  readonly key: RolloutKey;
  readonly record: RolloutRecord;
  readonly journal?: EffectJournal;
}

/**
 * Compare-and-swap on the version in one atomic step. Replies `{1, newVersion}` or
 * `{0, currentVersion}` ("" when there is no record).
 */
const saveScript = new RedisScript(
  "save-rollout",
  `local current = redis.call('HGET', KEYS[1], 'version')
if current == false then current = '' end
if current ~= ARGV[1] then return {0, current} end
local version = tostring((tonumber(ARGV[1]) or 0) + 1)
redis.call('HSET', KEYS[1], 'version', version, 'data', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return {1, version}`,
);

/**
 * Rollout records in Redis, for several replicas: one hash per rollout (`version`, and `data`:
 * the record and effect journal as JSON) and a set of all rollout keys for `list`. `save` is a
 * compare-and-swap on the version, atomic on the server, so of two replicas saving the same
 * version exactly one wins and the other gets a `ConflictError`.
 */
export class RedisRolloutStore implements RolloutStore {
  readonly #redis: RedisConnection;
  readonly #prefix: string;

  constructor(redis: RedisConnection, options: RedisRolloutStoreOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  }

  async load(key: RolloutKey): Promise<StoredRecord | undefined> {
    const redisKey = this.#recordKey(key);
    const [version, data] = await this.#redis.call("HMGET", (client) => client.hmget(redisKey, "version", "data"));
    if (version === null || version === undefined || data === null || data === undefined) return undefined;
    const parsed = parseData(data, redisKey);
    return {
      record: parsed.record,
      version: parseVersion(version, redisKey),
      ...(parsed.journal ? { journal: parsed.journal } : {}),
    };
  }

  async save(key: RolloutKey, record: RolloutRecord, expectedVersion: number | undefined, journal?: EffectJournal): Promise<number> {
    const data: StoredData = { key: { repo: key.repo, canary: key.canary }, record, ...(journal ? { journal } : {}) };
    const redisKey = this.#recordKey(key);
    const reply = await saveScript.run(
      this.#redis,
      [redisKey, this.#indexKey()],
      [expectedVersion === undefined ? "" : String(expectedVersion), JSON.stringify(data), rolloutKeyString(key)],
    );
    if (!Array.isArray(reply) || reply.length !== 2) {
      throw new InvariantError(`redis script ${saveScript.name} answered ${JSON.stringify(reply)}, expected [status, version]`);
    }
    const [status, version] = reply as [unknown, unknown];
    if (status === 1 && typeof version === "string") return parseVersion(version, redisKey);
    const found = typeof version === "string" && version !== "" ? version : "none";
    throw new ConflictError(
      `rollout record ${key.repo} ${key.canary} changed: expected version ${String(expectedVersion ?? "none")}, found ${found}`,
    );
  }

  async list(): Promise<readonly RolloutKey[]> {
    const members = await this.#redis.call("SMEMBERS", (client) => client.smembers(this.#indexKey()));
    return members.sort().flatMap((member) => {
      const at = member.indexOf("#");
      // A GitHub repository name never contains "#", so the first one separates repo and Canary.
      return at > 0 ? [{ repo: member.slice(0, at), canary: member.slice(at + 1) }] : [];
    });
  }

  async remove(key: RolloutKey): Promise<void> {
    const redisKey = this.#recordKey(key);
    await this.#redis.call("MULTI DEL SREM", (client) =>
      client.multi().del(redisKey).srem(this.#indexKey(), rolloutKeyString(key)).exec(),
    );
  }

  #recordKey(key: RolloutKey): string {
    return `${this.#prefix}rollout:${rolloutKeyString(key)}`;
  }

  #indexKey(): string {
    return `${this.#prefix}rollouts`;
  }
}

function parseVersion(text: string, redisKey: string): number {
  const version = Number(text);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new InvariantError(`rollout record ${redisKey} in redis has an invalid version ${JSON.stringify(text)}`);
  }
  return version;
}

function parseData(text: string, redisKey: string): StoredData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new InvariantError(`rollout record ${redisKey} in redis is not valid JSON: ${String(error)}`);
  }
  if (typeof value !== "object" || value === null || !("record" in value) || typeof value.record !== "object" || value.record === null) {
    throw new InvariantError(`rollout record ${redisKey} in redis has no "record" object`);
  }
  return value as StoredData;
}
