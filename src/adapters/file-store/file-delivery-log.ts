import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { DeliveryLog } from "../../ports/rollout-store.js";

/**
 * Delivery ids seen, kept in memory (bounded) and appended to a file so a restart still knows
 * the recent ones. GitHub keeps the same id when a delivery is redelivered.
 */
export class FileDeliveryLog implements DeliveryLog {
  readonly #file: string;
  readonly #limit: number;
  readonly #seen = new Set<string>();
  #loaded: Promise<void> | undefined;

  constructor(file: string, limit = 10_000) {
    this.#file = file;
    this.#limit = limit;
  }

  async firstSeen(deliveryId: string): Promise<boolean> {
    this.#loaded ??= this.#load();
    await this.#loaded;
    if (this.#seen.has(deliveryId)) return false;
    this.#remember(deliveryId);
    await mkdir(dirname(this.#file), { recursive: true });
    await appendFile(this.#file, deliveryId + "\n", "utf8");
    return true;
  }

  #remember(id: string): void {
    this.#seen.add(id);
    if (this.#seen.size > this.#limit) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  async #load(): Promise<void> {
    let text = "";
    try {
      text = await readFile(this.#file, "utf8");
    } catch (error: unknown) {
      if (!(typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT")) throw error;
    }
    for (const id of text.split("\n").filter(Boolean).slice(-this.#limit)) this.#remember(id);
  }
}
