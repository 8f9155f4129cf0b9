import { describe, expect, it } from "vitest";
import { NoClusterObserver } from "../../../src/adapters/no-cluster/no-cluster-observer.js";
import type { AppliedQuery, ClusterObserver } from "../../../src/ports/cluster-observer.js";
import { MINE, isAncestor } from "../../unit/core/readiness/commit-graph.js";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const observer: ClusterObserver = new NoClusterObserver({ appliedDelayMs: 60_000 });
const query = (extra: Partial<AppliedQuery> = {}): AppliedQuery => ({
  via: { kind: "flux-kustomization", namespace: "flux-system", name: "apps" },
  commitSha: MINE,
  isAncestor,
  ...extra,
});

describe("NoClusterObserver (running without cluster access)", () => {
  it("waits the configured delay from the commit, then assumes, unverified", async () => {
    expect(await observer.applied(query({ committedAt: T0 }), T0 + 15_500)).toEqual({
      state: "pending",
      reason: "waiting 45 s (no cluster access: not verified)",
    });
    expect(await observer.applied(query({ committedAt: T0 }), T0 + 60_000)).toEqual({ state: "assumed", verified: false, afterMs: 60_000 });
    expect(await observer.applied(query({ committedAt: T0 }), T0 + 90_000)).toEqual({ state: "assumed", verified: false, afterMs: 90_000 });
  });

  it("cannot time a commit without its time", async () => {
    expect(await observer.applied(query(), T0)).toEqual({
      state: "pending",
      reason: "no cluster access and no commit time for 2222222: cannot time the applied delay (not verified)",
    });
  });

  it("knows nothing about readiness or secrets, and does not nudge", async () => {
    expect(await observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0)).toEqual({ state: "unknown" });
    expect(await observer.secret("test", "alerts")).toBeUndefined();
    await expect(observer.nudge({ kind: "flux-kustomization", namespace: "flux-system", name: "apps" }, T0)).resolves.toBeUndefined();
  });

  it("rejects a negative delay", () => {
    expect(() => new NoClusterObserver({ appliedDelayMs: -1 })).toThrow("appliedDelayMs must be a non-negative number of milliseconds, got -1");
  });
});
