/**
 * In-place patch of an adopted HTTPRoute document (see routing/adopt-route.ts for which rules
 * change and how the extra rules are named). The file is edited at the parsed nodes' source
 * ranges: a weight step rewrites two scalars, and every other rule, filter, comment, key order
 * and quoting stays byte-identical.
 */
import type { SpecIssue } from "../errors.js";
import type { TrafficState } from "../machine/types.js";
import { adoptRouteRules, isBotRule } from "../routing/adopt-route.js";
import type { AdoptedRule } from "../routing/adopt-route.js";
import type { ResolvedCanary } from "../spec/model.js";
import { findObject, indexRepo, locationOf } from "./repo-index.js";
import type { LocatedObject } from "./repo-index.js";
import { fail, ok } from "./types.js";
import type { GitopsResult, RepoFile } from "./types.js";
import { applyEdits } from "./yaml/text-edits.js";
import { getIn, isBlockSeq, rangeOf } from "./yaml/yaml-file.js";
import { appendSeqItems, deleteSeqItem, insertSeqItemsBefore, replacePairValue, replaceSeqItem, syncNode } from "./yaml/yaml-sync.js";
import type { EditContext } from "./yaml/yaml-sync.js";
import { isMap, isScalar } from "yaml";
import type { YAMLSeq } from "yaml";

export interface RoutePatch {
  /** The whole file's new text. */
  readonly text: string;
  /** Canary settings that do not apply to an adopted route, for the check run. */
  readonly notes: readonly string[];
}

function issue(route: LocatedObject, field: string, message: string, offset?: number): SpecIssue {
  return { location: locationOf(route, offset), field, message, severity: "error" };
}

export function patchHttpRoute(route: LocatedObject, canary: ResolvedCanary, traffic: TrafficState): GitopsResult<RoutePatch> {
  const ctx: EditContext = { text: route.file.text, style: route.file.style, edits: [] };
  const r = patchHttpRouteEdits(ctx, route, canary, traffic);
  if (!r.ok) return r;
  const text = applyEdits(route.file.text, ctx.edits);
  if (typeof text !== "string") return fail([issue(route, "spec.rules", "overlapping edits (a canary-bot bug); the file was left unchanged")]);
  return ok({ text, notes: r.value });
}

/** Records the patch's edits into `ctx` (the route file's), returning the notes. */
export function patchHttpRouteEdits(ctx: EditContext, route: LocatedObject, canary: ResolvedCanary, traffic: TrafficState): GitopsResult<readonly string[]> {
  const spec = route.json.spec as Record<string, unknown> | undefined;
  const existing = Array.isArray(spec?.rules) ? (spec.rules as unknown[]) : [];
  const adopted = adoptRouteRules(existing, canary, traffic);
  if ("errors" in adopted) {
    return fail(adopted.errors.map((e) => issue(route, e.field, e.message, rangeOf(getIn(route.doc.doc.contents, ["spec", "rules"]))?.[0])));
  }
  const rulesNode = getIn(route.doc.doc.contents, ["spec", "rules"]);
  if (isBlockSeq(rulesNode)) {
    alignRules(ctx, rulesNode, adopted.rules);
  } else {
    // A flow-style rules list is rewritten whole.
    const specNode = getIn(route.doc.doc.contents, ["spec"]);
    const pair = isMap(specNode) ? specNode.items.find((p) => isScalar(p.key) && p.key.value === "rules") : undefined;
    if (pair === undefined) return fail([issue(route, "spec.rules", "is missing")]);
    const desired = adopted.rules.map((r) => r.rule);
    if (!syncNode(ctx, rulesNode, desired)) replacePairValue(ctx, pair, desired);
  }
  return ok(adopted.notes);
}

/**
 * Walks the desired rules against the existing sequence: existing rules are synced in place,
 * canary-bot rules are reused by name when they sit where they belong, inserted otherwise, and
 * canary-bot rules no longer wanted are removed.
 */
function alignRules(ctx: EditContext, seq: YAMLSeq, desired: readonly AdoptedRule[]): void {
  const items = seq.items;
  const existingJson = items.map((item) => (item as { toJSON?: () => unknown }).toJSON?.());
  const nameAt = (i: number): unknown => (existingJson[i] as Record<string, unknown> | undefined)?.name;
  const deleted = new Set<number>();
  const inserts = new Map<number, unknown[]>();
  let p = 0;
  const sync = (i: number, rule: unknown) => {
    if (!syncNode(ctx, items[i], rule)) replaceSeqItem(ctx, seq, i, rule);
  };
  for (const d of desired) {
    if (d.origin !== undefined) {
      for (let q = p; q < d.origin; q++) deleted.add(q);
      sync(d.origin, d.rule);
      p = d.origin + 1;
      continue;
    }
    let q = p;
    while (q < items.length && isBotRule(existingJson[q]) && nameAt(q) !== d.rule.name) q++;
    if (q < items.length && isBotRule(existingJson[q]) && nameAt(q) === d.rule.name) {
      for (let x = p; x < q; x++) deleted.add(x);
      sync(q, d.rule);
      p = q + 1;
    } else {
      const list = inserts.get(p) ?? [];
      list.push(d.rule);
      inserts.set(p, list);
    }
  }
  for (let q = p; q < items.length; q++) deleted.add(q);
  for (const [at, rules] of inserts) {
    if (at >= items.length) appendSeqItems(ctx, seq, rules);
    else insertSeqItemsBefore(ctx, seq, at, rules);
  }
  for (const q of deleted) deleteSeqItem(ctx, seq, q);
}

/** Text in, text out: patches the HTTPRoute named after the apex in `file`. */
export function patchHttpRouteFile(file: RepoFile, canary: ResolvedCanary, traffic: TrafficState): GitopsResult<RoutePatch> {
  const index = indexRepo([file]);
  const found = findObject(index, { kind: "HTTPRoute", name: canary.service.apex, namespace: canary.namespace, group: "gateway.networking.k8s.io", nearPath: file.path });
  if ("object" in found) return patchHttpRoute(found.object, canary, traffic);
  const parseIssue = index.unparsable[0];
  if (parseIssue !== undefined) return fail([parseIssue]);
  const message = "missing" in found ? `has no HTTPRoute ${canary.service.apex} in namespace ${canary.namespace}` : `has several HTTPRoutes named ${canary.service.apex}`;
  return fail([{ location: { file: file.path, line: 1, column: 1 }, field: "", message, severity: "error" }]);
}
