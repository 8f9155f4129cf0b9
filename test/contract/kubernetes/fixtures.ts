/**
 * Cluster objects for the Kubernetes contract tests. Deployments and Secrets are validated with
 * `kubernetes-models` (the Kubernetes OpenAPI schemas), so the fixtures stay real objects.
 */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Secret } from "kubernetes-models/v1/Secret";
import type { KubeObject } from "../../support/fake-kube-apiserver.js";

export const T0 = Date.parse("2026-03-01T12:00:00Z");
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

export function deploymentObject(options: {
  name: string;
  replicas: number;
  updated: number;
  available: number;
  statusReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: "True" | "False" | "Unknown"; reason: string; message?: string; lastUpdateTime?: string }[];
}): KubeObject {
  const model = new Deployment({
    metadata: { name: options.name, namespace: "test", labels: { app: options.name } },
    spec: {
      replicas: options.replicas,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: options.name } },
      template: {
        metadata: { labels: { app: options.name } },
        spec: { containers: [{ name: "podinfod", image: "ghcr.io/stefanprodan/podinfo:6.7.1" }] },
      },
    },
    status: {
      observedGeneration: options.observedGeneration ?? 1,
      replicas: options.statusReplicas ?? options.updated,
      updatedReplicas: options.updated,
      readyReplicas: options.available,
      availableReplicas: options.available,
      conditions: (options.conditions ?? []).map((c) => ({
        ...c,
        lastUpdateTime: c.lastUpdateTime ?? iso(T0 - 30_000),
        lastTransitionTime: c.lastUpdateTime ?? iso(T0 - 30_000),
        message: c.message ?? `${c.type} ${c.reason}`,
      })),
    },
  });
  model.validate();
  return model.toJSON() as KubeObject;
}

export function secretObject(name: string, data: Record<string, string>): KubeObject {
  const model = new Secret({
    metadata: { name, namespace: "test" },
    type: "Opaque",
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")])),
  });
  model.validate();
  return model.toJSON() as KubeObject;
}

export const KUSTOMIZATION_REF = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", namespace: "flux-system", name: "apps" } as const;
export const GIT_REPOSITORY_REF = { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", namespace: "flux-system", name: "gitops" } as const;
export const APPLICATION_REF = { apiVersion: "argoproj.io/v1alpha1", kind: "Application", namespace: "argocd", name: "podinfo" } as const;
export const ROUTE_REF = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", namespace: "test", name: "podinfo" } as const;

export function kustomizationObject(path = "./apps/podinfo"): KubeObject {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1",
    kind: "Kustomization",
    metadata: { name: "apps", namespace: "flux-system" },
    spec: {
      interval: "10m",
      path,
      prune: true,
      sourceRef: { kind: "GitRepository", name: "gitops" },
    },
  };
}

export function gitRepositoryObject(url = "https://github.com/acme/gitops", branch = "main"): KubeObject {
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: { name: "gitops", namespace: "flux-system" },
    spec: { interval: "1m", url, ref: { branch } },
  };
}

/** What kustomize-controller writes after a reconciliation. */
export function fluxStatus(options: {
  observedGeneration: number;
  applied: string;
  attempted?: string;
  ready: "True" | "False" | "Unknown";
  reason: string;
  message: string;
}): unknown {
  return {
    observedGeneration: options.observedGeneration,
    lastAppliedRevision: `main@sha1:${options.applied}`,
    lastAttemptedRevision: `main@sha1:${options.attempted ?? options.applied}`,
    conditions: [
      {
        type: "Ready",
        status: options.ready,
        reason: options.reason,
        message: options.message,
        observedGeneration: options.observedGeneration,
        lastTransitionTime: iso(T0 - 5_000),
      },
    ],
  };
}

export function applicationObject(): KubeObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "podinfo", namespace: "argocd" },
    spec: {
      project: "default",
      source: { repoURL: "git@github.com:acme/gitops.git", path: "apps/podinfo", targetRevision: "main" },
      destination: { server: "https://kubernetes.default.svc", namespace: "test" },
      syncPolicy: { automated: { prune: true } },
    },
  };
}

export function routeObject(primary: number, canary: number): KubeObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "podinfo", namespace: "test" },
    spec: {
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway" }],
      hostnames: ["app.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/" } }],
          backendRefs: [
            { group: "", kind: "Service", name: "podinfo-primary", port: 9898, weight: primary },
            { group: "", kind: "Service", name: "podinfo-canary", port: 9898, weight: canary },
          ],
        },
      ],
    },
  };
}

/** What a Gateway controller writes once it has processed `generation`. */
export function routeStatus(generation: number, accepted: "True" | "False" = "True"): unknown {
  return {
    parents: [
      {
        parentRef: { group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway" },
        controllerName: "example.net/gateway-controller",
        conditions: [
          { type: "Accepted", status: accepted, reason: accepted === "True" ? "Accepted" : "NotAllowedByListeners", message: "", observedGeneration: generation, lastTransitionTime: iso(T0) },
          { type: "ResolvedRefs", status: "True", reason: "ResolvedRefs", message: "", observedGeneration: generation, lastTransitionTime: iso(T0) },
        ],
      },
    ],
  };
}
