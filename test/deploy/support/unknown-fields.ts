/**
 * Fields that Kubernetes does not know. The `kubernetes-models` validators check types, enums
 * and required fields but accept any extra key, while `kubectl apply` (strict field validation)
 * rejects them; a misspelt `readinessprobe` would otherwise pass. The field lists come from
 * `@kubernetes/client-node`'s generated models (each model's attribute type map).
 */
import * as models from "@kubernetes/client-node";
import { isObject } from "./kustomize-subset.js";

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

function model(type: string): ModelClass | undefined {
  const candidate = (models as Record<string, unknown>)[type];
  return typeof candidate === "function" && "getAttributeTypeMap" in candidate ? (candidate as unknown as ModelClass) : undefined;
}

/** The client-node model of an object by its kind, e.g. `V1Deployment`, `V1PodDisruptionBudget`. */
export function modelNameFor(apiVersion: string, kind: string): string {
  const version = apiVersion.split("/").at(-1) ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/** Paths (`spec.template.spec.containers[0].readinessprobe`) of keys the schema does not have. */
export function unknownFields(object: unknown, type: string, path = ""): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(object) ? object.flatMap((item, i) => unknownFields(item, array[1]!, `${path}[${String(i)}]`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return isObject(object) ? Object.entries(object).flatMap(([key, value]) => unknownFields(value, map[1]!, `${path}.${key}`)) : [];
  const cls = model(type);
  if (!cls || !isObject(object)) return [];
  const attributes = new Map(cls.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  return Object.entries(object).flatMap(([key, value]) => {
    const child = path === "" ? key : `${path}.${key}`;
    const childType = attributes.get(key);
    return childType === undefined ? [child] : unknownFields(value, childType, child);
  });
}

export function hasModel(type: string): boolean {
  return model(type) !== undefined;
}
