import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileDeliveryLog } from "../../../src/adapters/file-store/file-delivery-log.js";
import { FileRolloutStore } from "../../../src/adapters/file-store/file-rollout-store.js";
import { InProcessQueue } from "../../../src/adapters/in-process/in-process-queue.js";
import { SystemClock } from "../../../src/adapters/in-process/system-clock.js";
import { describeRolloutStoreContract, sampleRecord } from "../ports/rollout-store-contract.js";
import { describeWorkQueueContract } from "../ports/work-queue-contract.js";

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "canary-bot-store-"));
}

describeRolloutStoreContract("file store", async () => {
  const dir = await tempDir();
  return { store: new FileRolloutStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describeWorkQueueContract("in-process queue", () => {
  const queue = new InProcessQueue({ clock: new SystemClock(), retryDelayMs: 50 });
  return Promise.resolve({ queue, cleanup: () => queue.stop() });
});

describe("file store durability", () => {
  it("survives a new process: a second store on the same directory reads what the first wrote", async () => {
    const dir = await tempDir();
    try {
      const key = { repo: "acme/deploys", canary: "test/podinfo" };
      await new FileRolloutStore(dir).save(key, sampleRecord("Progressing", 30), undefined);
      const loaded = await new FileRolloutStore(dir).load(key);
      expect(loaded?.version).toBe(1);
      expect(loaded?.record.traffic.canaryWeight).toBe(30);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the file when a record is corrupt instead of crashing later", async () => {
    const dir = await tempDir();
    try {
      const key = { repo: "acme/deploys", canary: "test/podinfo" };
      const store = new FileRolloutStore(dir);
      await store.save(key, sampleRecord(), undefined);
      const { readdir, writeFile } = await import("node:fs/promises");
      const [file] = await readdir(dir);
      await writeFile(join(dir, file!), "{not json");
      await expect(store.load(key)).rejects.toThrow(/is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("delivery log", () => {
  it("sees an id once, also after a restart", async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, "deliveries.log");
      const log = new FileDeliveryLog(file);
      expect(await log.firstSeen("d-1")).toBe(true);
      expect(await log.firstSeen("d-1")).toBe(false);
      expect(await new FileDeliveryLog(file).firstSeen("d-1")).toBe(false);
      expect(await new FileDeliveryLog(file).firstSeen("d-2")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
