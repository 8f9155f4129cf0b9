/**
 * Multi-document YAML with positions. Every value keeps a way back to `file:line:column`, so a
 * problem found anywhere later (schema, cross-field rules, references) can name the exact spot.
 * Syntax errors become issues with their own position; nothing here throws.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document } from "yaml";
import type { SpecIssue } from "../errors.js";
import type { FieldPath } from "./field-path.js";
import type { SourceLocation } from "./model.js";

export type Locate = (path: FieldPath) => SourceLocation;

export interface YamlDocument {
  readonly file: string;
  /** 0-based position of the document in its file (`---` separated). */
  readonly index: number;
  /** Where the document's content starts. */
  readonly location: SourceLocation;
  /** Plain data (`toJS`): maps are objects, sequences arrays. */
  readonly value: unknown;
  /**
   * Position of the field at `path`: the key of a map entry, the item of a sequence. A path that
   * does not exist resolves to its deepest existing ancestor, so "is required" points at the
   * parent that lacks the field.
   */
  readonly locate: Locate;
}

export interface ParsedYamlFile {
  readonly documents: readonly YamlDocument[];
  readonly issues: readonly SpecIssue[];
}

/** Billion-laughs guard: how many alias expansions one document may do. */
const MAX_ALIAS_COUNT = 100;

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === "number" ? range[0] : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function findOffset(doc: Document, path: FieldPath, start: number): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? start;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First line of a YAML library message, without its trailing position text. */
function cleanMessage(message: string): string {
  const [first = message] = message.split("\n");
  return first.replace(/ at line \d+, column \d+:?$/, "").trim();
}

/** An error reported at a line's indentation points at the first character after it instead. */
function skipIndent(content: string, offset: number): number {
  let i = offset;
  while (content[i] === " ") i++;
  return content[i] === "\n" || content[i] === "\r" || i >= content.length ? offset : i;
}

export function parseYamlDocuments(file: string, content: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const issues: SpecIssue[] = [];
  const documents: YamlDocument[] = [];
  const parsed = parseAllDocuments(content, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  let index = 0;
  for (const doc of parsed) {
    const docIndex = index++;
    const start = doc.range[0];
    // Later syntax errors of a document are mostly consequences of the first one.
    const [firstError] = doc.errors;
    if (firstError !== undefined) {
      issues.push({ location: at(skipIndent(content, firstError.pos[0])), field: "yaml", message: cleanMessage(firstError.message), severity: "error" });
    }
    for (const warning of doc.warnings) {
      issues.push({ location: at(warning.pos[0]), field: "yaml", message: cleanMessage(warning.message), severity: "warning" });
    }
    if (doc.errors.length > 0 || doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error: unknown) {
      issues.push({ location: at(start), field: "yaml", message: cleanMessage(messageOf(error)), severity: "error" });
      continue;
    }
    // An empty document (`---` alone, or only comments) holds nothing to read.
    if (value === null || value === undefined) continue;
    documents.push({
      file,
      index: docIndex,
      location: at(rangeStart(doc.contents) ?? start),
      value,
      locate: (path) => at(findOffset(doc, path, start)),
    });
  }
  return { documents, issues };
}
