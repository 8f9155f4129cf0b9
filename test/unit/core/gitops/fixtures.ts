import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { expect } from "vitest";
import { readFileSync } from "node:fs";
import { bootstrapFiles } from "../../../../src/core/gitops/bootstrap.js";
import type { FileChange, RepoFile } from "../../../../src/core/gitops/types.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";
import { fileURLToPath } from "node:url";
import { findObject, indexRepo } from "../../../../src/core/gitops/repo-index.js";
import type { LocatedObject } from "../../../../src/core/gitops/repo-index.js";
import { parse, parseAllDocuments } from "yaml";

export function routeFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/routes/${name}`, import.meta.url)), "utf8");
}

export function locateRoute(path: string, content: string, name = "podinfo"): LocatedObject {
  const found = findObject(indexRepo([{ path, content }]), { kind: "HTTPRoute", name, namespace: "test", nearPath: path });
  if (!("object" in found)) throw new Error("route not found");
  return found.object;
}

/** Lines that differ between two texts of equal line count (undefined when counts differ). */
export function changedLines(before: string, after: string): { line: number; before: string; after: string }[] | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) return undefined;
  return a.flatMap((line, i) => (line === b[i] ? [] : [{ line: i + 1, before: line, after: b[i] ?? "" }]));
}

export function docsOf(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS() as unknown);
}

export function yamlOf(text: string): any {
  return parse(text);
}

/** Every comment line of `text`. */
export function comments(text: string): string[] {
  return text.split("\n").filter((l) => l.includes("#")).map((l) => l.slice(l.indexOf("#")));
}

export function withHpa(canary: ResolvedCanary): ResolvedCanary {
  return { ...canary, autoscalerRef: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: "podinfo" } };
}

export function bootstrap(canary: ResolvedCanary, files: readonly RepoFile[], revision = "rev-1"): FileChange[] {
  const r = bootstrapFiles(canary, { files, revision });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return [...r.value.changes];
}

export function content(changes: readonly FileChange[], path: string): string {
  const c = changes.find((x) => x.path === path);
  if (c?.content == null) throw new Error(`no change to ${path}`);
  return c.content;
}

export function original(files: readonly RepoFile[], path: string): string {
  return files.find((f) => f.path === path)?.content ?? "";
}

/** Validates every object of the generated file with its official schema. */
export function validateGenerated(text: string): void {
  for (const doc of docsOf(text) as any[]) {
    switch (doc.kind) {
      case "Deployment":
        new Deployment(doc).validate();
        break;
      case "HorizontalPodAutoscaler":
        new HorizontalPodAutoscaler(doc).validate();
        break;
      case "Service":
        new Service(doc).validate();
        break;
      case "ConfigMap":
        new ConfigMap(doc).validate();
        break;
      case "HTTPRoute":
        expect(httpRouteErrors(doc)).toEqual([]);
        break;
      default:
        throw new Error(`unexpected ${String(doc.kind)}`);
    }
  }
}

