import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RolloutRecord } from "../../core/machine/types.js";
import { ConflictError } from "../../core/errors.js";
import type { EffectJournal, RolloutKey, RolloutStore, StoredRecord } from "../../ports/rollout-store.js";

interface FileContent {
  readonly key: RolloutKey;
  readonly version: number;
  readonly record: RolloutRecord;
  readonly journal?: EffectJournal;
}

function fileName(key: RolloutKey): string {
  const safe = (s: string) => encodeURIComponent(s).replace(/\./g, "%2E");
  return `${safe(key.repo)}__${safe(key.canary)}.json`;
}

/**
 * Rollout records as JSON files in one directory: the embedded default (one replica). Writes are
 * atomic (temporary file, fsync, rename), and `save` is a compare-and-swap on the version.
 */
export class FileRolloutStore implements RolloutStore {
  readonly #dir: string;
  /** Serialises compare-and-swap per key inside this process. */
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  async load(key: RolloutKey): Promise<StoredRecord | undefined> {
    const content = await this.#read(fileName(key));
    if (!content) return undefined;
    return { record: content.record, version: content.version, ...(content.journal ? { journal: content.journal } : {}) };
  }

  async save(key: RolloutKey, record: RolloutRecord, expectedVersion: number | undefined, journal?: EffectJournal): Promise<number> {
    const name = fileName(key);
    return this.#withLock(name, async () => {
      const current = await this.#read(name);
      if (current?.version !== expectedVersion) {
        throw new ConflictError(
          `rollout record ${key.repo} ${key.canary} changed: expected version ${String(expectedVersion ?? "none")}, found ${String(current?.version ?? "none")}`,
        );
      }
      const version = (expectedVersion ?? 0) + 1;
      const content: FileContent = { key, version, record, ...(journal ? { journal } : {}) };
      await this.#writeAtomic(name, JSON.stringify(content, null, 2) + "\n");
      return version;
    });
  }

  async list(): Promise<readonly RolloutKey[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (error: unknown) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const keys: RolloutKey[] = [];
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
      const content = await this.#read(name);
      if (content) keys.push(content.key);
    }
    return keys;
  }

  async remove(key: RolloutKey): Promise<void> {
    await rm(join(this.#dir, fileName(key)), { force: true });
  }

  async #read(name: string): Promise<FileContent | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.#dir, name), "utf8");
    } catch (error: unknown) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as FileContent;
    } catch (error: unknown) {
      throw new Error(`rollout record ${join(this.#dir, name)} is not valid JSON: ${String(error)}`, { cause: error });
    }
  }

  async #writeAtomic(name: string, text: string): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const target = join(this.#dir, name);
    const temp = `${target}.${randomUUID()}.tmp`;
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async #withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.#locks.set(name, next.catch(() => undefined));
    return next;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}
