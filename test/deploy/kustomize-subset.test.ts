import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderKustomization } from "./support/kustomize-subset.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory tree from `{ "path/file": "content" }`. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "canary-bot-kustomize-"));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
        - name: app
          image: app
        - name: side
          image: registry.example.com:5000/tools/side:1.0
`;

describe("the kustomize subset used by the deploy tests", () => {
  it("refuses a kustomization field it does not implement instead of ignoring it", () => {
    const root = tree({ "kustomization.yaml": "resources: [d.yaml]\ncommonLabels: {a: b}\n", "d.yaml": deployment });
    expect(() => renderKustomization(root)).toThrow('"commonLabels" is not supported');
  });

  it("refuses a component listed as a resource, and a patch that matches nothing", () => {
    const component = tree({
      "kustomization.yaml": "resources: [c]\n",
      "c/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n",
    });
    expect(() => renderKustomization(component)).toThrow("only a Kustomization can be rendered");
    const patch = tree({
      "kustomization.yaml": "resources: [d.yaml]\npatches:\n  - target: {kind: Deployment, name: other}\n    patch: '[{op: replace, path: /spec/replicas, value: 2}]'\n",
      "d.yaml": deployment,
    });
    expect(() => renderKustomization(patch)).toThrow("matches no object");
  });

  it("applies JSON 6902 operations, and a failed test operation stops the render", () => {
    const ok = tree({
      "kustomization.yaml": `resources: [d.yaml]
patches:
  - target: {kind: Deployment}
    patch: |-
      - {op: test, path: /spec/template/spec/containers/0/name, value: app}
      - {op: add, path: /spec/replicas, value: 3}
      - {op: remove, path: /spec/template/spec/containers/1}
      - {op: add, path: /spec/template/spec/containers/0/env, value: [{name: A, value: "1"}]}
`,
      "d.yaml": deployment,
    });
    const [object] = renderKustomization(ok);
    expect(object?.object.spec).toMatchObject({ replicas: 3, template: { spec: { containers: [{ name: "app", image: "app", env: [{ name: "A", value: "1" }] }] } } });
    const failing = tree({
      "kustomization.yaml": "resources: [d.yaml]\npatches:\n  - target: {kind: Deployment}\n    patch: '[{op: test, path: /spec/template/spec/containers/0/name, value: web}]'\n",
      "d.yaml": deployment,
    });
    expect(() => renderKustomization(failing)).toThrow('found "app", expected "web"');
  });

  it("sets namespaces on namespaced objects only, renames a Namespace, and rewrites images by name", () => {
    const root = tree({
      "kustomization.yaml": `namespace: team
resources: [d.yaml, r.yaml]
images:
  - {name: app, newName: registry.example.com/app, newTag: "2.0"}
  - {name: registry.example.com:5000/tools/side, digest: "sha256:${"a".repeat(64)}"}
`,
      "d.yaml": deployment,
      "r.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n",
    });
    const objects = renderKustomization(root).map((r) => r.object as { kind: string; metadata: { name: string; namespace?: string }; spec?: { template: { spec: { containers: { image: string }[] } } } });
    expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ["Deployment", "app", "team"],
      ["Namespace", "team", undefined],
      ["ClusterRole", "r", undefined],
    ]);
    expect(objects[0]?.spec?.template.spec.containers.map((c) => c.image)).toEqual([
      "registry.example.com/app:2.0",
      `registry.example.com:5000/tools/side@sha256:${"a".repeat(64)}`,
    ]);
  });

  it("leaves a component's namespaces alone unless the including kustomization sets one", () => {
    const files = {
      "base/kustomization.yaml": "namespace: bot\nresources: [d.yaml]\n",
      "base/d.yaml": deployment,
      "comp/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [role.yaml]\n",
      "comp/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: apps}\nrules: []\n",
    };
    const keep = tree({ ...files, "kustomization.yaml": "resources: [base]\ncomponents: [comp]\n" });
    expect(renderKustomization(keep).map((r) => (r.object.metadata as { namespace?: string }).namespace)).toEqual(["bot", "apps"]);
    const move = tree({ ...files, "kustomization.yaml": "namespace: bot\nresources: [base]\ncomponents: [comp]\n" });
    expect(renderKustomization(move).map((r) => (r.object.metadata as { namespace?: string }).namespace)).toEqual(["bot", "bot"]);
  });
});
