import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Document, parseDocument } from "yaml";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import type { RepositoryFile } from "../../../../src/core/spec/load-repository.js";
import { readFixture, readTree } from "./spec-fixtures.js";

const DEPLOYMENT = readFixture("repo/apps/podinfo/deployment.yaml");
const CANARY = readFixture("repo/apps/podinfo/canary.yaml");
const TEMPLATES = readFixture("repo/flagger-system/metric-templates.yaml");
const PROVIDER = readFixture("repo/flagger/alert-provider.yaml");

/** The base repository's Flagger objects with the workload and Canary placed by the test. */
function repository(files: readonly RepositoryFile[]): RepositoryFile[] {
  return [
    { path: "flagger-system/metric-templates.yaml", content: TEMPLATES },
    { path: "flagger/alert-provider.yaml", content: PROVIDER },
    ...files,
  ];
}

function formatted(files: readonly RepositoryFile[]): string[] {
  return loadRepository(files).issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`);
}

const CANARY_WITHOUT_HPA = CANARY.replace(/ {2}autoscalerRef:\n(?: {4}.*\n)+/, "");

describe("namespaces", () => {
  it("an object without namespace takes the one of the kustomization.yaml in its directory", () => {
    const index = loadRepository(readTree("repo"));
    const byKind = Object.fromEntries(index.objects.map((o) => [`${o.kind}/${o.name}`, [o.namespace, o.namespaceSource]]));
    expect(byKind).toEqual({
      "Canary/podinfo": ["test", "kustomization"],
      "Deployment/podinfo": ["test", "kustomization"],
      "HorizontalPodAutoscaler/podinfo": ["test", "kustomization"],
      "Kustomization/": [undefined, "none"],
      "AlertProvider/on-call": ["flagger", "metadata"],
      "Secret/on-call-url": ["flagger", "metadata"],
      "MetricTemplate/request-duration": ["flagger-system", "metadata"],
      "MetricTemplate/latency": ["flagger-system", "metadata"],
      "MetricTemplate/error-rate": ["flagger-system", "metadata"],
    });
  });

  it("… or of the nearest kustomization.yaml above that sets one", () => {
    const index = loadRepository(
      repository([
        { path: "clusters/prod/kustomization.yaml", content: "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\n" },
        { path: "clusters/prod/apps/kustomization.yaml", content: "resources:\n  - podinfo\n" },
        { path: "clusters/prod/apps/podinfo/deployment.yaml", content: DEPLOYMENT },
        { path: "clusters/prod/apps/podinfo/canary.yaml", content: CANARY_WITHOUT_HPA },
      ]),
    );
    expect(index.issues).toEqual([]);
    expect(index.canaries.map((c) => `${c.namespace}/${c.name}`)).toEqual(["prod/podinfo"]);
  });

  it("a workload whose namespace Git does not say matches the Canary's namespace", () => {
    const index = loadRepository(
      repository([
        { path: "base/deployment.yaml", content: DEPLOYMENT },
        { path: "canaries/podinfo.yaml", content: CANARY_WITHOUT_HPA.replace("  name: podinfo\n", "  name: podinfo\n  namespace: web\n") },
      ]),
    );
    expect(index.issues).toEqual([]);
    expect(index.canaries.map((c) => `${c.namespace}/${c.name}`)).toEqual(["web/podinfo"]);
    expect(index.objects.find((o) => o.kind === "Deployment")?.namespaceSource).toBe("none");
  });

  it("a workload in another namespace is not the target", () => {
    expect(
      formatted(
        repository([
          { path: "apps/deployment.yaml", content: DEPLOYMENT.replace("  name: podinfo\n", "  name: podinfo\n  namespace: other\n") },
          { path: "apps/canary.yaml", content: CANARY_WITHOUT_HPA.replace("  name: podinfo\n", "  name: podinfo\n  namespace: web\n") },
        ]),
      ),
    ).toEqual(["error: apps/canary.yaml:11:5: spec.targetRef.name: Deployment web/podinfo not found in the repository"]);
  });

  it("a Canary needs a namespace from somewhere", () => {
    expect(
      formatted(
        repository([
          { path: "apps/deployment.yaml", content: DEPLOYMENT },
          { path: "apps/canary.yaml", content: CANARY_WITHOUT_HPA },
        ]),
      ),
    ).toEqual(["error: apps/canary.yaml:3:1: metadata.namespace: is required: set it here or with namespace: in a kustomization.yaml of this directory or above"]);
  });
});

describe("recognition", () => {
  it("reads only the kinds it knows and only YAML files", () => {
    const index = loadRepository([
      { path: "README.md", content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-yaml\n" },
      {
        path: "all.yml",
        content: [
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n",
          "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n",
          "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: podinfo\n",
          "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: HTTPRoute\nmetadata:\n  name: legacy\n",
          "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: hpa\n",
          "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux\n",
          "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n",
          "- just\n- a list\n",
        ].join("---\n"),
      },
    ]);
    expect(index.objects.map((o) => `${o.kind} ${o.name} ${o.apiVersion} #${String(o.documentIndex)} ${String(o.location.line)}`)).toEqual([
      "ConfigMap config v1 #0 1",
      "HTTPRoute podinfo gateway.networking.k8s.io/v1 #2 11",
      "HTTPRoute legacy gateway.networking.k8s.io/v1beta1 #3 16",
      "HorizontalPodAutoscaler hpa autoscaling/v2beta2 #4 21",
    ]);
    expect(index.issues).toEqual([]);
  });

  it("a known kind without a name is reported and skipped", () => {
    expect(formatted([{ path: "cm.yaml", content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {}\n" }])).toEqual([
      "warning: cm.yaml:3:1: metadata.name: is missing; this ConfigMap is ignored",
    ]);
  });

  it("issues are sorted by file, line and column across sources", () => {
    const index = loadRepository([
      { path: "b.yaml", content: "a: [\n" },
      { path: "a.yaml", content: CANARY.replace("    threshold: 5\n", "    threshold: five\n").replace("  provider: gatewayapi:v1\n", "  provider: linkerd\n") },
    ]);
    expect(index.issues.map((i) => `${i.location.file}:${String(i.location.line)}`)).toEqual(["a.yaml:6", "a.yaml:24", "b.yaml:2"]);
    expect(index.rejected.map((r) => [r.object.kind, r.issues.length])).toEqual([["Canary", 2]]);
  });
});

describe("references", () => {
  it("an unusable AlertProvider makes the Canary unusable", () => {
    const index = loadRepository([
      ...readTree("repo").filter((f) => f.path !== "flagger/alert-provider.yaml"),
      { path: "flagger/alert-provider.yaml", content: "apiVersion: flagger.app/v1beta1\nkind: AlertProvider\nmetadata:\n  name: on-call\n  namespace: flagger\nspec:\n  type: slack\n" },
    ]);
    expect(index.issues.map(formatSpecIssue)).toEqual([
      "apps/podinfo/canary.yaml:44:9: spec.analysis.alerts[0].providerRef: AlertProvider flagger/on-call has errors: flagger/alert-provider.yaml:6:1: spec: needs address or secretRef (a Secret with the key address)",
      "flagger/alert-provider.yaml:6:1: spec: needs address or secretRef (a Secret with the key address)",
    ]);
    expect(index.canaries).toEqual([]);
    expect(index.alertProviders).toEqual([]);
  });

  it("a missing HPA is named", () => {
    const files = readTree("repo").filter((f) => f.path !== "apps/podinfo/hpa.yaml");
    expect(loadRepository(files).issues.map(formatSpecIssue)).toEqual([
      "apps/podinfo/canary.yaml:14:5: spec.autoscalerRef.name: HorizontalPodAutoscaler test/podinfo not found in the repository",
    ]);
  });

  it("a target without Flagger's selector labels is reported in the Deployment's file", () => {
    const files = readTree("repo").map((f) =>
      f.path === "apps/podinfo/deployment.yaml" ? { ...f, content: f.content.replace("    matchLabels:\n      app: podinfo\n", "    matchLabels:\n      component: podinfo\n") } : f,
    );
    const index = loadRepository(files);
    expect(index.issues.map(formatSpecIssue)).toEqual([
      "apps/podinfo/deployment.yaml:16:5: spec.selector.matchLabels: needs one of the labels app, name, app.kubernetes.io/name so the primary can select its own pods (Flagger's selector labels)",
    ]);
    expect(index.canaries).toEqual([]);
  });

  it("two Canaries for one Deployment: the one in the later file (by path) is refused", () => {
    const other = CANARY.replace("  name: podinfo\n", "  name: podinfo-b\n");
    const index = loadRepository([...readTree("repo"), { path: "apps/podinfo/z-canary.yaml", content: other }]);
    expect(index.issues.map(formatSpecIssue)).toEqual([
      "apps/podinfo/z-canary.yaml:10:5: spec.targetRef.name: Deployment test/podinfo is already the target of Canary test/podinfo at apps/podinfo/canary.yaml:1:1",
    ]);
    expect(index.canaries.map((c) => c.name)).toEqual(["podinfo"]);
  });

  it("a prometheus template needs an address", () => {
    const template = "apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata:\n  name: t\n  namespace: x\nspec:\n  provider:\n    type: prometheus\n  query: up\n";
    expect(formatted([{ path: "t.yaml", content: template }])).toEqual(["error: t.yaml:7:3: spec.provider.address: is required for the prometheus provider"]);
  });
});

describe("the resolved Canary of the base repository", () => {
  it("carries its file and document position", () => {
    const [canary] = loadRepository(readTree("repo")).canaries;
    expect(canary?.file).toBe("apps/podinfo/canary.yaml");
    expect(canary?.location).toEqual({ file: "apps/podinfo/canary.yaml", line: 1, column: 1 });
    expect(canary?.analysis.alerts).toEqual([{ name: "on-call", severity: "error", providerRef: { name: "on-call", namespace: "flagger" } }]);
    expect(canary?.autoscalerRef).toEqual({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: "podinfo" });
  });
});

describe("robustness", () => {
  const PATHS: readonly (readonly string[])[] = [
    [],
    ["metadata"],
    ["spec"],
    ["spec", "provider"],
    ["spec", "targetRef"],
    ["spec", "service"],
    ["spec", "service", "match"],
    ["spec", "service", "gatewayRefs"],
    ["spec", "service", "headers"],
    ["spec", "service", "corsPolicy"],
    ["spec", "analysis"],
    ["spec", "analysis", "interval"],
    ["spec", "analysis", "stepWeights"],
    ["spec", "analysis", "match"],
    ["spec", "analysis", "sessionAffinity"],
    ["spec", "analysis", "metrics"],
    ["spec", "analysis", "webhooks"],
    ["spec", "analysis", "alerts"],
  ];

  it("never throws on arbitrary text, and every issue has a position", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (content) => {
        const index = loadRepository([{ path: "any.yaml", content }]);
        return index.issues.every((i) => i.location.line >= 1 && i.location.column >= 1);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when any part of a Canary is replaced by arbitrary data", () => {
    const workload = readTree("repo").filter((f) => f.path.startsWith("apps/podinfo/") && f.path !== "apps/podinfo/canary.yaml");
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        const doc = path.length === 0 ? new Document(value) : parseDocument(CANARY);
        if (path.length > 0) doc.setIn(path, value);
        const index = loadRepository([...workload, { path: "apps/podinfo/canary.yaml", content: doc.toString() }]);
        return index.issues.every((i) => i.location.line >= 1 && i.field.length > 0) && index.canaries.length <= 1;
      }),
      { numRuns: 100 },
    );
  });
});
