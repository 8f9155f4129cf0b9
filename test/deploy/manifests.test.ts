/**
 * deploy/: every file parses and validates against Kubernetes' schemas, and every way of
 * installing (base, overlays, base with each component) renders, through the kustomize subset in
 * support/kustomize-subset.ts, to objects that are valid, reference each other correctly and meet
 * the security rules below.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvSchema, parseEnv } from "../../src/env.js";
import { isObject, readYamlDocuments, renderInline, renderKustomization, repoRoot, type JsonObject, type Rendered } from "./support/kustomize-subset.js";
import {
  named,
  ofKind,
  resolvePort,
  schemaProblems,
  selects,
  type Container,
  type DeploymentView,
  type RuleView,
} from "./support/manifest-checks.js";

const deployDir = join(repoRoot, "deploy");
const NAMESPACE = "canary-bot";
const packageVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/** Variables the process reads besides src/env.ts: Probot's own, and Node's. */
const PROBOT_AND_NODE_ENV = ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "PORT", "NODE_ENV"];
const knownEnv = new Set([...Object.keys(EnvSchema.shape), ...PROBOT_AND_NODE_ENV]);

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const yamlFiles = walk(deployDir).filter((file) => /\.ya?ml$/.test(file)).map((file) => relative(repoRoot, file));

/** Every way the docs install canary-bot. Compositions are what an operator's own overlay would say. */
const variants: Readonly<Record<string, () => Rendered[]>> = {
  "deploy/base": () => renderKustomization(join(deployDir, "base")),
  "deploy/overlays/redis": () => renderKustomization(join(deployDir, "overlays/redis")),
  "deploy/overlays/redis-in-cluster": () => renderKustomization(join(deployDir, "overlays/redis-in-cluster")),
  "base + components/namespace": () => renderInline(deployDir, { resources: ["base"], components: ["components/namespace"] }),
  "base + components/clusters": () => renderInline(deployDir, { resources: ["base"], components: ["components/clusters"] }),
  "overlays/redis + components/clusters": () => renderInline(deployDir, { resources: ["overlays/redis"], components: ["components/clusters"] }),
  "base + components/provider-secrets": () => renderInline(deployDir, { resources: ["base"], components: ["components/provider-secrets"] }),
};

function bot(objects: readonly Rendered[]): DeploymentView {
  return named<DeploymentView>(objects, "Deployment", "canary-bot");
}

function botContainer(objects: readonly Rendered[]): Container {
  const container = bot(objects).spec.template.spec.containers.find((c) => c.name === "canary-bot");
  if (!container) throw new Error("the canary-bot Deployment has no canary-bot container");
  return container;
}

function envNames(container: Container): string[] {
  return (container.env ?? []).map((e) => e.name);
}

describe("every file under deploy/", () => {
  it("there are manifests to check", () => {
    expect(yamlFiles).toContain("deploy/base/deployment.yaml");
    expect(yamlFiles.length).toBeGreaterThan(15);
  });

  it.each(yamlFiles)("%s parses and validates", (file) => {
    const documents = readYamlDocuments(join(repoRoot, file));
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      expect(isObject(document)).toBe(true);
      const object = document as JsonObject;
      if (file.endsWith("/kustomization.yaml")) {
        expect(String(object.apiVersion)).toMatch(/^kustomize\.config\.k8s\.io\/v1(beta1|alpha1)$/);
        expect(["Kustomization", "Component"]).toContain(object.kind);
      } else if (object.$patch === "delete") {
        // A strategic merge patch that deletes an object: only its identity is given.
        expect(Object.keys(object).sort()).toEqual(["$patch", "apiVersion", "kind", "metadata"]);
      } else {
        expect(schemaProblems({ source: file, object })).toEqual([]);
      }
    }
  });
});

describe.each(Object.keys(variants))("%s", (variant) => {
  const render = variants[variant]!;

  it("renders only valid objects, without unknown fields or duplicates", () => {
    const objects = render();
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    const ids = objects.map(({ object }) => {
      const metadata = object.metadata as { name?: string; namespace?: string };
      return `${String(object.kind)}/${metadata.namespace ?? ""}/${metadata.name ?? ""}`;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("runs every container non-root, read-only, unprivileged, with seccomp and resource limits", () => {
    for (const deployment of ofKind<DeploymentView>(render(), "Deployment")) {
      const pod = deployment.spec.template.spec;
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const context = container.securityContext;
        expect(context?.allowPrivilegeEscalation, `${deployment.metadata.name}/${container.name}`).toBe(false);
        expect(context?.readOnlyRootFilesystem, `${deployment.metadata.name}/${container.name}`).toBe(true);
        expect(context?.privileged ?? false).toBe(false);
        expect(context?.capabilities?.drop).toEqual(["ALL"]);
        expect(context?.capabilities?.add ?? []).toEqual([]);
        expect(context?.runAsUser ?? pod.securityContext?.runAsUser).not.toBe(0);
        expect(container.resources?.requests?.cpu).toMatch(/^\d+m?$/);
        expect(container.resources?.requests?.memory).toMatch(/^\d+(Mi|Gi)$/);
        expect(container.resources?.limits?.cpu).toMatch(/^\d+m?$/);
        expect(container.resources?.limits?.memory).toMatch(/^\d+(Mi|Gi)$/);
        expect(container.livenessProbe, `${container.name} liveness`).toBeDefined();
        expect(container.readinessProbe, `${container.name} readiness`).toBeDefined();
      }
    }
  });

  it("probes canary-bot at /healthz and /readyz on port 3000, the port PORT names", () => {
    const container = botContainer(render());
    expect(container.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
    expect(container.env?.find((e) => e.name === "PORT")?.value).toBe("3000");
    expect(container.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(resolvePort(container, container.livenessProbe?.httpGet?.port)).toBe(3000);
    expect(container.readinessProbe?.httpGet?.path).toBe("/readyz");
    expect(resolvePort(container, container.readinessProbe?.httpGet?.port)).toBe(3000);
    if (container.startupProbe) {
      expect(container.startupProbe.httpGet?.path).toBe("/healthz");
      expect(resolvePort(container, container.startupProbe.httpGet?.port)).toBe(3000);
    }
  });

  it("gives canary-bot only environment variables it reads, and a configuration src/env.ts accepts", () => {
    const objects = render();
    const container = botContainer(objects);
    const names = envNames(container);
    expect(names.filter((name) => !knownEnv.has(name))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "PORT", "CANARY_BOT_DATA_DIR"]));
    for (const name of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET"]) {
      expect(container.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef).toEqual({ name: "canary-bot-github", key: name });
    }
    // What the process would see: the ConfigMaps it loads, then its own env (which wins).
    const environment: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      expect(source.secretRef, "whole Secrets are not loaded into the environment").toBeUndefined();
      const configMap = source.configMapRef ? named<{ data?: Record<string, string> }>(objects, "ConfigMap", source.configMapRef.name) : undefined;
      for (const [key, value] of Object.entries(configMap?.data ?? {})) {
        expect(knownEnv.has(key), `${key} in ConfigMap ${String(source.configMapRef?.name)}`).toBe(true);
        environment[key] = value;
      }
    }
    for (const variable of container.env ?? []) {
      // Secret values are the operator's; stand in valid ones.
      environment[variable.name] = variable.value ?? (variable.name === "REDIS_URL" ? "redis://:password@redis:6379/0" : "from-a-secret-0123456789");
    }
    const env = parseEnv(environment);
    const dataMount = container.volumeMounts?.find((m) => m.name === "data");
    expect(dataMount?.mountPath).toBe(env.CANARY_BOT_DATA_DIR);
    if (env.CANARY_BOT_CLUSTERS_DIR !== undefined) {
      const clustersMount = container.volumeMounts?.find((m) => m.mountPath === env.CANARY_BOT_CLUSTERS_DIR);
      expect(clustersMount?.readOnly).toBe(true);
    }
  });

  it("mounts a writable /tmp and every volume it declares; every claim and selector resolves", () => {
    const objects = render();
    for (const deployment of ofKind<DeploymentView>(objects, "Deployment")) {
      const pod = deployment.spec.template.spec;
      expect(selects(deployment.spec.selector.matchLabels, deployment.spec.template.metadata?.labels)).toBe(true);
      const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
      const mounted = new Set(pod.containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
      expect([...mounted].filter((name) => !volumes.has(name))).toEqual([]);
      expect([...volumes].filter((name) => !mounted.has(name))).toEqual([]);
      for (const volume of pod.volumes ?? []) {
        if (volume.persistentVolumeClaim) named(objects, "PersistentVolumeClaim", volume.persistentVolumeClaim.claimName);
      }
      if (pod.serviceAccountName !== undefined) named(objects, "ServiceAccount", pod.serviceAccountName);
    }
    const tmp = botContainer(objects).volumeMounts?.find((m) => m.mountPath === "/tmp");
    expect(tmp && bot(objects).spec.template.spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir).toBeDefined();
    for (const service of ofKind<{ metadata: { name: string }; spec: { selector: Record<string, string>; ports: { name?: string; port: number; targetPort: number | string }[] } }>(objects, "Service")) {
      const targets = ofKind<DeploymentView>(objects, "Deployment").filter((d) => selects(service.spec.selector, d.spec.template.metadata?.labels));
      expect(targets, `Service ${service.metadata.name} selects exactly one Deployment`).toHaveLength(1);
      for (const port of service.spec.ports) {
        expect(targets[0]!.spec.template.spec.containers.some((c) => resolvePort(c, port.targetPort) !== undefined), `${service.metadata.name}:${String(port.port)}`).toBe(true);
      }
    }
    const botService = named<{ spec: { ports: unknown[] } }>(objects, "Service", "canary-bot");
    expect(botService.spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
  });

  it("grants no wildcard, reads no Secret cluster-wide, and writes nothing but Flux's reconcile annotation", () => {
    const objects = render();
    const roles = [...ofKind<{ kind: string; metadata: { name: string }; rules: RuleView[] }>(objects, "ClusterRole"), ...ofKind<{ kind: string; metadata: { name: string }; rules: RuleView[] }>(objects, "Role")];
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      for (const rule of role.rules) {
        for (const field of [rule.apiGroups ?? [], rule.resources ?? [], rule.verbs, rule.resourceNames ?? []]) expect(field).not.toContain("*");
        const writes = rule.verbs.filter((v) => !["get", "list", "watch"].includes(v));
        if (writes.length > 0) {
          expect(role.kind).toBe("ClusterRole");
          expect(writes).toEqual(["patch"]);
          expect(rule.resources?.every((r) => r === "kustomizations" || r === "gitrepositories")).toBe(true);
        }
        if (rule.resources?.includes("secrets")) {
          expect(role.kind, "Secrets only through a namespaced Role").toBe("Role");
          expect(rule.verbs).toEqual(["get"]);
          expect(rule.resourceNames?.length).toBeGreaterThan(0);
        }
      }
    }
    for (const binding of [...ofKind<{ kind: string; roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace?: string }[] }>(objects, "ClusterRoleBinding"), ...ofKind<{ kind: string; roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace?: string }[] }>(objects, "RoleBinding")]) {
      named(objects, binding.roleRef.kind, binding.roleRef.name);
      for (const subject of binding.subjects) {
        expect(subject.kind).toBe("ServiceAccount");
        const account = named<{ metadata: { namespace?: string } }>(objects, "ServiceAccount", subject.name);
        expect(subject.namespace).toBe(account.metadata.namespace);
      }
    }
  });

  it("pins every image to a tag, canary-bot to the package version", () => {
    const objects = render();
    for (const deployment of ofKind<DeploymentView>(objects, "Deployment")) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.image).toMatch(/^[^:@]+(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
        expect(container.image).not.toMatch(/:latest$/);
      }
    }
    expect(botContainer(objects).image).toBe(`canary-bot:${packageVersion}`);
  });

  it("puts namespaced objects in the canary-bot namespace (provider Secrets' Roles in theirs)", () => {
    for (const { source, object } of render()) {
      const metadata = object.metadata as JsonObject;
      if (["ClusterRole", "ClusterRoleBinding"].includes(String(object.kind))) expect(metadata.namespace).toBeUndefined();
      else if (object.kind === "Namespace") expect(metadata.name).toBe(NAMESPACE);
      else if (source.startsWith("deploy/components/provider-secrets/")) expect(metadata.namespace).toBe("test");
      else expect(metadata.namespace, `${source}: ${String(object.kind)}`).toBe(NAMESPACE);
    }
  });
});

describe("deploy/base: one replica with the embedded store", () => {
  let objects: Rendered[];
  beforeAll(() => {
    objects = renderKustomization(join(deployDir, "base"));
  });

  it("runs exactly one replica and stops the old pod before starting the new one", () => {
    expect(bot(objects).spec.replicas).toBe(1);
    expect(bot(objects).spec.strategy).toEqual({ type: "Recreate" });
  });

  it("keeps CANARY_BOT_DATA_DIR on the persistent volume claim and uses no Redis", () => {
    const container = botContainer(objects);
    expect(container.env?.find((e) => e.name === "CANARY_BOT_DATA_DIR")?.value).toBe("/var/lib/canary-bot");
    expect(bot(objects).spec.template.spec.volumes?.find((v) => v.name === "data")?.persistentVolumeClaim).toEqual({ claimName: "canary-bot-data" });
    expect(envNames(container)).not.toContain("REDIS_URL");
    expect(envNames(container)).toContain("CANARY_BOT_IN_CLUSTER");
  });

  it("has exactly the read-only ClusterRole plus the Flux nudge", () => {
    const role = named<{ rules: RuleView[] }>(objects, "ClusterRole", "canary-bot");
    const read = ["get", "list"];
    expect(role.rules).toEqual([
      { apiGroups: ["apps"], resources: ["deployments"], verbs: read },
      { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read },
      { apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], verbs: read },
      { apiGroups: ["kustomize.toolkit.fluxcd.io"], resources: ["kustomizations"], verbs: read },
      { apiGroups: ["source.toolkit.fluxcd.io"], resources: ["gitrepositories"], verbs: read },
      { apiGroups: ["argoproj.io"], resources: ["applications"], verbs: read },
      { apiGroups: ["kustomize.toolkit.fluxcd.io"], resources: ["kustomizations"], verbs: ["patch"] },
      { apiGroups: ["source.toolkit.fluxcd.io"], resources: ["gitrepositories"], verbs: ["patch"] },
    ]);
    expect(ofKind(objects, "Role")).toEqual([]);
  });
});

describe("deploy/overlays/redis: several replicas", () => {
  let objects: Rendered[];
  beforeAll(() => {
    objects = renderKustomization(join(deployDir, "overlays/redis"));
  });

  it("runs two replicas with a rolling update that never drops below the wanted count", () => {
    expect(bot(objects).spec.replicas).toBe(2);
    expect(bot(objects).spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  it("reads REDIS_URL from a Secret and has no persistent volume", () => {
    const container = botContainer(objects);
    expect(container.env?.find((e) => e.name === "REDIS_URL")).toEqual({ name: "REDIS_URL", valueFrom: { secretKeyRef: { name: "canary-bot-redis", key: "url" } } });
    expect(ofKind(objects, "PersistentVolumeClaim")).toEqual([]);
    expect(bot(objects).spec.template.spec.volumes?.find((v) => v.name === "data")).toEqual({ name: "data", emptyDir: { sizeLimit: "64Mi" } });
  });

  it("keeps one replica through voluntary disruptions", () => {
    const budget = named<{ spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>(objects, "PodDisruptionBudget", "canary-bot");
    expect(budget.spec.minAvailable).toBe(1);
    expect(budget.spec.minAvailable).toBeLessThan(bot(objects).spec.replicas ?? 1);
    expect(selects(budget.spec.selector.matchLabels, bot(objects).spec.template.metadata?.labels)).toBe(true);
  });
});

describe("deploy/overlays/redis-in-cluster: the bundled Redis", () => {
  let objects: Rendered[];
  let redis: DeploymentView;
  let container: Container;
  beforeAll(() => {
    objects = renderKustomization(join(deployDir, "overlays/redis-in-cluster"));
    redis = named<DeploymentView>(objects, "Deployment", "canary-bot-redis");
    container = redis.spec.template.spec.containers[0]!;
  });

  it("is one pod on a persistent volume, never evicts keys and requires the password", () => {
    expect(redis.spec.replicas).toBe(1);
    expect(redis.spec.strategy).toEqual({ type: "Recreate" });
    expect(container.image).toBe("redis:7.4-alpine");
    const args = container.args ?? [];
    const option = (name: string) => args[args.indexOf(name) + 1];
    expect(option("--maxmemory-policy")).toBe("noeviction");
    expect(option("--appendonly")).toBe("yes");
    expect(option("--requirepass")).toBe("$(REDIS_PASSWORD)");
    expect(container.env).toEqual([{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "canary-bot-redis", key: "password" } } }]);
    expect(container.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
    expect(redis.spec.template.spec.volumes?.[0]?.persistentVolumeClaim).toEqual({ claimName: "canary-bot-redis-data" });
  });

  it("is reachable where the documented REDIS_URL points: canary-bot-redis:6379", () => {
    const service = named<{ spec: { ports: { port: number }[] } }>(objects, "Service", "canary-bot-redis");
    expect(service.spec.ports.map((p) => p.port)).toEqual([6379]);
    expect(readFileSync(join(deployDir, "overlays/redis-in-cluster/kustomization.yaml"), "utf8")).toContain("redis://:$PASSWORD@canary-bot-redis:6379/0");
  });
});

describe("deploy/components", () => {
  it("clusters: mounts the kubeconfig Secret read-only and points CANARY_BOT_CLUSTERS_DIR at it", () => {
    const objects = variants["base + components/clusters"]!();
    const container = botContainer(objects);
    expect(container.env?.find((e) => e.name === "CANARY_BOT_CLUSTERS_DIR")?.value).toBe("/etc/canary-bot/clusters");
    expect(container.volumeMounts?.find((m) => m.name === "clusters")).toEqual({ name: "clusters", mountPath: "/etc/canary-bot/clusters", readOnly: true });
    expect(bot(objects).spec.template.spec.volumes?.find((v) => v.name === "clusters")).toEqual({ name: "clusters", secret: { secretName: "canary-bot-clusters", defaultMode: 0o440 } });
  });

  it("provider-secrets: a namespaced Role that reads named Secrets only, bound to the bot", () => {
    const objects = variants["base + components/provider-secrets"]!();
    const role = named<{ metadata: { namespace: string }; rules: RuleView[] }>(objects, "Role", "canary-bot-provider-secrets");
    expect(role.metadata.namespace).toBe("test");
    expect(role.rules).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["prometheus-basic-auth", "slack-webhook"], verbs: ["get"] }]);
  });

  it("namespace: enforces the restricted Pod Security Standard, which every pod here meets", () => {
    const objects = variants["base + components/namespace"]!();
    const namespace = named<{ metadata: { labels: Record<string, string> } }>(objects, "Namespace", NAMESPACE);
    expect(namespace.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });
});
