import { describe, expect, it } from "vitest";
import type { ConditionLike } from "../../../../src/core/readiness/condition.js";
import type { FluxKustomizationLike } from "../../../../src/core/readiness/flux-applied.js";
import { fluxApplied } from "../../../../src/core/readiness/flux-applied.js";
import { MINE, NEWER, OLD, isDescendantOfMine } from "./commit-graph.js";

const readyTrue: ConditionLike = { type: "Ready", status: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${NEWER}` };

function kustomization(status: NonNullable<FluxKustomizationLike["status"]>, generation = 4, suspend = false): FluxKustomizationLike {
  return { metadata: { namespace: "flux-system", name: "apps", generation }, spec: { suspend }, status };
}

describe("fluxApplied", () => {
  it("is applied when the applied revision is the commit and Ready=True at the current generation", async () => {
    const k = kustomization({ observedGeneration: 4, lastAppliedRevision: `main@sha1:${MINE}`, lastAttemptedRevision: `main@sha1:${MINE}`, conditions: [readyTrue] });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "applied",
      verified: true,
      via: `Flux Kustomization flux-system/apps at main@sha1:${MINE}`,
    });
  });

  it("is applied when Flux has applied a descendant of the commit", async () => {
    const k = kustomization({ observedGeneration: 4, lastAppliedRevision: `main@sha1:${NEWER}`, conditions: [readyTrue] });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toMatchObject({ state: "applied", via: `Flux Kustomization flux-system/apps at main@sha1:${NEWER}` });
  });

  it("is pending while Flux is behind", async () => {
    const k = kustomization({ observedGeneration: 4, lastAppliedRevision: `main@sha1:${OLD}`, conditions: [readyTrue] });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({ state: "pending", reason: "Flux has applied 1111111, waiting for 2222222" });
  });

  it("says when the Kustomization is suspended", async () => {
    const k = kustomization({ observedGeneration: 4, lastAppliedRevision: `main@sha1:${OLD}`, conditions: [readyTrue] }, 4, true);
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Flux has applied 1111111, waiting for 2222222; the Kustomization is suspended (spec.suspend: true) and will not apply new revisions",
    });
  });

  it("fails with the condition message when the attempt at the commit failed", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `main@sha1:${OLD}`,
      lastAttemptedRevision: `main@sha1:${MINE}`,
      conditions: [{ type: "Ready", status: "False", reason: "HealthCheckFailed", message: "health check failed after 2m0s: timeout waiting for: [Deployment/test/podinfo status: 'InProgress']" }],
    });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "failed",
      reason:
        "Kustomization flux-system/apps failed to apply 2222222: HealthCheckFailed: health check failed after 2m0s: timeout waiting for: [Deployment/test/podinfo status: 'InProgress']",
    });
  });

  it("keeps waiting, with the failure in the reason, when an older revision failed", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `main@sha1:${OLD}`,
      lastAttemptedRevision: `main@sha1:${OLD}`,
      conditions: [{ type: "Ready", status: "False", reason: "ReconciliationFailed", message: "kustomize build failed" }],
    });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Flux has applied 1111111, waiting for 2222222; last reconciliation: ReconciliationFailed: kustomize build failed",
    });
  });

  it("keeps waiting on reasons Flux retries by itself", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `main@sha1:${OLD}`,
      lastAttemptedRevision: `main@sha1:${MINE}`,
      conditions: [{ type: "Ready", status: "False", reason: "DependencyNotReady", message: "dependency 'flux-system/infra' is not ready" }],
    });
    expect((await fluxApplied(k, MINE, isDescendantOfMine)).state).toBe("pending");
  });

  it("is pending when Ready=True is for a stale generation", async () => {
    const k = kustomization({ observedGeneration: 3, lastAppliedRevision: `main@sha1:${MINE}`, conditions: [readyTrue] }, 4);
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Kustomization flux-system/apps has applied 2222222 but its status is for generation 3, the object is at generation 4: waiting for Flux to reconcile it",
    });
  });

  it("is pending while reconciling (Ready=Unknown)", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `main@sha1:${MINE}`,
      conditions: [{ type: "Ready", status: "Unknown", reason: "Progressing", message: "Reconciliation in progress" }],
    });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Kustomization flux-system/apps is reconciling (Ready=Unknown): Progressing: Reconciliation in progress",
    });
  });

  it("fails when Ready=False after applying the commit", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `main@sha1:${MINE}`,
      lastAttemptedRevision: `main@sha1:${MINE}`,
      conditions: [{ type: "Ready", status: "False", reason: "HealthCheckFailed", message: "Deployment/test/podinfo-primary status: 'Failed'" }],
    });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "failed",
      reason: "Kustomization flux-system/apps is not Ready after applying 2222222: HealthCheckFailed: Deployment/test/podinfo-primary status: 'Failed'",
    });
  });

  it("uses the origin revision of OCI artifacts built from Git", async () => {
    const k = kustomization({
      observedGeneration: 4,
      lastAppliedRevision: `latest@sha256:${"b".repeat(64)}`,
      lastAppliedOriginRevision: `main@sha1:${MINE}`,
      conditions: [readyTrue],
    });
    expect((await fluxApplied(k, MINE, isDescendantOfMine)).state).toBe("applied");
  });

  it("explains a revision that names no Git commit", async () => {
    const k = kustomization({ observedGeneration: 4, lastAppliedRevision: `latest@sha256:${"b".repeat(64)}`, conditions: [readyTrue] });
    expect(await fluxApplied(k, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: `Kustomization flux-system/apps applies revision "latest@sha256:${"b".repeat(64)}", which names no Git commit comparable with 2222222; it cannot confirm the commit (check the Kustomization's source)`,
    });
  });

  it("is pending before the first reconciliation", async () => {
    expect(await fluxApplied({ metadata: { namespace: "flux-system", name: "apps", generation: 1 } }, MINE, isDescendantOfMine)).toEqual({
      state: "pending",
      reason: "Flux has not applied any revision of Kustomization flux-system/apps yet, waiting for 2222222",
    });
  });
});
