/**
 * The fake API server itself, driven by the real client-node: the semantics the observer tests
 * rely on must hold, or those tests prove nothing.
 */
import {
  ApiException,
  AppsV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeKubeApiServer } from "../../support/fake-kube-apiserver.js";
import { deploymentObject, KUSTOMIZATION_REF, kustomizationObject, routeObject, ROUTE_REF } from "./fixtures.js";

let fake: FakeKubeApiServer;
let config: KubeConfig;

beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
  config = new KubeConfig();
  config.loadFromString(fake.kubeconfig());
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

async function rejection(promise: Promise<unknown>): Promise<ApiException<string>> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  return error as ApiException<string>;
}

const co = () => config.makeApiClient(CustomObjectsApi);
const routeParams = { group: "gateway.networking.k8s.io", version: "v1", namespace: "test", plural: "httproutes", name: "podinfo" };

describe("fake kube-apiserver", () => {
  it("keeps resourceVersion and generation like the real server", async () => {
    const created = fake.seed(routeObject(100, 0));
    const rv1 = Number(created.metadata!.resourceVersion);
    expect(created.metadata!.generation).toBe(1);

    const patched = await co().patchNamespacedCustomObject(
      { ...routeParams, body: { spec: { rules: [{ backendRefs: [{ name: "podinfo-primary", port: 9898, weight: 90 }] }] } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(patched.metadata.generation).toBe(2);
    expect(Number(patched.metadata.resourceVersion)).toBe(rv1 + 1);

    const annotated = await co().patchNamespacedCustomObject(
      { ...routeParams, body: { metadata: { annotations: { a: "b" } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(annotated.metadata.generation).toBe(2);
    expect(Number(annotated.metadata.resourceVersion)).toBe(rv1 + 2);

    const same = await co().patchNamespacedCustomObject(
      { ...routeParams, body: { metadata: { annotations: { a: "b" } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(same.metadata.resourceVersion).toBe(annotated.metadata.resourceVersion);
  });

  it("keeps status out of main-resource writes and spec out of status writes", async () => {
    fake.seed(routeObject(100, 0));
    fake.setStatus(ROUTE_REF, { parents: [] });
    const before = fake.get(ROUTE_REF)!;
    await co().patchNamespacedCustomObject(
      { ...routeParams, body: { status: { parents: [{ controllerName: "x" }] } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(fake.get(ROUTE_REF)!.status).toEqual({ parents: [] });
    expect(fake.get(ROUTE_REF)!.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);

    const status = await co().patchNamespacedCustomObjectStatus(
      { ...routeParams, body: { spec: { hostnames: ["evil.example.com"] }, status: { parents: [] } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(status.spec.hostnames).toEqual(["app.example.com"]);
    expect(status.metadata.generation).toBe(before.metadata!.generation);
  });

  it("answers PUT with a stale resourceVersion with 409 Conflict", async () => {
    const stored = fake.seed(routeObject(100, 0));
    const stale = { ...stored, metadata: { ...stored.metadata, resourceVersion: "1" } };
    const error = await rejection(co().replaceNamespacedCustomObject({ ...routeParams, body: stale }));
    expect(error.code).toBe(409);
    expect(JSON.parse(error.body)).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'Operation cannot be fulfilled on httproutes.gateway.networking.k8s.io "podinfo": the object has been modified; please apply your changes to the latest version and try again',
      reason: "Conflict",
      details: { name: "podinfo", group: "gateway.networking.k8s.io", kind: "httproutes" },
      code: 409,
    });
    const replaced = await co().replaceNamespacedCustomObject({ ...routeParams, body: { ...stored, spec: { ...(stored.spec as object), hostnames: ["b.example.com"] } } });
    expect(replaced.metadata.generation).toBe(2);
  });

  it("applies JSON patches, client-node's default patch type", async () => {
    fake.seed(routeObject(100, 0));
    const patched = await co().patchNamespacedCustomObject({
      ...routeParams,
      body: [
        { op: "test", path: "/spec/rules/0/backendRefs/1/weight", value: 0 },
        { op: "replace", path: "/spec/rules/0/backendRefs/1/weight", value: 10 },
        { op: "replace", path: "/spec/rules/0/backendRefs/0/weight", value: 90 },
      ],
    });
    expect(fake.calls.at(-1)!.contentType).toBe("application/json-patch+json");
    expect(patched.spec.rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([90, 10]);
    const failed = await rejection(co().patchNamespacedCustomObject({ ...routeParams, body: [{ op: "test", path: "/spec/rules/0/backendRefs/1/weight", value: 0 }] }));
    expect(failed.code).toBe(422);
  });

  it("refuses strategic merge patches on custom resources (415)", async () => {
    fake.seed(routeObject(100, 0));
    const error = await rejection(
      co().patchNamespacedCustomObject({ ...routeParams, body: { spec: {} } }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch)),
    );
    expect(error.code).toBe(415);
  });

  it("serves discovery, so KubernetesObjectApi can server-side apply", async () => {
    const client = KubernetesObjectApi.makeApiClient(config);
    const applied = await client.patch(
      routeObject(80, 20) as never,
      undefined,
      undefined,
      "canary-bot",
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((applied as { spec: { rules: { backendRefs: { weight: number }[] }[] } }).spec.rules[0]!.backendRefs[1]!.weight).toBe(20);
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      "GET /apis/gateway.networking.k8s.io/v1 200",
      "PATCH /apis/gateway.networking.k8s.io/v1/namespaces/test/httproutes/podinfo 201",
    ]);
  });

  it("serves an object at every version of its group (v1 and v1beta1 HTTPRoute)", async () => {
    fake.seed(routeObject(100, 0));
    const beta = await co().getNamespacedCustomObject({ ...routeParams, version: "v1beta1" });
    expect(beta.apiVersion).toBe("gateway.networking.k8s.io/v1beta1");
  });

  it("answers 404 with a Status like the real server, and lists across namespaces", async () => {
    fake.seed(kustomizationObject());
    const error = await rejection(config.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace: "test", name: "nope" }));
    expect(error.code).toBe(404);
    expect(JSON.parse(error.body)).toMatchObject({ reason: "NotFound", message: 'deployments.apps "nope" not found', details: { name: "nope", group: "apps", kind: "deployments" } });
    const list = await co().listClusterCustomObject({ group: "kustomize.toolkit.fluxcd.io", version: "v1", plural: "kustomizations" });
    expect(list.kind).toBe("KustomizationList");
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([KUSTOMIZATION_REF.name]);
  });

  it("keeps Deployment status as seeded and bumps generation on spec changes", async () => {
    fake.seed(deploymentObject({ name: "podinfo", replicas: 2, updated: 2, available: 2 }));
    const apps = config.makeApiClient(AppsV1Api);
    const before = await apps.readNamespacedDeployment({ namespace: "test", name: "podinfo" });
    expect(before.status?.availableReplicas).toBe(2);
    const after = await apps.patchNamespacedDeployment(
      { namespace: "test", name: "podinfo", body: { spec: { replicas: 3 } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(after.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(after.status?.observedGeneration).toBe(before.status?.observedGeneration);
  });

  it("requires the bearer token (401) and enforces denials (403)", async () => {
    const anonymous = new KubeConfig();
    anonymous.loadFromString(fake.kubeconfig({ token: "wrong" }));
    expect((await rejection(anonymous.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace: "test", name: "podinfo" }))).code).toBe(401);

    fake.deny({ verb: "get", group: "apps", resource: "deployments", namespace: "test" });
    const error = await rejection(config.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace: "test", name: "podinfo" }));
    expect(error.code).toBe(403);
    expect(JSON.parse(error.body).message).toBe(
      'deployments.apps "podinfo" is forbidden: User "system:serviceaccount:canary-bot:canary-bot" cannot get resource "deployments" in API group "apps" in the namespace "test"',
    );
    expect(fake.calls.at(-1)!.authorization).toBe(`Bearer ${fake.token}`);
  });
});
