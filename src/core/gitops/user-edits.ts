/**
 * The only edits canary-bot makes to user-owned files (DESIGN.md, the Git contract): the
 * target's `spec.replicas`, the kustomization's `resources`, and adoption of an existing apex
 * Service (its selector) and HTTPRoute (see patch-http-route.ts). All are minimal, in place.
 */
import { isMap, isScalar, isSeq } from "yaml";
import type { SpecIssue } from "../errors.js";
import { locationOf } from "./repo-index.js";
import type { LocatedObject } from "./repo-index.js";
import type { SelectorLabel } from "./primary-objects.js";
import { getIn, getPair } from "./yaml/yaml-file.js";
import type { YamlFile } from "./yaml/yaml-file.js";
import { appendSeqItems, insertPairs, replacePairValue, syncNode } from "./yaml/yaml-sync.js";
import type { EditContext } from "./yaml/yaml-sync.js";

function issue(object: LocatedObject, field: string, message: string): SpecIssue {
  return { location: locationOf(object), field, message, severity: "error" };
}

/** Sets `spec.replicas` of the target Deployment, inserting it first in `spec` when absent. */
export function setReplicas(ctx: EditContext, target: LocatedObject, replicas: number): SpecIssue | undefined {
  const spec = getIn(target.doc.doc.contents, ["spec"]);
  if (!isMap(spec) || spec.flow === true) return issue(target, "spec", `Deployment ${target.name} has no block-style spec to set replicas in`);
  const pair = spec.items.find((p) => isScalar(p.key) && p.key.value === "replicas");
  if (pair === undefined) {
    insertPairs(ctx, spec, { replicas });
  } else if (!syncNode(ctx, pair.value, replicas)) {
    replacePairValue(ctx, pair, replicas);
  }
  return undefined;
}

/** Adds `entry` to a kustomization's `resources` unless it is listed already. */
export function addKustomizationResource(ctx: EditContext, file: YamlFile, entry: string): SpecIssue | undefined {
  const doc = file.docs[0];
  const root = doc?.doc.contents;
  if (doc === undefined || !isMap(root) || root.flow === true) {
    return { location: { file: file.path, line: 1, column: 1 }, field: "resources", message: "kustomization is not a block-style map; add the generated file to resources by hand", severity: "error" };
  }
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === "resources");
  if (pair === undefined) {
    insertPairs(ctx, root, { resources: [entry] }, root.items[root.items.length - 1]);
    return undefined;
  }
  const list: unknown = isSeq(pair.value) ? pair.value.toJSON() : [];
  const current: unknown[] = Array.isArray(list) ? list : [];
  if (current.includes(entry) || current.includes(`./${entry}`)) return undefined;
  if (isSeq(pair.value) && pair.value.flow !== true && pair.value.items.length > 0) {
    appendSeqItems(ctx, pair.value, [entry]);
  } else if (!syncNode(ctx, pair.value, [...current, entry])) {
    replacePairValue(ctx, pair, [...current, entry]);
  }
  return undefined;
}

/**
 * Points an existing (user-written) apex Service at the primary pods, as Flagger's Kubernetes
 * router does with a Service it did not create: only the selector label changes.
 */
export function adoptApexService(ctx: EditContext, service: LocatedObject, label: SelectorLabel): SpecIssue | undefined {
  const selector = getIn(service.doc.doc.contents, ["spec", "selector"]);
  const desired = `${label.value}-primary`;
  if (!isMap(selector)) return issue(service, "spec.selector", `Service ${service.name} has no selector to point at the primary pods`);
  const existing = getPair(selector, label.key);
  if (existing === undefined) {
    if (selector.flow === true || selector.items.length === 0) {
      const json = selector.toJSON() as Record<string, unknown>;
      if (!syncNode(ctx, selector, { ...json, [label.key]: desired })) return issue(service, "spec.selector", "cannot be edited in place");
    } else {
      insertPairs(ctx, selector, { [label.key]: desired }, selector.items[selector.items.length - 1]);
    }
    return undefined;
  }
  const pair = selector.items.find((p) => p.key === existing.key);
  if (pair !== undefined && !syncNode(ctx, pair.value, desired)) replacePairValue(ctx, pair, desired);
  return undefined;
}
