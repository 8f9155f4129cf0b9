/**
 * zod issues → SpecIssues with `file:line:column` and plain messages ("is required",
 * "must be a number, got \"ten\"", "unknown field; did you mean stepWeight?").
 */
import type * as z from "zod";
import type { SpecIssue } from "../errors.js";
import { formatFieldPath, valueAt } from "./field-path.js";
import type { FieldPath } from "./field-path.js";
import type { Locate } from "./yaml-documents.js";

type ZodIssue = z.core.$ZodIssue;

export function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return typeof value === "object" ? "a mapping" : typeof value;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized)/.test(message);
}

// ---- known keys, for "did you mean" -------------------------------------------------------

interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly innerType?: unknown;
  readonly element?: unknown;
  readonly valueType?: unknown;
  readonly in?: unknown;
}

function defOf(schema: unknown): SchemaDef | undefined {
  if (typeof schema !== "object" || schema === null || !("_zod" in schema)) return undefined;
  const internals: unknown = schema._zod;
  if (typeof internals !== "object" || internals === null || !("def" in internals)) return undefined;
  return internals.def as SchemaDef;
}

function unwrap(schema: unknown): SchemaDef | undefined {
  let def = defOf(schema);
  for (let i = 0; def !== undefined && i < 10; i++) {
    if (def.innerType !== undefined) def = defOf(def.innerType);
    else if (def.type === "pipe") def = defOf(def.in);
    else break;
  }
  return def;
}

function knownKeysAt(schema: unknown, path: FieldPath): readonly string[] {
  let def = unwrap(schema);
  for (const segment of path) {
    if (def === undefined) return [];
    if (def.type === "object" && def.shape !== undefined) def = unwrap(def.shape[String(segment)]);
    else if (def.type === "array") def = unwrap(def.element);
    else if (def.type === "record") def = unwrap(def.valueType);
    else return [];
  }
  return def?.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exactCase = known.find((k) => k.toLowerCase() === lower);
  if (exactCase !== undefined) return exactCase;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

// ---- conversion ---------------------------------------------------------------------------

interface Converted {
  readonly path: FieldPath;
  readonly message: string;
}

function messageFor(issue: ZodIssue, raw: unknown, path: FieldPath): string {
  const custom = !isDefaultMessage(issue.message);
  switch (issue.code) {
    case "invalid_type": {
      if (custom) return issue.message;
      const value = valueAt(raw, path);
      if (value === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value)}`;
    }
    case "invalid_value": {
      if (custom) return issue.message;
      const got = describeValue(valueAt(raw, path));
      const allowed = issue.values.map((v) => JSON.stringify(v));
      return allowed.length === 1 ? `must be ${allowed.join("")}, got ${got}` : `must be one of ${allowed.join(", ")}, got ${got}`;
    }
    case "too_small": {
      if (custom) return issue.message;
      const n = String(issue.minimum);
      if (issue.origin === "array") return `must have at least ${n} item${n === "1" ? "" : "s"}`;
      if (issue.origin === "string") return `must have at least ${n} character${n === "1" ? "" : "s"}`;
      return `must be ${issue.inclusive === false ? "greater than" : "at least"} ${n}, got ${describeValue(valueAt(raw, path))}`;
    }
    case "too_big": {
      if (custom) return issue.message;
      const n = String(issue.maximum);
      if (issue.origin === "array") return `must have at most ${n} items`;
      if (issue.origin === "string") return `must have at most ${n} characters`;
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${n}, got ${describeValue(valueAt(raw, path))}`;
    }
    case "invalid_union":
      return custom ? issue.message : `has an unexpected form, got ${describeValue(valueAt(raw, path))}`;
    case "unrecognized_keys":
    case "invalid_format":
    case "not_multiple_of":
    case "invalid_key":
    case "invalid_element":
    case "custom":
      return issue.message;
  }
}

function convert(issue: ZodIssue, raw: unknown, schema: unknown): Converted[] {
  const path: FieldPath = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  if (issue.code === "unrecognized_keys") {
    const known = knownKeysAt(schema, path);
    return issue.keys.map((key) => {
      const suggestion = suggestKey(key, known);
      return { path: [...path, key], message: suggestion === undefined ? "unknown field" : `unknown field; did you mean ${suggestion}?` };
    });
  }
  return [{ path, message: messageFor(issue, raw, path) }];
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/**
 * Turns a failed parse into issues. Issues at or under a path in `covered` are dropped: those
 * fields already have a more precise issue (an Istio-only field, an unsupported provider).
 */
export function zodIssuesToSpecIssues(
  issues: readonly ZodIssue[],
  options: { readonly raw: unknown; readonly schema: unknown; readonly locate: Locate; readonly covered?: readonly FieldPath[] },
): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    for (const converted of convert(issue, options.raw, options.schema)) {
      if ((options.covered ?? []).some((prefix) => startsWith(converted.path, prefix))) continue;
      out.push({
        location: options.locate(converted.path),
        field: formatFieldPath(converted.path),
        message: converted.message,
        severity: "error",
      });
    }
  }
  return out;
}
