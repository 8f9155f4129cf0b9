import { describe, expect, it } from "vitest";
import { bootstrapFiles } from "../../../../src/core/gitops/bootstrap.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";
import { bootstrap, changedLines, content, docsOf, original, routeFixture, validateGenerated, withHpa } from "./fixtures.js";
import { podinfoRepo } from "./podinfo-repo.js";

const GENERATED = "apps/podinfo/podinfo.canary-bot.yaml";

describe("bootstrapFiles on the podinfo repository", () => {
  const files = podinfoRepo();
  const canary = withHpa(makeCanary());
  const changes = bootstrap(canary, files);
  const generated = content(changes, GENERATED);
  const docs = docsOf(generated) as any[];

  it("writes the generated file, the target at 0 replicas and the kustomization entry, nothing else", () => {
    expect(changes.map((c) => c.path)).toEqual([GENERATED, "apps/podinfo/deployment.yaml", "apps/podinfo/kustomization.yaml"]);
    expect(generated.startsWith("# Managed by canary-bot for Canary test/podinfo (apps/podinfo/canary.yaml).\n")).toBe(true);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "Deployment/podinfo-primary",
      "HorizontalPodAutoscaler/podinfo-primary",
      "Service/podinfo",
      "Service/podinfo-canary",
      "Service/podinfo-primary",
      "HTTPRoute/podinfo",
    ]);
    validateGenerated(generated);
  });

  it("scales the target to 0 with a one-line insertion and lists the generated file in the kustomization", () => {
    const before = original(files, "apps/podinfo/deployment.yaml").split("\n");
    const after = content(changes, "apps/podinfo/deployment.yaml").split("\n");
    expect(after).toEqual([...before.slice(0, 7), "  replicas: 0", ...before.slice(7)]);
    const kustomization = original(files, "apps/podinfo/kustomization.yaml");
    expect(content(changes, "apps/podinfo/kustomization.yaml")).toBe(kustomization.replace("  - deployment.yaml\n", "  - deployment.yaml\n  - podinfo.canary-bot.yaml\n"));
  });

  it("copies the target into the primary with Flagger's selector rewrite and the revision", () => {
    const primary = docs[0];
    expect(primary.metadata).toEqual({ name: "podinfo-primary", namespace: "test", labels: { app: "podinfo-primary" }, annotations: { "canary-bot.io/revision": "rev-1" } });
    expect(primary.spec.selector).toEqual({ matchLabels: { app: "podinfo-primary" } });
    expect(primary.spec.template.metadata.labels).toEqual({ app: "podinfo-primary" });
    expect(primary.spec.template.spec.containers[0].image).toBe("ghcr.io/stefanprodan/podinfo:6.0.0");
    // With an autoscaler the primary HPA owns the replica count.
    expect(primary.spec.replicas).toBeUndefined();
    expect(docs[1].spec).toMatchObject({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "podinfo-primary" }, minReplicas: 2, maxReplicas: 4 });
  });

  it("generates the three Services with Flagger's selectors and labels", () => {
    const byName = Object.fromEntries(docs.filter((d) => d.kind === "Service").map((d) => [d.metadata.name, d]));
    expect(byName.podinfo.spec).toEqual({ type: "ClusterIP", selector: { app: "podinfo-primary" }, ports: [{ name: "http", protocol: "TCP", port: 9898, targetPort: 9898 }] });
    expect(byName["podinfo-primary"].spec.selector).toEqual({ app: "podinfo-primary" });
    expect(byName["podinfo-canary"].spec.selector).toEqual({ app: "podinfo" });
    expect(byName["podinfo-canary"].metadata.labels).toEqual({ app: "podinfo-canary" });
  });

  it("routes 100/0 to primary/canary", () => {
    expect(docs[5].spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([
      ["podinfo-primary", 100],
      ["podinfo-canary", 0],
    ]);
  });

  it("is deterministic and idempotent once applied", () => {
    expect(bootstrap(canary, files)).toEqual(changes);
    const applied = files.map((f) => ({ path: f.path, content: changes.find((c) => c.path === f.path)?.content ?? f.content }));
    applied.push({ path: GENERATED, content: generated });
    expect(bootstrap(canary, applied)).toEqual([]);
  });

  it("copies Git-held ConfigMaps to -primary and points the primary at the copies", () => {
    const deployment = original(files, "apps/podinfo/deployment.yaml").replace(
      "        env:\n",
      "        envFrom:\n        - configMapRef:\n            name: podinfo-config\n        - secretRef:\n            name: cluster-only\n        env:\n",
    );
    const repo = files.map((f) => (f.path === "apps/podinfo/deployment.yaml" ? { ...f, content: deployment } : f));
    repo.push({ path: "apps/podinfo/config.yaml", content: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: podinfo-config\ndata:\n  color: blue\n" });
    const out = content(bootstrap(makeCanary(), repo), GENERATED);
    validateGenerated(out);
    const all = docsOf(out) as any[];
    expect(all.find((d) => d.kind === "ConfigMap")).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "podinfo-config-primary", namespace: "test" }, data: { color: "blue" } });
    expect(all[0].spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: "podinfo-config-primary" } }, { secretRef: { name: "cluster-only" } }]);
  });

  it("adopts an existing route and apex Service in place instead of generating them", () => {
    const service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: podinfo\nspec:\n  selector:\n    app: podinfo # pods\n  ports:\n    - port: 9898\n";
    const repo = [...files, { path: "apps/podinfo/route.yaml", content: routeFixture("podinfo-route.yaml") }, { path: "apps/podinfo/service.yaml", content: service }];
    const out = bootstrap(makeCanary(), repo);
    expect(out.map((c) => c.path)).toEqual([GENERATED, "apps/podinfo/deployment.yaml", "apps/podinfo/kustomization.yaml", "apps/podinfo/route.yaml", "apps/podinfo/service.yaml"]);
    expect((docsOf(content(out, GENERATED)) as any[]).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(["Deployment/podinfo-primary", "Service/podinfo-canary", "Service/podinfo-primary"]);
    expect(changedLines(service, content(out, "apps/podinfo/service.yaml"))).toEqual([{ line: 7, before: "    app: podinfo # pods", after: "    app: podinfo-primary # pods" }]);
    expect(httpRouteErrors(docsOf(content(out, "apps/podinfo/route.yaml"))[0])).toEqual([]);
  });

  it("puts the primary's replicas from the target when there is no autoscaler", () => {
    const repo = files.map((f) => (f.path === "apps/podinfo/deployment.yaml" ? { ...f, content: f.content.replace("spec:\n  minReadySeconds", "spec:\n  replicas: 3 # three\n  minReadySeconds") } : f));
    const out = bootstrap(makeCanary(), repo);
    expect((docsOf(content(out, GENERATED)) as any[])[0].spec.replicas).toBe(3);
    expect(changedLines(original(repo, "apps/podinfo/deployment.yaml"), content(out, "apps/podinfo/deployment.yaml"))).toEqual([{ line: 8, before: "  replicas: 3 # three", after: "  replicas: 0 # three" }]);
  });
});

describe("bootstrapFiles errors", () => {
  it("names the Canary field when the target is missing", () => {
    const r = bootstrapFiles(makeCanary({ targetRef: { name: "nope" } }), { files: podinfoRepo(), revision: "r" });
    expect(r).toEqual({
      ok: false,
      issues: [{ location: { file: "apps/podinfo/canary.yaml", line: 1, column: 1 }, field: "spec.targetRef.name", message: "Deployment nope (namespace test) is not in the repository", severity: "error" }],
    });
  });

  it("refuses to generate objects the user already has", () => {
    const clash = { path: "apps/other/primary.yaml", content: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo-primary\n  namespace: test\nspec: {}\n" };
    const r = bootstrapFiles(makeCanary(), { files: podinfoRepo([clash]), revision: "r" });
    expect(!r.ok && r.issues.map((i) => i.message)).toEqual(["Deployment podinfo-primary is canary-bot's to generate (in apps/podinfo/podinfo.canary-bot.yaml) but already exists in apps/other/primary.yaml; remove it there"]);
  });

  it("needs the autoscaler and a selector label", () => {
    const noHpa = podinfoRepo().filter((f) => f.path !== "apps/podinfo/hpa.yaml");
    const r = bootstrapFiles(withHpa(makeCanary()), { files: noHpa, revision: "r" });
    expect(!r.ok && r.issues.map((i) => `${i.field}: ${i.message}`)).toEqual(["spec.autoscalerRef.name: HorizontalPodAutoscaler podinfo is not in the repository"]);
    const unlabeled = podinfoRepo().map((f) => ({ ...f, content: f.content.replaceAll("app: podinfo", "tier: podinfo") }));
    const s = bootstrapFiles(makeCanary(), { files: unlabeled, revision: "r" });
    expect(!s.ok && s.issues[0]).toEqual({
      location: { file: "apps/podinfo/deployment.yaml", line: 1, column: 1 },
      field: "spec.selector.matchLabels",
      message: "Deployment podinfo needs one of the selector labels app, name, app.kubernetes.io/name (as Flagger does) so the primary and canary pods can be told apart",
      severity: "error",
    });
  });
});
