import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { canaryRevision } from "../../../../src/core/revision/canary-revision.js";
import { canonicalJson } from "../../../../src/core/revision/canonical-json.js";
import { computeRevision, configChecksum } from "../../../../src/core/revision/compute-revision.js";
import type { ConfigObject } from "../../../../src/core/revision/compute-revision.js";
import { configReferences } from "../../../../src/core/revision/config-references.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import { readTree } from "../spec/spec-fixtures.js";

function templateOf(deploymentYaml: string): unknown {
  return (parse(deploymentYaml) as { spec: { template: unknown } }).spec.template;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: podinfo
  template:
    metadata:
      labels:
        app: podinfo
      annotations:
        prometheus.io/scrape: "true"
    spec:
      containers:
        - name: podinfod
          image: ghcr.io/stefanprodan/podinfo:6.0.0
          ports:
            - containerPort: 9898
          envFrom:
            - configMapRef:
                name: podinfo-env
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef:
                  name: podinfo-token
                  key: token
      volumes:
        - name: config
          configMap:
            name: podinfo-files
`;

/** Same template: other key order, comments, other quoting, a different replica count. */
const SAME_TEMPLATE_REWRITTEN = `# the podinfo workload
kind: Deployment
apiVersion: apps/v1
metadata: {name: podinfo}
spec:
  template:
    spec:
      volumes:
        - configMap: {name: 'podinfo-files'}
          name: config
      containers:
        - image: "ghcr.io/stefanprodan/podinfo:6.0.0"   # pinned
          name: 'podinfod'
          env:
            - valueFrom:
                secretKeyRef: {key: token, name: podinfo-token}
              name: TOKEN
          envFrom: [{configMapRef: {name: podinfo-env}}]
          ports: [{containerPort: 9898}]
    metadata:
      annotations: {'prometheus.io/scrape': 'true'}
      labels: {app: "podinfo"}
  selector: {matchLabels: {app: podinfo}}
  replicas: 7
`;

const CONFIGS: readonly ConfigObject[] = [
  { kind: "ConfigMap", name: "podinfo-env", manifest: parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\ndata:\n  LEVEL: info\n") },
  { kind: "ConfigMap", name: "podinfo-files", manifest: parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-files\ndata:\n  app.yaml: 'a: 1'\n") },
  { kind: "Secret", name: "podinfo-token", manifest: parse("apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\ntype: Opaque\nstringData:\n  token: s3cr3t\n") },
];

function withConfig(name: string, manifestYaml: string): ConfigObject[] {
  return CONFIGS.map((c) => (c.name === name ? { ...c, manifest: parse(manifestYaml) } : c));
}

const base = computeRevision(templateOf(DEPLOYMENT), CONFIGS);

describe("computeRevision", () => {
  it("is a short hex hash with Flagger's tracked-config keys", () => {
    expect(base.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(base.podTemplateHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(base.trackedConfigs).sort()).toEqual(["configmap/podinfo-env", "configmap/podinfo-files", "secret/podinfo-token"]);
    expect(Object.values(base.trackedConfigs).every((v) => /^[0-9a-f]{16}$/.test(v))).toBe(true);
    expect(base.external).toEqual([]);
    expect(base.untracked).toEqual([]);
  });

  it("does not depend on key order, comments, quoting or replicas", () => {
    expect(computeRevision(templateOf(SAME_TEMPLATE_REWRITTEN), CONFIGS)).toEqual(base);
  });

  it("treats null and empty values as missing, as the API server does", () => {
    const withEmpties = DEPLOYMENT.replace("      containers:\n", "      initContainers: []\n      nodeSelector: {}\n      hostname: null\n      containers:\n");
    expect(computeRevision(templateOf(withEmpties), CONFIGS).revision).toBe(base.revision);
  });

  it.each([
    ["image", DEPLOYMENT.replace("podinfo:6.0.0", "podinfo:6.0.1")],
    ["pod annotation", DEPLOYMENT.replace('prometheus.io/scrape: "true"', 'prometheus.io/scrape: "false"')],
    ["a number turned into a string", DEPLOYMENT.replace("containerPort: 9898", 'containerPort: "9898"')],
  ])("changes with the %s", (_what, yaml) => {
    const changed = computeRevision(templateOf(yaml), CONFIGS);
    expect(changed.revision).not.toBe(base.revision);
    expect(changed.trackedConfigs).toEqual(base.trackedConfigs);
  });

  it("changes when a tracked ConfigMap changes, and only its checksum moves", () => {
    const changed = computeRevision(templateOf(DEPLOYMENT), withConfig("podinfo-env", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\ndata:\n  LEVEL: debug\n"));
    expect(changed.revision).not.toBe(base.revision);
    expect(changed.podTemplateHash).toBe(base.podTemplateHash);
    expect(changed.trackedConfigs["configmap/podinfo-env"]).not.toBe(base.trackedConfigs["configmap/podinfo-env"]);
    expect(changed.trackedConfigs["configmap/podinfo-files"]).toBe(base.trackedConfigs["configmap/podinfo-files"]);
  });

  it("tracks binaryData too (Flagger hashes data only)", () => {
    const changed = computeRevision(
      templateOf(DEPLOYMENT),
      withConfig("podinfo-env", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\ndata:\n  LEVEL: info\nbinaryData:\n  logo: aGk=\n"),
    );
    expect(changed.revision).not.toBe(base.revision);
  });

  it("a ConfigMap's labels and comments are not part of it", () => {
    const relabelled = computeRevision(
      templateOf(DEPLOYMENT),
      withConfig("podinfo-env", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\n  labels: {team: web}\n# tuned\ndata:\n  LEVEL: 'info'\n"),
    );
    expect(relabelled).toEqual(base);
  });

  it("a Secret's data (base64) and stringData (text) with the same bytes are the same", () => {
    const encoded = computeRevision(templateOf(DEPLOYMENT), withConfig("podinfo-token", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\ndata:\n  token: czNjcjN0\n"));
    expect(encoded).toEqual(base);
    const rotated = computeRevision(templateOf(DEPLOYMENT), withConfig("podinfo-token", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\ndata:\n  token: bmV3\n"));
    expect(rotated.revision).not.toBe(base.revision);
  });

  it("ignores configs annotated flagger.app/config-tracking: disabled", () => {
    const disabled = (level: string) =>
      withConfig(
        "podinfo-env",
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\n  annotations:\n    flagger.app/config-tracking: disabled\ndata:\n  LEVEL: ${level}\n`,
      );
    const first = computeRevision(templateOf(DEPLOYMENT), disabled("info"));
    const second = computeRevision(templateOf(DEPLOYMENT), disabled("debug"));
    expect(second).toEqual(first);
    expect(first.revision).not.toBe(base.revision);
    expect(first.trackedConfigs["configmap/podinfo-env"]).toBeUndefined();
    expect(first.untracked).toEqual([{ kind: "ConfigMap", name: "podinfo-env", reason: "tracking-disabled" }]);
  });

  it("ignores Secrets of types Flagger does not copy", () => {
    const registry = withConfig("podinfo-token", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: e30=\n");
    const result = computeRevision(templateOf(DEPLOYMENT), registry);
    expect(result.untracked).toEqual([{ kind: "Secret", name: "podinfo-token", reason: "secret-type" }]);
    expect(result.trackedConfigs["secret/podinfo-token"]).toBeUndefined();
  });

  it.each(["kubernetes.io/tls", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "Opaque"])("tracks Secrets of type %s", (type) => {
    const result = computeRevision(templateOf(DEPLOYMENT), withConfig("podinfo-token", `apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\ntype: ${type}\ndata:\n  token: czNjcjN0\n`));
    expect(result.trackedConfigs["secret/podinfo-token"]).toBe(base.trackedConfigs["secret/podinfo-token"]);
  });

  it("reports required configs that are not in Git as external and skips missing optional ones", () => {
    const template = templateOf(
      DEPLOYMENT.replace("                name: podinfo-env\n", "                name: podinfo-env\n                optional: true\n"),
    );
    const result = computeRevision(template, CONFIGS.filter((c) => c.kind !== "ConfigMap"));
    expect(result.external).toEqual([{ kind: "ConfigMap", name: "podinfo-files" }]);
    expect(result.untracked).toEqual([{ kind: "ConfigMap", name: "podinfo-env", reason: "optional-and-missing" }]);
    expect(Object.keys(result.trackedConfigs)).toEqual(["secret/podinfo-token"]);
  });

  it("a config that appears in Git later changes the revision", () => {
    const without = computeRevision(templateOf(DEPLOYMENT), CONFIGS.filter((c) => c.name !== "podinfo-files"));
    expect(without.revision).not.toBe(base.revision);
  });
});

describe("configReferences", () => {
  it("finds volumes, projected sources, env and envFrom of containers and init containers", () => {
    const template = parse(`
spec:
  initContainers:
    - name: init
      envFrom:
        - secretRef: {name: init-secret}
  containers:
    - name: app
      env:
        - name: A
          valueFrom: {configMapKeyRef: {name: env-config, key: a, optional: true}}
        - name: B
          value: plain
      envFrom:
        - configMapRef: {name: env-config}
  volumes:
    - name: s
      secret: {secretName: tls, optional: true}
    - name: p
      projected:
        sources:
          - configMap: {name: projected-config}
          - secret: {name: projected-secret, optional: true}
          - downwardAPI: {items: []}
    - name: e
      emptyDir: {}
`);
    expect(configReferences(template)).toEqual([
      { kind: "Secret", name: "tls", optional: true },
      { kind: "ConfigMap", name: "projected-config", optional: false },
      { kind: "Secret", name: "projected-secret", optional: true },
      { kind: "Secret", name: "init-secret", optional: false },
      { kind: "ConfigMap", name: "env-config", optional: false },
    ]);
  });

  it("copes with anything", () => {
    expect(configReferences(undefined)).toEqual([]);
    expect(configReferences({ spec: { containers: "nope", volumes: [null, 3] } })).toEqual([]);
  });
});

describe("canonicalJson", () => {
  it("sorts keys and drops empties", () => {
    expect(canonicalJson({ b: 1, a: { d: [], c: null, e: [{ y: 2, x: {} }] } })).toBe('{"a":{"e":[{"y":2}]},"b":1}');
  });

  it("keeps list order", () => {
    expect(canonicalJson(["b", "a"])).toBe('["b","a"]');
  });
});

describe("configChecksum", () => {
  it("is 16 hex digits, like Flagger's first 8 bytes of SHA-256", () => {
    expect(configChecksum({ kind: "ConfigMap", name: "x", manifest: { data: { a: "1" } } })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("canaryRevision", () => {
  it("finds the target and its configs in the repository index", () => {
    const files = [
      ...readTree("repo"),
      { path: "apps/podinfo/deployment.yaml", content: DEPLOYMENT },
      {
        path: "apps/podinfo/configs.yaml",
        content: [
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\ndata:\n  LEVEL: info\n",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-files\ndata:\n  app.yaml: 'a: 1'\n",
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-token\nstringData:\n  token: s3cr3t\n",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-env\n  namespace: elsewhere\ndata:\n  LEVEL: trace\n",
        ].join("---\n"),
      },
    ].filter((f, i, all) => all.findLastIndex((g) => g.path === f.path) === i);
    const index = loadRepository(files);
    const [canary] = index.canaries;
    if (canary === undefined) throw new Error(index.issues.map((i) => i.message).join("\n"));
    expect(canaryRevision(index, canary)).toEqual(base);
  });

  it("is undefined when the target is not in the repository", () => {
    const index = loadRepository(readTree("repo"));
    const [canary] = index.canaries;
    if (canary === undefined) throw new Error("no canary");
    expect(canaryRevision(index, { ...canary, targetRef: { ...canary.targetRef, name: "missing" } })).toBeUndefined();
  });
});
