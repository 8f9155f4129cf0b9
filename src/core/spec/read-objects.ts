/**
 * First pass of the repository loader: YAML files → recognised objects, each with the namespace
 * Git gives it (its own, or the nearest kustomization.yaml's).
 */
import type { SpecIssue } from "../errors.js";
import { locateIssues } from "./field-issue.js";
import { isKustomizationFile, recogniseObject } from "./recognise-object.js";
import type { Recognised } from "./recognise-object.js";
import type { NamespaceSource, RepoObject } from "./repository-index.js";
import { parseYamlDocuments } from "./yaml-documents.js";
import type { YamlDocument } from "./yaml-documents.js";

export interface RepositoryFile {
  readonly path: string;
  readonly content: string;
}

export interface ReadObject {
  readonly object: RepoObject;
  /** The document to validate (a Flagger object of another version already read as v1beta1). */
  readonly value: Readonly<Record<string, unknown>>;
}

interface Found {
  readonly doc: YamlDocument;
  readonly recognised: Recognised;
}

function isManifestFile(path: string): boolean {
  return /\.ya?ml$/i.test(path) || isKustomizationFile(path);
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Namespace set by the nearest kustomization.yaml (in the file's directory or above) that sets one. */
function kustomizationNamespaces(found: readonly Found[]): (file: string) => string | undefined {
  const byDirectory = new Map<string, string>();
  for (const { doc, recognised } of found) {
    const namespace = recognised.value.namespace;
    if (recognised.kind === "Kustomization" && typeof namespace === "string" && namespace !== "") {
      byDirectory.set(directoryOf(doc.file), namespace);
    }
  }
  return (file) => {
    let dir = directoryOf(file);
    for (;;) {
      const namespace = byDirectory.get(dir);
      if (namespace !== undefined) return namespace;
      if (dir === "") return undefined;
      dir = directoryOf(dir);
    }
  };
}

const NAME_OPTIONAL: readonly string[] = ["Kustomization", "Canary", "MetricTemplate", "AlertProvider"];

function toRepoObject(doc: YamlDocument, recognised: Recognised, fromKustomization: string | undefined): RepoObject {
  const kustomization = recognised.kind === "Kustomization";
  const namespace = kustomization ? undefined : (recognised.metadataNamespace ?? fromKustomization);
  const namespaceSource: NamespaceSource =
    kustomization || namespace === undefined ? "none" : recognised.metadataNamespace !== undefined ? "metadata" : "kustomization";
  return {
    kind: recognised.kind,
    apiVersion: recognised.apiVersion,
    name: recognised.name,
    ...(namespace === undefined ? {} : { namespace }),
    namespaceSource,
    file: doc.file,
    documentIndex: doc.index,
    location: doc.location,
    manifest: doc.value,
    locate: doc.locate,
  };
}

/** Files in path order; only `.yaml`/`.yml` files and kustomization files are read. */
export function readObjects(files: readonly RepositoryFile[]): { readonly objects: readonly ReadObject[]; readonly issues: readonly SpecIssue[] } {
  const issues: SpecIssue[] = [];
  const found: Found[] = [];
  const sorted = [...files].filter((f) => isManifestFile(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const parsed = parseYamlDocuments(file.path, file.content);
    issues.push(...parsed.issues);
    for (const doc of parsed.documents) {
      const recognised = recogniseObject(doc);
      if (recognised === undefined) continue;
      issues.push(...locateIssues(recognised.issues, doc.locate));
      if (recognised.name === "" && !NAME_OPTIONAL.includes(recognised.kind)) {
        issues.push(...locateIssues([{ path: ["metadata", "name"], message: `is missing; this ${recognised.kind} is ignored`, severity: "warning" }], doc.locate));
        continue;
      }
      found.push({ doc, recognised });
    }
  }
  const namespaceFromKustomization = kustomizationNamespaces(found);
  const objects = found.map(({ doc, recognised }) => ({
    object: toRepoObject(doc, recognised, recognised.metadataNamespace === undefined ? namespaceFromKustomization(doc.file) : undefined),
    value: recognised.value,
  }));
  return { objects, issues };
}
