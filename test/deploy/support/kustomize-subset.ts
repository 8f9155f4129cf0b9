/**
 * The part of kustomize that deploy/ uses, so the tests can check what `kubectl apply -k` would
 * apply without a kustomize binary: `resources` (files and directories), `components`,
 * `configMapGenerator` (`envs`, `literals`), `patches` (JSON 6902 with a target, and strategic
 * merge patches that delete a whole object), `images` and `namespace`.
 *
 * Anything else in a kustomization is an error, never ignored, so a manifest that relies on a
 * feature this subset lacks fails the tests instead of passing them untested. Known differences
 * from kustomize: generated ConfigMaps keep their plain name (kustomize appends a content hash and
 * rewrites references to it), and strategic merge patches other than `$patch: delete` are refused.
 */
import { readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseAllDocuments, parse } from "yaml";

export type JsonObject = Record<string, unknown>;

export interface Rendered {
  /** File the object came from, relative to the repository (for messages). */
  readonly source: string;
  readonly object: JsonObject;
}

export interface KustomizationFile {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly resources?: readonly string[];
  readonly components?: readonly string[];
  readonly patches?: readonly PatchEntry[];
  readonly images?: readonly ImageEntry[];
  readonly configMapGenerator?: readonly GeneratorEntry[];
}

interface PatchEntry {
  readonly path?: string;
  readonly patch?: string;
  readonly target?: { readonly kind?: string; readonly name?: string };
}

interface ImageEntry {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

interface GeneratorEntry {
  readonly name: string;
  readonly envs?: readonly string[];
  readonly literals?: readonly string[];
}

const SUPPORTED = new Set(["apiVersion", "kind", "namespace", "resources", "components", "patches", "images", "configMapGenerator"]);

/** Kinds without a namespace (the ones deploy/ can contain). */
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "CustomResourceDefinition"]);

export const repoRoot = resolve(import.meta.dirname, "../../..");

function where(path: string): string {
  return relative(repoRoot, path) || ".";
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every YAML document of a file, failing on syntax errors and warnings with the file's name. */
export function readYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { prettyErrors: true });
  for (const doc of docs) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new Error(`${where(file)}: ${problem.message}`);
  }
  return docs.map((doc) => doc.toJS() as unknown).filter((value) => value !== null && value !== undefined);
}

function readKustomization(dir: string): KustomizationFile {
  const file = join(dir, "kustomization.yaml");
  const [value, ...rest] = readYamlDocuments(file);
  if (!isObject(value) || rest.length > 0) throw new Error(`${where(file)}: must be one YAML mapping`);
  for (const key of Object.keys(value)) {
    if (!SUPPORTED.has(key)) throw new Error(`${where(file)}: "${key}" is not supported by the test's kustomize subset`);
  }
  return value;
}

/** Renders the kustomization in `dir` as `kubectl apply -k dir` would (within the subset). */
export function renderKustomization(dir: string): Rendered[] {
  const kustomization = readKustomization(dir);
  if (kustomization.kind !== undefined && kustomization.kind !== "Kustomization") {
    throw new Error(`${where(dir)}: is a ${kustomization.kind}; only a Kustomization can be rendered or used as a resource`);
  }
  return render(dir, kustomization);
}

/** Renders a kustomization given as data, with paths relative to `dir` (for compositions in tests). */
export function renderInline(dir: string, kustomization: KustomizationFile): Rendered[] {
  return render(dir, kustomization);
}

function render(dir: string, kustomization: KustomizationFile): Rendered[] {
  let objects: Rendered[] = [];
  for (const entry of kustomization.resources ?? []) objects.push(...loadResource(dir, entry));
  for (const entry of kustomization.components ?? []) objects = applyComponent(resolve(dir, entry), objects);
  objects.push(...generate(dir, kustomization.configMapGenerator ?? []));
  return transform(dir, kustomization, objects);
}

function loadResource(dir: string, entry: string): Rendered[] {
  const path = resolve(dir, entry);
  if (statSync(path).isDirectory()) return renderKustomization(path);
  return readYamlDocuments(path).map((object) => {
    if (!isObject(object)) throw new Error(`${where(path)}: every document must be a mapping`);
    return { source: where(path), object };
  });
}

function applyComponent(dir: string, objects: Rendered[]): Rendered[] {
  const component = readKustomization(dir);
  if (component.kind !== "Component") throw new Error(`${where(dir)}: listed under components but its kind is ${String(component.kind)}`);
  // A component's transformers apply to everything accumulated so far, as in kustomize.
  return transform(dir, component, [...objects, ...renderOwn(dir, component)]);
}

/** A component's own resources and generated objects, before its transformers run. */
function renderOwn(dir: string, component: KustomizationFile): Rendered[] {
  let own: Rendered[] = [];
  for (const entry of component.resources ?? []) own.push(...loadResource(dir, entry));
  for (const entry of component.components ?? []) own = applyComponent(resolve(dir, entry), own);
  own.push(...generate(dir, component.configMapGenerator ?? []));
  return own;
}

function generate(dir: string, generators: readonly GeneratorEntry[]): Rendered[] {
  return generators.map((generator) => {
    const data: Record<string, string> = {};
    for (const envFile of generator.envs ?? []) {
      const file = resolve(dir, envFile);
      readFileSync(file, "utf8").split("\n").forEach((line, index) => {
        const text = line.trim();
        if (text === "" || text.startsWith("#")) return;
        const eq = text.indexOf("=");
        if (eq <= 0) throw new Error(`${where(file)}:${String(index + 1)}: expected KEY=VALUE`);
        data[text.slice(0, eq)] = text.slice(eq + 1);
      });
    }
    for (const literal of generator.literals ?? []) {
      const eq = literal.indexOf("=");
      if (eq <= 0) throw new Error(`${where(dir)}: configMapGenerator literal ${JSON.stringify(literal)} is not KEY=VALUE`);
      data[literal.slice(0, eq)] = literal.slice(eq + 1);
    }
    return { source: `${where(dir)} (configMapGenerator ${generator.name})`, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: generator.name }, data } };
  });
}

function transform(dir: string, kustomization: KustomizationFile, input: Rendered[]): Rendered[] {
  let objects = input.map((r) => ({ source: r.source, object: structuredClone(r.object) }));
  for (const entry of kustomization.patches ?? []) objects = applyPatch(dir, entry, objects);
  if (kustomization.namespace !== undefined) {
    for (const { object } of objects) setNamespace(object, kustomization.namespace);
  }
  for (const image of kustomization.images ?? []) {
    for (const { object } of objects) setImage(object, image);
  }
  return objects;
}

function meta(object: JsonObject): JsonObject {
  if (!isObject(object.metadata)) object.metadata = {};
  return object.metadata as JsonObject;
}

function setNamespace(object: JsonObject, namespace: string): void {
  // kustomize renames a Namespace object to the kustomization's namespace.
  if (object.kind === "Namespace") meta(object).name = namespace;
  else if (!CLUSTER_SCOPED.has(String(object.kind))) meta(object).namespace = namespace;
}

function setImage(object: JsonObject, image: ImageEntry): void {
  const spec = (object as { spec?: { template?: { spec?: JsonObject } } }).spec?.template?.spec;
  if (!spec) return;
  for (const field of ["containers", "initContainers"]) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const container of containers as JsonObject[]) {
      if (typeof container.image !== "string") continue;
      const match = /^([^@:]+(?::\d+\/[^@:]+)?)(?::([^@]+))?(?:@(.+))?$/.exec(container.image);
      if (match?.[1] !== image.name) continue;
      const name = image.newName ?? image.name;
      if (image.digest !== undefined) container.image = `${name}@${image.digest}`;
      else {
        const tag = image.newTag ?? match[2];
        container.image = tag === undefined ? name : `${name}:${tag}`;
      }
    }
  }
}

function applyPatch(dir: string, entry: PatchEntry, objects: Rendered[]): Rendered[] {
  const text = entry.path !== undefined ? readFileSync(resolve(dir, entry.path), "utf8") : entry.patch;
  const label = entry.path !== undefined ? where(resolve(dir, entry.path)) : `${where(dir)} (inline patch)`;
  if (text === undefined) throw new Error(`${label}: a patch needs "path" or "patch"`);
  const value: unknown = parse(text);
  if (Array.isArray(value)) {
    if (!entry.target) throw new Error(`${label}: a JSON 6902 patch needs a target`);
    const target = entry.target;
    const matches = objects.filter(({ object }) => (target.kind === undefined || object.kind === target.kind) && (target.name === undefined || meta(object).name === target.name));
    if (matches.length === 0) throw new Error(`${label}: the target ${JSON.stringify(target)} matches no object`);
    for (const match of matches) applyJsonPatch(match.object, value, label);
    return objects;
  }
  if (!isObject(value)) throw new Error(`${label}: a patch must be a list (JSON 6902) or a mapping (strategic merge)`);
  if (value.$patch !== "delete") throw new Error(`${label}: only "$patch: delete" strategic merge patches are supported by the subset`);
  const name = meta(value).name;
  const index = objects.findIndex(({ object }) => object.kind === value.kind && meta(object).name === name);
  if (index < 0) throw new Error(`${label}: ${String(value.kind)} ${String(name)} to delete is not among the resources`);
  return objects.filter((_, i) => i !== index);
}

function pointer(path: string, label: string): string[] {
  if (!path.startsWith("/")) throw new Error(`${label}: JSON pointer ${JSON.stringify(path)} must start with /`);
  return path.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function applyJsonPatch(object: JsonObject, operations: unknown[], label: string): void {
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
      throw new Error(`${label}: every operation needs "op" and "path"`);
    }
    const parts = pointer(operation.path, label);
    const last = parts.pop();
    if (last === undefined) throw new Error(`${label}: cannot patch the whole document`);
    let parent: unknown = object;
    for (const part of parts) {
      parent = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
      if (parent === undefined) throw new Error(`${label}: ${operation.op} ${operation.path}: ${part} does not exist`);
    }
    const fail = (why: string): never => {
      throw new Error(`${label}: ${String(operation.op)} ${String(operation.path)}: ${why}`);
    };
    const exists = Array.isArray(parent) ? Number(last) < parent.length : isObject(parent) && last in parent;
    const current = Array.isArray(parent) ? parent[Number(last)] : isObject(parent) ? parent[last] : undefined;
    switch (operation.op) {
      case "test":
        if (!exists || JSON.stringify(current) !== JSON.stringify(operation.value)) fail(`found ${JSON.stringify(current)}, expected ${JSON.stringify(operation.value)}`);
        break;
      case "remove":
        if (!exists) fail("nothing to remove");
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else Reflect.deleteProperty(parent as JsonObject, last);
        break;
      case "replace":
        if (!exists) fail("nothing to replace");
        if (Array.isArray(parent)) parent[Number(last)] = structuredClone(operation.value);
        else (parent as JsonObject)[last] = structuredClone(operation.value);
        break;
      case "add":
        if (Array.isArray(parent)) {
          if (last === "-") parent.push(structuredClone(operation.value));
          else if (Number(last) <= parent.length) parent.splice(Number(last), 0, structuredClone(operation.value));
          else fail("index out of range");
        } else if (isObject(parent)) parent[last] = structuredClone(operation.value);
        else fail("parent is not a container");
        break;
      default:
        fail("unsupported operation");
    }
  }
}
