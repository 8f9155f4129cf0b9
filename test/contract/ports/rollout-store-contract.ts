import { describe, expect, it } from "vitest";
import type { RolloutRecord } from "../../../src/core/machine/types.js";
import { ConflictError } from "../../../src/core/errors.js";
import type { RolloutKey, RolloutStore } from "../../../src/ports/rollout-store.js";

export function sampleRecord(phase: RolloutRecord["phase"] = "Progressing", weight = 10): RolloutRecord {
  return {
    canary: { namespace: "test", name: "podinfo" },
    phase,
    revision: "r2",
    primaryRevision: "r1",
    failedChecks: 0,
    iterations: 0,
    traffic: { primaryWeight: 100 - weight, canaryWeight: weight, mirrored: false },
    lastTransitionAt: 1_000,
    steps: [],
    preRolloutPassed: true,
    alertedWaits: [],
  };
}

/** The behaviour every RolloutStore must have, run against each implementation. */
export function describeRolloutStoreContract(name: string, make: () => Promise<{ store: RolloutStore; cleanup: () => Promise<void> }>): void {
  describe(`RolloutStore contract: ${name}`, () => {
    const key: RolloutKey = { repo: "acme/deploys", canary: "test/podinfo" };

    it("returns nothing for an unknown rollout", async () => {
      const { store, cleanup } = await make();
      try {
        expect(await store.load(key)).toBeUndefined();
        expect(await store.list()).toEqual([]);
      } finally {
        await cleanup();
      }
    });

    it("saves with optimistic locking and increments the version", async () => {
      const { store, cleanup } = await make();
      try {
        const v1 = await store.save(key, sampleRecord("Progressing", 10), undefined);
        expect(v1).toBe(1);
        await expect(store.save(key, sampleRecord("Progressing", 20), undefined)).rejects.toBeInstanceOf(ConflictError);
        const v2 = await store.save(key, sampleRecord("Progressing", 20), v1);
        expect(v2).toBe(2);
        await expect(store.save(key, sampleRecord("Progressing", 30), v1)).rejects.toBeInstanceOf(ConflictError);
        const loaded = await store.load(key);
        expect(loaded?.version).toBe(2);
        expect(loaded?.record.traffic.canaryWeight).toBe(20);
      } finally {
        await cleanup();
      }
    });

    it("lets exactly one of two concurrent writers of the same version win", async () => {
      const { store, cleanup } = await make();
      try {
        const v1 = await store.save(key, sampleRecord(), undefined);
        const results = await Promise.allSettled([
          store.save(key, sampleRecord("Progressing", 20), v1),
          store.save(key, sampleRecord("Progressing", 30), v1),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected");
        expect(rejected?.status === "rejected" && rejected.reason instanceof ConflictError).toBe(true);
      } finally {
        await cleanup();
      }
    });

    it("keeps the effect journal with the record, lists and removes keys", async () => {
      const { store, cleanup } = await make();
      try {
        const other: RolloutKey = { repo: "acme/other.repo", canary: "prod/web" };
        await store.save(key, sampleRecord(), undefined, { planId: "p1", done: ["commit"], commitSha: "abc" });
        await store.save(other, sampleRecord("Succeeded", 0), undefined);
        expect((await store.load(key))?.journal).toEqual({ planId: "p1", done: ["commit"], commitSha: "abc" });
        expect((await store.load(other))?.journal).toBeUndefined();
        expect([...(await store.list())].sort((a, b) => a.repo.localeCompare(b.repo))).toEqual([key, other]);
        await store.remove(other);
        expect(await store.list()).toEqual([key]);
      } finally {
        await cleanup();
      }
    });

    it("forgets a removed rollout completely: it loads as unknown and starts again at version 1", async () => {
      const { store, cleanup } = await make();
      try {
        const v1 = await store.save(key, sampleRecord("Progressing", 10), undefined, { planId: "p1", done: [] });
        await store.save(key, sampleRecord("Succeeded", 0), v1);
        await store.remove(key);
        await store.remove(key);
        expect(await store.load(key)).toBeUndefined();
        expect(await store.list()).toEqual([]);
        await expect(store.save(key, sampleRecord(), 2)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.save(key, sampleRecord("Progressing", 5), undefined)).toBe(1);
        const loaded = await store.load(key);
        expect(loaded?.record).toEqual(sampleRecord("Progressing", 5));
        expect(loaded?.journal).toBeUndefined();
      } finally {
        await cleanup();
      }
    });
  });
}
