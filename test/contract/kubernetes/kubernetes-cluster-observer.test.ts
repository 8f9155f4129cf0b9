import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ForbiddenError, TransientError } from "../../../src/core/errors.js";
import { KubernetesClusterObserver } from "../../../src/adapters/kubernetes/kubernetes-cluster-observer.js";
import type { AppliedQuery } from "../../../src/ports/cluster-observer.js";
import { FakeKubeApiServer } from "../../support/fake-kube-apiserver.js";
import { MINE, NEWER, OLD, isAncestor } from "../../unit/core/readiness/commit-graph.js";
import {
  APPLICATION_REF,
  applicationObject,
  deploymentObject,
  fluxStatus,
  GIT_REPOSITORY_REF,
  gitRepositoryObject,
  iso,
  KUSTOMIZATION_REF,
  kustomizationObject,
  ROUTE_REF,
  routeObject,
  routeStatus,
  secretObject,
  T0,
} from "./fixtures.js";

let fake: FakeKubeApiServer;
let observer: KubernetesClusterObserver;

function observerFor(yaml: string, options: { nudgeFlux?: boolean; requestTimeoutMs?: number } = {}): KubernetesClusterObserver {
  const config = new KubeConfig();
  config.loadFromString(yaml);
  return new KubernetesClusterObserver(config, { cluster: "prod", ...options });
}

beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
  observer = observerFor(fake.kubeconfig());
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

const fluxQuery = (commitSha: string, extra: Partial<AppliedQuery> = {}): AppliedQuery => ({
  via: { kind: "flux-kustomization", namespace: "flux-system", name: "apps" },
  commitSha,
  isAncestor,
  ...extra,
});

const route90 = {
  namespace: "test",
  name: "podinfo",
  apiVersion: "gateway.networking.k8s.io/v1",
  expected: [
    { backend: "podinfo-primary", weight: 90 },
    { backend: "podinfo-canary", weight: 10 },
  ],
};

describe("readiness", () => {
  const progressing = { type: "Progressing", status: "True" as const, reason: "NewReplicaSetAvailable" };

  it("is ready when the canary's updated replicas are available", async () => {
    fake.seed(deploymentObject({ name: "podinfo", replicas: 2, updated: 2, available: 2, conditions: [progressing] }));
    expect(await observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0)).toEqual({ state: "ready" });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /apis/apps/v1/namespaces/test/deployments/podinfo"]);
  });

  it("is not ready while the rollout is in progress", async () => {
    fake.seed(deploymentObject({ name: "podinfo", replicas: 3, updated: 1, statusReplicas: 3, available: 2, conditions: [progressing] }));
    expect(await observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0)).toEqual({
      state: "not-ready",
      reason: "canary deployment test/podinfo not ready: waiting for rollout to finish: 1 out of 3 new replicas have been updated",
    });
  });

  it("fails when MinimumReplicasUnavailable outlasts the progress deadline", async () => {
    fake.seed(
      deploymentObject({
        name: "podinfo",
        replicas: 2,
        updated: 2,
        available: 0,
        conditions: [
          { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", lastUpdateTime: iso(T0 - 700_000) },
          { type: "Progressing", status: "True", reason: "ReplicaSetUpdated" },
        ],
      }),
    );
    expect(await observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0)).toEqual({
      state: "failed",
      reason:
        "canary deployment test/podinfo not ready: waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available; " +
        "Available=False (MinimumReplicasUnavailable) since 2026-03-01T11:48:20.000Z, past the 600s progress deadline",
    });
  });

  it("fails a primary scaled to 0 (role from the -primary suffix)", async () => {
    fake.seed(deploymentObject({ name: "podinfo-primary", replicas: 0, updated: 0, available: 0, conditions: [progressing] }));
    expect(await observer.readiness({ namespace: "test", name: "podinfo-primary" }, 100, 600, T0)).toEqual({
      state: "failed",
      reason: "primary deployment test/podinfo-primary has 0 replicas (spec.replicas: 0): halt advancement",
    });
    expect((await observer.readiness({ namespace: "test", name: "podinfo-primary", role: "canary" }, 100, 600, T0)).state).toBe("ready");
  });

  it("is not ready when the Deployment does not exist", async () => {
    expect(await observer.readiness({ namespace: "test", name: "podinfo-primary" }, 100, 600, T0)).toEqual({
      state: "not-ready",
      reason: 'primary deployment not ready: Deployment test/podinfo-primary not found in cluster "prod"',
    });
  });

  it("names the RBAC rule to grant when forbidden", async () => {
    fake.deny({ verb: "get", group: "apps", resource: "deployments" });
    const error = await thrown(observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toBe(
      'cluster "prod" forbids get on deployments.apps in namespace test (HTTP 403: deployments.apps "podinfo" is forbidden: ' +
        'User "system:serviceaccount:canary-bot:canary-bot" cannot get resource "deployments" in API group "apps" in the namespace "test"). ' +
        'Grant the bot\'s identity an RBAC rule with apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] in namespace test',
    );
  });
});

describe("applied through Flux", () => {
  beforeEach(() => {
    fake.seed(gitRepositoryObject());
    fake.seed(kustomizationObject());
  });

  const setFlux = (applied: string, extra: Partial<Parameters<typeof fluxStatus>[0]> = {}) => {
    const generation = fake.get(KUSTOMIZATION_REF)!.metadata!.generation as number;
    fake.setStatus(
      KUSTOMIZATION_REF,
      fluxStatus({ observedGeneration: generation, applied, ready: "True", reason: "ReconciliationSucceeded", message: `Applied revision: main@sha1:${applied}`, ...extra }),
    );
  };

  it("is applied when Flux applied the commit", async () => {
    setFlux(MINE);
    expect(await observer.applied(fluxQuery(MINE, { committedAt: T0 - 42_000 }), T0)).toEqual({
      state: "applied",
      verified: true,
      via: `Flux Kustomization flux-system/apps at main@sha1:${MINE}`,
      afterMs: 42_000,
    });
  });

  it("is applied when Flux applied a descendant", async () => {
    setFlux(NEWER);
    expect((await observer.applied(fluxQuery(MINE), T0)).state).toBe("applied");
  });

  it("is pending while Flux is behind", async () => {
    setFlux(OLD);
    expect(await observer.applied(fluxQuery(MINE), T0)).toEqual({ state: "pending", reason: "Flux has applied 1111111, waiting for 2222222" });
  });

  it("fails with Flux's message when reconciling the commit failed", async () => {
    setFlux(OLD, { attempted: MINE, ready: "False", reason: "ReconciliationFailed", message: 'HTTPRoute/test/podinfo dry-run failed: spec.rules[0].backendRefs[0].weight: Invalid value: -1' });
    expect(await observer.applied(fluxQuery(MINE), T0)).toEqual({
      state: "failed",
      reason:
        "Kustomization flux-system/apps failed to apply 2222222: ReconciliationFailed: HTTPRoute/test/podinfo dry-run failed: spec.rules[0].backendRefs[0].weight: Invalid value: -1",
    });
  });

  it("is pending when Ready=True belongs to an older generation", async () => {
    setFlux(MINE);
    fake.mutate(KUSTOMIZATION_REF, (k) => {
      (k.spec as { interval: string }).interval = "5m";
    });
    expect(await observer.applied(fluxQuery(MINE), T0)).toEqual({
      state: "pending",
      reason:
        "Kustomization flux-system/apps has applied 2222222 but its status is for generation 1, the object is at generation 2: waiting for Flux to reconcile it",
    });
  });

  it("reports a missing Kustomization clearly", async () => {
    fake.delete(KUSTOMIZATION_REF);
    expect(await observer.applied(fluxQuery(MINE), T0)).toEqual({
      state: "pending",
      reason: 'Kustomization flux-system/apps not found in cluster "prod"',
    });
  });

  it("also needs the live route: weights, then acceptance of the new generation", async () => {
    setFlux(MINE);
    fake.seed(routeObject(100, 0));
    fake.setStatus(ROUTE_REF, routeStatus(1));
    expect(await observer.applied(fluxQuery(MINE, { route: route90 }), T0)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo routes podinfo-primary=100, podinfo-canary=0 in rule 1, expected podinfo-primary=90, podinfo-canary=10",
    });

    fake.seed(routeObject(90, 10));
    expect(fake.get(ROUTE_REF)!.metadata!.generation).toBe(2);
    expect(await observer.applied(fluxQuery(MINE, { route: route90 }), T0)).toEqual({
      state: "pending",
      reason: "HTTPRoute test/podinfo: waiting for parent Gateway gateway/public to accept generation 2 (it has accepted generation 1)",
    });

    fake.setStatus(ROUTE_REF, routeStatus(2));
    expect(await observer.applied(fluxQuery(MINE, { route: route90 }), T0)).toEqual({
      state: "applied",
      verified: true,
      via:
        `Flux Kustomization flux-system/apps at main@sha1:${MINE}; ` +
        "HTTPRoute test/podinfo generation 2 routes podinfo-primary=90, podinfo-canary=10, accepted by Gateway gateway/public",
    });
  });
});

describe("applied through Argo CD", () => {
  const argoQuery = (): AppliedQuery => ({ via: { kind: "argocd-application", namespace: "argocd", name: "podinfo" }, commitSha: MINE, isAncestor });

  beforeEach(() => {
    fake.seed(applicationObject());
  });

  it("is applied when Synced at the commit", async () => {
    fake.setStatus(APPLICATION_REF, {
      sync: { status: "Synced", revision: MINE },
      health: { status: "Healthy" },
      operationState: { phase: "Succeeded", message: "successfully synced (all tasks run)", syncResult: { revision: MINE } },
    });
    expect(await observer.applied(argoQuery(), T0)).toEqual({
      state: "applied",
      verified: true,
      via: "Argo CD Application argocd/podinfo Synced at 2222222 (health Healthy)",
    });
  });

  it("is pending while OutOfSync", async () => {
    fake.setStatus(APPLICATION_REF, { sync: { status: "OutOfSync", revision: MINE }, health: { status: "Healthy" } });
    expect(await observer.applied(argoQuery(), T0)).toEqual({
      state: "pending",
      reason: "Argo CD Application argocd/podinfo is OutOfSync at 2222222: waiting for it to sync",
    });
  });

  it("fails when the sync of the commit failed", async () => {
    fake.setStatus(APPLICATION_REF, {
      sync: { status: "OutOfSync", revision: MINE },
      operationState: { phase: "Failed", message: "one or more synchronization tasks completed unsuccessfully", syncResult: { revision: MINE } },
    });
    expect(await observer.applied(argoQuery(), T0)).toEqual({
      state: "failed",
      reason: "Application argocd/podinfo: sync of 2222222 ended Failed: one or more synchronization tasks completed unsuccessfully",
    });
  });

  it("reports an object of unexpected shape instead of crashing", async () => {
    fake.setStatus(APPLICATION_REF, { sync: { status: 3 } });
    expect(await observer.applied(argoQuery(), T0)).toEqual({
      state: "pending",
      reason: "Application argocd/podinfo has an unexpected shape (status.sync.status: Invalid input: expected string, received number)",
    });
  });
});

describe("applied without a GitOps object", () => {
  it("checks the route alone", async () => {
    fake.seed(routeObject(90, 10));
    fake.setStatus(ROUTE_REF, routeStatus(1));
    expect((await observer.applied({ commitSha: MINE, isAncestor, route: route90 }, T0)).state).toBe("applied");
  });

  it("says what to configure when there is nothing to check", async () => {
    expect(await observer.applied({ commitSha: MINE, isAncestor }, T0)).toEqual({
      state: "pending",
      reason:
        'cannot verify commit 2222222 in cluster "prod": no Flux Kustomization or Argo CD Application is configured or discovered for this Canary, and no HTTPRoute was given to check',
    });
  });
});

describe("nudge", () => {
  it("merge-patches only the requestedAt annotation on the GitRepository and the Kustomization", async () => {
    fake.seed(gitRepositoryObject());
    fake.seed(kustomizationObject());
    const before = fake.get(KUSTOMIZATION_REF)!;
    fake.clearCalls();

    await observer.nudge({ kind: "flux-kustomization", namespace: "flux-system", name: "apps" }, T0);

    const expectedBody = { metadata: { annotations: { "reconcile.fluxcd.io/requestedAt": "2026-03-01T12:00:00.000Z" } } };
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps",
      "PATCH /apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/gitops",
      "PATCH /apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps",
    ]);
    for (const patch of fake.calls.filter((c) => c.method === "PATCH")) {
      expect(patch.contentType).toBe("application/merge-patch+json");
      expect(JSON.parse(patch.body)).toEqual(expectedBody);
    }
    const after = fake.get(KUSTOMIZATION_REF)!;
    expect(after.metadata!.annotations).toEqual({ "reconcile.fluxcd.io/requestedAt": "2026-03-01T12:00:00.000Z" });
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata!.generation).toBe(before.metadata!.generation);
    expect(fake.get(GIT_REPOSITORY_REF)!.metadata!.annotations).toEqual({ "reconcile.fluxcd.io/requestedAt": "2026-03-01T12:00:00.000Z" });
  });

  it("does nothing for Argo CD, or when nudging is off", async () => {
    fake.seed(kustomizationObject());
    fake.clearCalls();
    await observer.nudge({ kind: "argocd-application", namespace: "argocd", name: "podinfo" }, T0);
    await observerFor(fake.kubeconfig(), { nudgeFlux: false }).nudge({ kind: "flux-kustomization", namespace: "flux-system", name: "apps" }, T0);
    expect(fake.calls).toEqual([]);
  });

  it("names the patch permission when it is missing", async () => {
    fake.seed(gitRepositoryObject());
    fake.seed(kustomizationObject());
    fake.deny({ verb: "patch", resource: "gitrepositories" });
    const error = await thrown(observer.nudge({ kind: "flux-kustomization", namespace: "flux-system", name: "apps" }, T0));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toContain('apiGroups: ["source.toolkit.fluxcd.io"], resources: ["gitrepositories"], verbs: ["patch"] in namespace flux-system');
  });
});

describe("secret", () => {
  it("decodes the data", async () => {
    fake.seed(secretObject("prometheus-auth", { username: "bot", password: "s3cr3t ✓" }));
    expect(await observer.secret("test", "prometheus-auth")).toEqual({ username: "bot", password: "s3cr3t ✓" });
  });

  it("is undefined when the Secret does not exist", async () => {
    expect(await observer.secret("test", "missing")).toBeUndefined();
  });
});

describe("failures to observe", () => {
  it("turns 401 into a ForbiddenError about credentials", async () => {
    const error = await thrown(observerFor(fake.kubeconfig({ token: "expired" })).secret("test", "x"));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe(
      'cluster "prod" rejected the bot\'s credentials (HTTP 401 Unauthorized) on get Secret test/x: the kubeconfig\'s token or client certificate is missing, expired or invalid',
    );
  });

  it("turns 5xx into a TransientError", async () => {
    fake.failNext(503);
    const error = await thrown(observer.readiness({ namespace: "test", name: "podinfo" }, 100, 600, T0));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      'cluster "prod" answered HTTP 503 to get Deployment test/podinfo: the server is currently unable to handle the request',
    );
  });

  it("turns a refused connection into a TransientError", async () => {
    const closed = await FakeKubeApiServer.start();
    const yaml = closed.kubeconfig();
    await closed.close();
    const error = await thrown(observerFor(yaml).applied(fluxQuery(MINE), T0));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe('cluster "prod" unreachable on get Kustomization flux-system/apps (ECONNREFUSED)');
  });

  it("gives up on a server that does not answer", async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const yaml = fake.kubeconfig().replace(fake.url, `http://127.0.0.1:${port}`);
      const error = await thrown(observerFor(yaml, { requestTimeoutMs: 50 }).secret("test", "x"));
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toBe('cluster "prod" did not answer get Secret test/x within 50 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => { resolve(); }));
    }
  });
});
