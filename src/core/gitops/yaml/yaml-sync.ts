/**
 * Brings a node of a parsed YAML file to a desired JSON value with the smallest text change
 * the structure allows: changed scalars are rewritten in place (keeping their quoting and
 * trailing comments), missing keys and sequence items are inserted, extra ones removed, and only
 * what cannot be edited in place is re-rendered. Untouched lines stay byte-identical, so a
 * weight change is a one-line edit per weight.
 */
import { isMap, isScalar, isSeq, Scalar, stringify } from "yaml";
import type { Pair, YAMLMap, YAMLSeq } from "yaml";
import { columnOf, lineEnd, lineStart, onlyIndentBefore } from "./text-edits.js";
import type { TextEdit } from "./text-edits.js";
import { isBlockMap, isBlockSeq, rangeOf, renderYaml } from "./yaml-file.js";
import type { YamlStyle } from "./yaml-file.js";

export interface EditContext {
  readonly text: string;
  readonly style: YamlStyle;
  readonly edits: TextEdit[];
}

type Plain = string | number | boolean | null;

function isPlain(v: unknown): v is Plain {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function nodeJson(node: unknown): unknown {
  if (node !== null && typeof node === "object" && "toJSON" in node && typeof node.toJSON === "function") {
    return (node.toJSON as () => unknown).call(node);
  }
  return node;
}

export function formatScalar(value: Plain, type: Scalar["type"]): string {
  const s = new Scalar(value);
  if (type !== undefined && type !== "BLOCK_FOLDED" && type !== "BLOCK_LITERAL") s.type = type;
  return stringify(s, { lineWidth: 0 }).replace(/\n$/, "");
}

export function indentBlock(text: string, column: number): string {
  const pad = " ".repeat(column);
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : pad + line))
    .join("\n");
}

/** Position of the `-` that introduces a sequence item. */
function dashOf(ctx: EditContext, item: unknown): number {
  const r = rangeOf(item);
  if (r === undefined) return -1;
  let i = r[0] - 1;
  while (i >= 0 && (ctx.text[i] === " " || ctx.text[i] === "\n" || ctx.text[i] === "\r")) i--;
  return ctx.text[i] === "-" ? i : r[0];
}

function itemEnd(ctx: EditContext, item: unknown): number {
  const r = rangeOf(item);
  return r === undefined ? 0 : lineEnd(ctx.text, r[2]);
}

export function pairEnd(ctx: EditContext, pair: Pair): number {
  const r = rangeOf(pair.value) ?? rangeOf(pair.key);
  return r === undefined ? 0 : lineEnd(ctx.text, r[2]);
}

/** Lines for new sequence items at the column of the sequence's dashes. */
function seqItemsText(ctx: EditContext, values: readonly unknown[], column: number): string {
  return indentBlock(renderYaml(values, ctx.style), column);
}

function atEofWithoutNewline(ctx: EditContext, offset: number): string {
  return offset === ctx.text.length && ctx.text.length > 0 && !ctx.text.endsWith("\n") ? "\n" : "";
}

export function insertSeqItemsBefore(ctx: EditContext, seq: YAMLSeq, index: number, values: readonly unknown[]): void {
  const first = seq.items[0];
  const column = columnOf(ctx.text, dashOf(ctx, first));
  const before = seq.items[index];
  if (before === undefined) {
    appendSeqItems(ctx, seq, values);
    return;
  }
  const at = lineStart(ctx.text, dashOf(ctx, before));
  ctx.edits.push({ start: at, end: at, text: seqItemsText(ctx, values, column) });
}

export function appendSeqItems(ctx: EditContext, seq: YAMLSeq, values: readonly unknown[]): void {
  const last = seq.items[seq.items.length - 1];
  const column = columnOf(ctx.text, dashOf(ctx, seq.items[0]));
  const at = itemEnd(ctx, last);
  ctx.edits.push({ start: at, end: at, text: atEofWithoutNewline(ctx, at) + seqItemsText(ctx, values, column) });
}

export function deleteSeqItem(ctx: EditContext, seq: YAMLSeq, index: number): void {
  const item = seq.items[index];
  ctx.edits.push({ start: lineStart(ctx.text, dashOf(ctx, item)), end: itemEnd(ctx, item), text: "" });
}

export function replaceSeqItem(ctx: EditContext, seq: YAMLSeq, index: number, value: unknown): void {
  const item = seq.items[index];
  const dash = dashOf(ctx, item);
  ctx.edits.push({ start: lineStart(ctx.text, dash), end: itemEnd(ctx, item), text: seqItemsText(ctx, [value], columnOf(ctx.text, dash)) });
}

/** Rewrites the value of `key:` wholesale (the text after the colon to the end of the entry). */
export function replacePairValue(ctx: EditContext, pair: Pair, value: unknown): void {
  const keyRange = rangeOf(pair.key);
  if (keyRange === undefined) return;
  const colon = ctx.text.indexOf(":", keyRange[1]);
  const end = pairEnd(ctx, pair);
  const keyColumn = columnOf(ctx.text, keyRange[0]);
  const inline = isPlain(value) || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
  let text: string;
  if (inline) {
    text = ` ${renderYaml(value, ctx.style).trimEnd()}\n`;
  } else {
    const column = Array.isArray(value) && !ctx.style.indentSeq ? keyColumn : keyColumn + ctx.style.indent;
    text = `\n${indentBlock(renderYaml(value, ctx.style), column)}`;
  }
  ctx.edits.push({ start: colon + 1, end, text });
}

/** Inserts `key: value` entries into a block map, after `after` or before the first entry. */
export function insertPairs(ctx: EditContext, map: YAMLMap, entries: Record<string, unknown>, after?: Pair): void {
  const first = map.items[0];
  if (first === undefined) return;
  const firstKey = rangeOf(first.key);
  if (firstKey === undefined) return;
  const column = columnOf(ctx.text, firstKey[0]);
  const text = indentBlock(renderYaml(entries, ctx.style), column);
  let anchor = after;
  if (anchor === undefined && !onlyIndentBefore(ctx.text, firstKey[0])) anchor = first;
  if (anchor === undefined) {
    const at = lineStart(ctx.text, firstKey[0]);
    ctx.edits.push({ start: at, end: at, text });
  } else {
    const at = pairEnd(ctx, anchor);
    ctx.edits.push({ start: at, end: at, text: atEofWithoutNewline(ctx, at) + text });
  }
}

export function deletePair(ctx: EditContext, pair: Pair): void {
  const keyRange = rangeOf(pair.key);
  if (keyRange === undefined) return;
  ctx.edits.push({ start: lineStart(ctx.text, keyRange[0]), end: pairEnd(ctx, pair), text: "" });
}

function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/**
 * Syncs `node` to `desired`. Returns false, having recorded no edit, when the node cannot be
 * edited in place (different kind, or an entry on a sequence dash line must go); the caller then
 * replaces it whole.
 */
export function syncNode(ctx: EditContext, node: unknown, desired: unknown): boolean {
  if (isPlain(desired)) {
    if (!isScalar(node)) return false;
    const r = rangeOf(node);
    if (r === undefined || node.type === "BLOCK_FOLDED" || node.type === "BLOCK_LITERAL") return false;
    if (node.value === desired) return true;
    ctx.edits.push({ start: r[0], end: r[1], text: formatScalar(desired, node.type) });
    return true;
  }
  if ((isSeq(node) || isMap(node)) && node.flow === true) {
    const r = rangeOf(node);
    if (r === undefined || Array.isArray(desired) !== isSeq(node)) return false;
    // An empty flow collection (`[]`, `{}`) that gains entries becomes a block, as people write it.
    if (node.items.length === 0 && !deepEqual(nodeJson(node), desired)) return false;
    if (deepEqual(nodeJson(node), desired)) return true;
    if (syncFlatFlow(ctx, node, desired)) return true;
    ctx.edits.push({ start: r[0], end: r[1], text: renderYaml(desired, ctx.style, true).trimEnd() });
    return true;
  }
  if (Array.isArray(desired)) return syncSeq(ctx, node, desired);
  if (isRecord(desired)) return syncMap(ctx, node, desired);
  return false;
}

/**
 * A flow collection of scalars with the same keys (or length) keeps its layout: only the changed
 * scalars are rewritten, so `{name: a, weight: 10}` stays one short line.
 */
function syncFlatFlow(ctx: EditContext, node: YAMLMap | YAMLSeq, desired: unknown): boolean {
  if (isSeq(node)) {
    if (!Array.isArray(desired) || desired.length !== node.items.length) return false;
    if (!node.items.every((item, i) => isScalar(item) && isPlain(desired[i]))) return false;
    node.items.forEach((item, i) => syncNode(ctx, item, desired[i]));
    return true;
  }
  if (!isRecord(desired)) return false;
  const keys = node.items.map((p) => keyName(p));
  const wanted = Object.keys(desired);
  if (keys.length !== wanted.length || !keys.every((k) => k !== undefined && Object.hasOwn(desired, k))) return false;
  if (!node.items.every((p) => isScalar(p.value) && isPlain(desired[keyName(p) ?? ""]))) return false;
  for (const p of node.items) syncNode(ctx, p.value, desired[keyName(p) ?? ""]);
  return true;
}

function syncSeq(ctx: EditContext, node: unknown, desired: readonly unknown[]): boolean {
  if (!isBlockSeq(node) || desired.length === 0) return false;
  const items = node.items;
  const common = Math.min(items.length, desired.length);
  for (let i = 0; i < common; i++) {
    if (!syncNode(ctx, items[i], desired[i])) replaceSeqItem(ctx, node, i, desired[i]);
  }
  for (let i = desired.length; i < items.length; i++) deleteSeqItem(ctx, node, i);
  if (desired.length > items.length) appendSeqItems(ctx, node, desired.slice(items.length));
  return true;
}

function syncMap(ctx: EditContext, node: unknown, desired: Record<string, unknown>): boolean {
  if (!isBlockMap(node) || Object.keys(desired).length === 0) return false;
  const pairs = node.items;
  const removed = pairs.filter((p) => {
    const k = keyName(p);
    return k === undefined || !Object.hasOwn(desired, k);
  });
  for (const p of removed) {
    const r = rangeOf(p.key);
    if (r === undefined || !onlyIndentBefore(ctx.text, r[0])) return false;
  }
  if (removed.length === pairs.length) return false;
  for (const p of removed) deletePair(ctx, p);
  const present = new Map<string, Pair>();
  for (const p of pairs) {
    const k = keyName(p);
    if (k !== undefined && Object.hasOwn(desired, k)) present.set(k, p);
  }
  for (const [k, p] of present) {
    if (!syncNode(ctx, p.value, desired[k])) replacePairValue(ctx, p, desired[k]);
  }
  // Missing keys go after the nearest preceding desired key that exists, keeping desired order.
  let anchor: Pair | undefined;
  let pending: Record<string, unknown> = {};
  let pendingAnchor: Pair | undefined;
  const flush = () => {
    if (Object.keys(pending).length > 0) insertPairs(ctx, node, pending, pendingAnchor);
    pending = {};
  };
  for (const k of Object.keys(desired)) {
    const p = present.get(k);
    if (p !== undefined) {
      flush();
      anchor = p;
      continue;
    }
    if (Object.keys(pending).length === 0) pendingAnchor = anchor;
    pending[k] = desired[k];
  }
  flush();
  return true;
}

/** Replaces a whole document's content. */
export function replaceDocumentContent(ctx: EditContext, contents: unknown, value: unknown): boolean {
  const r = rangeOf(contents);
  if (r === undefined) return false;
  ctx.edits.push({ start: lineStart(ctx.text, r[0]), end: lineEnd(ctx.text, r[1]), text: renderYaml(value, ctx.style) });
  return true;
}

export function syncDocument(ctx: EditContext, contents: unknown, value: unknown): boolean {
  return syncNode(ctx, contents, value) || replaceDocumentContent(ctx, contents, value);
}
