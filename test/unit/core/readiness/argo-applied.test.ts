import { describe, expect, it } from "vitest";
import type { ArgoApplicationLike } from "../../../../src/core/readiness/argo-applied.js";
import { argoApplied } from "../../../../src/core/readiness/argo-applied.js";
import { MINE, NEWER, OLD, isDescendantOfMine } from "./commit-graph.js";

function application(status: NonNullable<ArgoApplicationLike["status"]>): ArgoApplicationLike {
  return { metadata: { namespace: "argocd", name: "podinfo" }, status };
}

describe("argoApplied", () => {
  it("is applied when Synced at the commit", async () => {
    const app = application({
      sync: { status: "Synced", revision: MINE },
      health: { status: "Healthy" },
      operationState: { phase: "Succeeded", syncResult: { revision: MINE } },
    });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "applied",
      verified: true,
      via: "Argo CD Application argocd/podinfo Synced at 2222222 (health Healthy)",
    });
  });

  it("is applied when Synced at a descendant", async () => {
    const app = application({ sync: { status: "Synced", revision: NEWER } });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "applied",
      verified: true,
      via: "Argo CD Application argocd/podinfo Synced at 3333333",
    });
  });

  it("is pending while OutOfSync at the commit", async () => {
    const app = application({ sync: { status: "OutOfSync", revision: MINE }, operationState: { phase: "Succeeded", syncResult: { revision: OLD } } });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Argo CD Application argocd/podinfo is OutOfSync at 2222222: waiting for it to sync",
    });
  });

  it("is pending while Argo CD has not seen the commit, with its errors", async () => {
    const app = application({
      sync: { status: "Synced", revision: OLD },
      conditions: [{ type: "ComparisonError", message: "rpc error: repository not accessible" }],
    });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Argo CD Application argocd/podinfo is at 1111111 (Synced), waiting for 2222222; ComparisonError: rpc error: repository not accessible",
    });
  });

  it("fails when the sync operation of the commit failed", async () => {
    const app = application({
      sync: { status: "OutOfSync", revision: MINE },
      operationState: {
        phase: "Failed",
        message: 'one or more objects failed to apply, reason: HTTPRoute.gateway.networking.k8s.io "podinfo" is invalid',
        syncResult: { revision: MINE },
      },
    });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "failed",
      reason:
        'Application argocd/podinfo: sync of 2222222 ended Failed: one or more objects failed to apply, reason: HTTPRoute.gateway.networking.k8s.io "podinfo" is invalid',
    });
  });

  it("ignores a failed sync of an older revision", async () => {
    const app = application({
      sync: { status: "OutOfSync", revision: MINE },
      operationState: { phase: "Failed", message: "old failure", syncResult: { revision: OLD } },
    });
    expect((await argoApplied(app, MINE, isDescendantOfMine)).state).toBe("pending");
  });

  it("is pending while the sync of the commit is running, even if already Synced", async () => {
    const app = application({
      sync: { status: "Synced", revision: MINE },
      operationState: { phase: "Running", operation: { sync: { revision: MINE } } },
    });
    expect(await argoApplied(app, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Application argocd/podinfo: sync of 2222222 is Running",
    });
  });

  it("checks every source of a multi-source Application", async () => {
    const app = application({ sync: { status: "Synced", revisions: ["7.1.0", MINE] } });
    expect((await argoApplied(app, MINE, isDescendantOfMine)).state).toBe("applied");
  });

  it("is pending without status", async () => {
    expect(await argoApplied({ metadata: { namespace: "argocd", name: "podinfo" } }, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Argo CD Application argocd/podinfo is at no revision yet (Unknown), waiting for 2222222",
    });
  });
});
