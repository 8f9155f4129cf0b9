/**
 * Finds Kubernetes objects in repository files. Minimal on purpose: parses YAML files into
 * documents that keep their source (for in-place edits) and answers "where is kind K named N
 * in namespace NS". A document without a namespace matches any namespace, because the
 * kustomization or the Flux Kustomization usually decides it.
 */
import type { SpecIssue } from "../errors.js";
import type { RepoFile } from "./types.js";
import { positionOf } from "./yaml/text-edits.js";
import { parseYamlFile } from "./yaml/yaml-file.js";
import type { YamlDoc, YamlFile } from "./yaml/yaml-file.js";

export interface LocatedObject {
  readonly file: YamlFile;
  readonly doc: YamlDoc;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly json: Record<string, unknown>;
}

export interface RepoIndex {
  readonly files: ReadonlyMap<string, YamlFile>;
  readonly objects: readonly LocatedObject[];
  /** YAML files that did not parse, with the reason; reported when a lookup finds nothing. */
  readonly unparsable: readonly SpecIssue[];
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function indexRepo(files: readonly RepoFile[]): RepoIndex {
  const parsed = new Map<string, YamlFile>();
  const objects: LocatedObject[] = [];
  const unparsable: SpecIssue[] = [];
  for (const f of files) {
    if (!isYamlPath(f.path)) continue;
    const r = parseYamlFile(f.path, f.content);
    if ("error" in r) {
      const { line, column } = positionOf(f.content, r.error.offset);
      unparsable.push({ location: { file: f.path, line, column }, field: "", message: `YAML does not parse: ${r.error.message}`, severity: "error" });
      continue;
    }
    parsed.set(f.path, r.file);
    for (const doc of r.file.docs) {
      const json = record(doc.json);
      const meta = record(json?.metadata);
      if (json === undefined || meta === undefined) continue;
      const { apiVersion, kind } = json;
      const { name, namespace } = meta;
      if (typeof apiVersion !== "string" || typeof kind !== "string" || typeof name !== "string") continue;
      objects.push({ file: r.file, doc, apiVersion, kind, name, ...(typeof namespace === "string" ? { namespace } : {}), json });
    }
  }
  return { files: parsed, objects, unparsable };
}

export function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

export function joinPath(dir: string, name: string): string {
  return dir === "" ? name : `${dir}/${name}`;
}

/** Number of leading path segments two directories share. */
function closeness(a: string, b: string): number {
  const x = a === "" ? [] : a.split("/");
  const y = b === "" ? [] : b.split("/");
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

export type FindResult = { readonly object: LocatedObject } | { readonly missing: true } | { readonly ambiguous: readonly LocatedObject[] };

/**
 * The object of `kind` named `name` in `namespace`, preferring the one closest to `nearPath`
 * (the Canary's file) when several match; `exclude` skips files (the generated one).
 */
export function findObject(
  index: RepoIndex,
  query: { readonly kind: string; readonly name: string; readonly namespace: string; readonly group?: string; readonly nearPath: string; readonly exclude?: string },
): FindResult {
  const matches = index.objects.filter(
    (o) =>
      o.kind === query.kind &&
      o.name === query.name &&
      (o.namespace === undefined || o.namespace === query.namespace) &&
      o.file.path !== query.exclude &&
      (query.group === undefined || groupOf(o.apiVersion) === query.group),
  );
  if (matches.length === 0) return { missing: true };
  if (matches.length === 1 && matches[0] !== undefined) return { object: matches[0] };
  const near = dirOf(query.nearPath);
  const scored = matches.map((o) => ({ o, score: closeness(dirOf(o.file.path), near) + (o.namespace === undefined ? 0 : 0.5) }));
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best).map((s) => s.o);
  return top.length === 1 && top[0] !== undefined ? { object: top[0] } : { ambiguous: top };
}

export function groupOf(apiVersion: string): string {
  const at = apiVersion.indexOf("/");
  return at < 0 ? "" : apiVersion.slice(0, at);
}

export function locationOf(object: LocatedObject, offset?: number): { readonly file: string; readonly line: number; readonly column: number } {
  const { line, column } = positionOf(object.file.text, offset ?? object.doc.doc.contents?.range[0] ?? 0);
  return { file: object.file.path, line, column };
}
