import type { RolloutRecord } from "../core/machine/types.js";

/** Identifies one Canary's rollout: the repository and the Canary in it. */
export interface RolloutKey {
  /** `owner/name` */
  readonly repo: string;
  /** `namespace/name` of the Canary */
  readonly canary: string;
}

export function rolloutKeyString(key: RolloutKey): string {
  return `${key.repo}#${key.canary}`;
}

export interface StoredRecord {
  readonly record: RolloutRecord;
  /** Optimistic-locking version: `save` must be given the version that was read. */
  readonly version: number;
  /** What the executor has already done for the plan being carried out (crash recovery). */
  readonly journal?: EffectJournal;
}

/**
 * Written before a plan's effects run and cleared when it is saved: after a crash the engine
 * sees which effects of the interrupted plan already happened (by their idempotency keys).
 */
export interface EffectJournal {
  readonly planId: string;
  readonly done: readonly string[];
  /** Commit created by this plan, if any (so the barrier can point at it after a crash). */
  readonly commitSha?: string;
}

export interface RolloutStore {
  load(key: RolloutKey): Promise<StoredRecord | undefined>;
  /** Throws ConflictError when the stored version is not `expectedVersion` (undefined = must not exist). */
  save(key: RolloutKey, record: RolloutRecord, expectedVersion: number | undefined, journal?: EffectJournal): Promise<number>;
  list(): Promise<readonly RolloutKey[]>;
  remove(key: RolloutKey): Promise<void>;
}

/** Remembers webhook delivery ids so a redelivered event does nothing twice. */
export interface DeliveryLog {
  /** True the first time an id is seen. */
  firstSeen(deliveryId: string): Promise<boolean>;
}
