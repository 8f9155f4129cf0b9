import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KubernetesClusterObserver } from "../../../src/adapters/kubernetes/kubernetes-cluster-observer.js";
import { defaultResourceTypes, FakeKubeApiServer } from "../../support/fake-kube-apiserver.js";
import { applicationObject, gitRepositoryObject, kustomizationObject } from "./fixtures.js";

let fake: FakeKubeApiServer;
let observer: KubernetesClusterObserver;

function observerFor(server: FakeKubeApiServer): KubernetesClusterObserver {
  const config = new KubeConfig();
  config.loadFromString(server.kubeconfig());
  return new KubernetesClusterObserver(config, { cluster: "prod" });
}

beforeAll(async () => {
  fake = await FakeKubeApiServer.start();
  observer = observerFor(fake);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.seed(gitRepositoryObject("https://github.com/Acme/GitOps.git"));
  fake.seed(kustomizationObject("./apps"));
  fake.seed({
    ...kustomizationObject("./infra"),
    metadata: { name: "infra", namespace: "flux-system" },
  });
  fake.seed({
    ...gitRepositoryObject("https://github.com/acme/other"),
    metadata: { name: "other", namespace: "flux-system" },
  });
  fake.seed({
    ...kustomizationObject("./apps"),
    metadata: { name: "other-apps", namespace: "flux-system" },
    spec: { interval: "10m", path: "./apps", prune: true, sourceRef: { kind: "GitRepository", name: "other" } },
  });
  fake.seed(applicationObject());
  fake.setStatus({ apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name: "podinfo" }, { sourceType: "Directory" });
});

describe("discoverAppliedVia", () => {
  it("finds the Kustomization and Application whose source covers the file, most specific first", async () => {
    const discovery = await observer.discoverAppliedVia({ repoUrl: "git@github.com:acme/gitops.git", path: "apps/podinfo/canary.yaml", branch: "main" });
    expect(discovery).toEqual({
      found: [
        {
          via: { kind: "argocd-application", namespace: "argocd", name: "podinfo" },
          sourceUrl: "git@github.com:acme/gitops.git",
          path: "apps/podinfo",
        },
        {
          via: { kind: "flux-kustomization", namespace: "flux-system", name: "apps" },
          sourceUrl: "https://github.com/Acme/GitOps.git",
          path: "apps",
        },
      ],
      notes: [],
    });
  });

  it("respects Argo CD's non-recursive directory sources", async () => {
    const discovery = await observer.discoverAppliedVia({ repoUrl: "https://github.com/acme/gitops", path: "apps/podinfo/base/canary.yaml" });
    expect(discovery.found.map((f) => f.via.name)).toEqual(["apps"]);
  });

  it("leaves out sources that follow another branch", async () => {
    const discovery = await observer.discoverAppliedVia({ repoUrl: "https://github.com/acme/gitops", path: "apps/podinfo/canary.yaml", branch: "release" });
    expect(discovery.found).toEqual([]);
  });

  it("notes what it could not search instead of failing", async () => {
    fake.deny({ verb: "list", resource: "applications" });
    const discovery = await observer.discoverAppliedVia({ repoUrl: "https://github.com/acme/gitops", path: "apps/podinfo/canary.yaml" });
    expect(discovery.found.map((f) => f.via.name)).toEqual(["apps"]);
    expect(discovery.notes).toEqual([
      'cluster "prod" forbids list on applications.argoproj.io in all namespaces (HTTP 403: applications.argoproj.io is forbidden: ' +
        'User "system:serviceaccount:canary-bot:canary-bot" cannot list resource "applications" in API group "argoproj.io" at the cluster scope). ' +
        'Grant the bot\'s identity an RBAC rule with apiGroups: ["argoproj.io"], resources: ["applications"], verbs: ["list"] in a ClusterRole',
    ]);
  });

  it("works on a cluster without Argo CD", async () => {
    const fluxOnly = await FakeKubeApiServer.start({ types: defaultResourceTypes.filter((t) => t.group !== "argoproj.io") });
    try {
      fluxOnly.seed(gitRepositoryObject());
      fluxOnly.seed(kustomizationObject("./apps"));
      const discovery = await observerFor(fluxOnly).discoverAppliedVia({ repoUrl: "https://github.com/acme/gitops", path: "apps/podinfo/canary.yaml" });
      expect(discovery).toEqual({
        found: [{ via: { kind: "flux-kustomization", namespace: "flux-system", name: "apps" }, sourceUrl: "https://github.com/acme/gitops", path: "apps" }],
        notes: ['cluster "prod" does not serve applications.argoproj.io (is its CustomResourceDefinition installed?)'],
      });
    } finally {
      await fluxOnly.close();
    }
  });
});
