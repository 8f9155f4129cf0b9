/**
 * A parsed multi-document YAML file that keeps its source text. The `yaml` package's Document API
 * locates nodes and their source ranges; edits are spliced into the original text at those
 * ranges (no load/dump round trip), so comments, key order, quoting, indentation and every
 * untouched byte survive.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, stringify } from "yaml";
import type { Document, Node, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { columnOf } from "./text-edits.js";

export interface YamlStyle {
  readonly indent: number;
  /** Whether block sequences under a key are indented (`key:\n  - a`) or not (`key:\n- a`). */
  readonly indentSeq: boolean;
}

export interface YamlDoc {
  readonly index: number;
  readonly doc: Document.Parsed;
  readonly json: unknown;
}

export interface YamlFile {
  readonly path: string;
  readonly text: string;
  readonly docs: readonly YamlDoc[];
  readonly style: YamlStyle;
}

export type ParseYamlResult = { readonly file: YamlFile } | { readonly error: { readonly offset: number; readonly message: string } };

export function parseYamlFile(path: string, text: string): ParseYamlResult {
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { prettyErrors: false }) as Document.Parsed[];
  } catch (err: unknown) {
    return { error: { offset: 0, message: err instanceof Error ? err.message : String(err) } };
  }
  if (!Array.isArray(parsed)) return { error: { offset: 0, message: "not a YAML stream" } };
  const docs: YamlDoc[] = [];
  for (const [index, doc] of parsed.entries()) {
    const first = doc.errors[0];
    if (first !== undefined) return { error: { offset: first.pos[0], message: first.message.split("\n")[0] ?? first.message } };
    let json: unknown;
    try {
      json = doc.toJS({ maxAliasCount: 100 });
    } catch (err: unknown) {
      return { error: { offset: doc.range[0], message: err instanceof Error ? err.message : String(err) } };
    }
    docs.push({ index, doc, json });
  }
  return { file: { path, text, docs, style: detectStyle(text, parsed) } };
}

function detectStyle(text: string, docs: readonly Document.Parsed[]): YamlStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const visit = (node: unknown): void => {
    if (indent !== undefined && indentSeq !== undefined) return;
    if (isMap(node) && node.flow !== true) {
      for (const pair of node.items) {
        const key = pair.key;
        const value = pair.value;
        if (!isScalar(key) || key.range == null) continue;
        const keyCol = columnOf(text, key.range[0]);
        if (isMap(value) && value.flow !== true && value.range != null && indent === undefined) {
          const d = columnOf(text, value.range[0]) - keyCol;
          if (d > 0) indent = d;
        }
        if (isSeq(value) && value.flow !== true && value.range != null && indentSeq === undefined) {
          indentSeq = columnOf(text, value.range[0]) > keyCol;
        }
        visit(value);
      }
    } else if (isSeq(node) && node.flow !== true) {
      for (const item of node.items) visit(item);
    }
  };
  for (const d of docs) visit(d.contents);
  return { indent: indent ?? 2, indentSeq: indentSeq ?? true };
}

/** Block text of a value, as the `yaml` package writes it, with the file's style. */
export function renderYaml(value: unknown, style: YamlStyle, flow = false): string {
  return stringify(value, {
    indent: style.indent,
    indentSeq: style.indentSeq,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    ...(flow ? { collectionStyle: "flow" as const } : {}),
  });
}

/** The map entry `key` of a map node. */
export function getPair(map: YAMLMap, key: string): { readonly key: Scalar; readonly value: unknown } | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return { key: pair.key, value: pair.value };
  }
  return undefined;
}

export function getIn(node: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = node;
  for (const step of path) {
    if (typeof step === "number") {
      if (!isSeq(current)) return undefined;
      current = current.items[step];
    } else {
      if (!isMap(current)) return undefined;
      current = getPair(current, step)?.value;
    }
  }
  return current;
}

export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && node.flow !== true && node.range != null && node.items.length > 0;
}

export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && node.flow !== true && node.range != null && node.items.length > 0;
}

export function rangeOf(node: unknown): [number, number, number] | undefined {
  const n = node as Partial<Node> | null;
  const r = n?.range;
  return r == null ? undefined : [r[0], r[1], r[2]];
}
