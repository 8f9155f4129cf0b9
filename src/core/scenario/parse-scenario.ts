/**
 * Reads a scenario file:
 *
 * ```yaml
 * description: every check passes
 * metrics:              # per metric name: one value per analysis round; the last value repeats
 *   error-rate: [0.1, 0.2, 0.3]
 *   latency: [0.21, 0.24, no-data, {error: "connection refused"}]
 * webhooks:             # per hook name: HTTP status per call; default 200; the last value repeats
 *   load-test: [200]
 *   acceptance: [403, 403, 200]
 * ```
 *
 * A single value stands for a list of one. Every problem is an issue naming the file, line,
 * column and field; nothing throws.
 */
import type { SpecIssue } from "../errors.js";
import { formatFieldPath } from "../spec/field-path.js";
import type { FieldPath } from "../spec/field-path.js";
import type { SourceLocation } from "../spec/model.js";
import { parseYamlDocuments } from "../spec/yaml-documents.js";
import type { Locate } from "../spec/yaml-documents.js";
import { describeValue, suggestKey } from "../spec/zod-issues.js";
import type { Scenario, ScenarioValue } from "./types.js";

export type ParseScenarioResult =
  | { readonly scenario: Scenario; readonly warnings: readonly SpecIssue[] }
  | { readonly issues: readonly SpecIssue[] };

const TOP_LEVEL = ["description", "metrics", "webhooks"];
const NO_DATA = "no-data";
const VALUE_FORM = `a number, ${NO_DATA} or {error: message}`;

type Json = Readonly<Record<string, unknown>>;

function isMapping(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Issues {
  readonly list: SpecIssue[] = [];
  readonly #locate: Locate;

  constructor(locate: Locate) {
    this.#locate = locate;
  }

  at(path: FieldPath, message: string): void {
    this.list.push({ location: this.#locate(path), field: formatFieldPath(path), message, severity: "error" });
  }

  where(path: FieldPath): SourceLocation {
    return this.#locate(path);
  }
}

/** A mapping entry's answers as a list (a single value is a list of one), or undefined after an issue. */
function listOf(value: unknown, path: FieldPath, example: string, issues: Issues): { readonly items: readonly unknown[]; readonly listed: boolean } | undefined {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    issues.at(path, `needs at least one value, e.g. [${example}]; the last one repeats`);
    return undefined;
  }
  return Array.isArray(value) ? { items: value as readonly unknown[], listed: true } : { items: [value], listed: false };
}

function metricValue(item: unknown, path: FieldPath, issues: Issues): ScenarioValue | undefined {
  if (typeof item === "number") {
    if (Number.isFinite(item)) return { kind: "value", value: item };
    issues.at(path, `must be a finite number, got ${String(item)}`);
    return undefined;
  }
  if (item === NO_DATA) return { kind: "no-data" };
  if (isMapping(item)) {
    const keys = Object.keys(item);
    for (const key of keys.filter((k) => k !== "error")) {
      const suggestion = suggestKey(key, ["error"]);
      issues.at([...path, key], suggestion === undefined ? "unknown field; a failed query is written {error: message}" : `unknown field; did you mean ${suggestion}?`);
    }
    const message = item.error;
    if (!keys.includes("error")) {
      if (keys.length === 0) issues.at(path, `must be ${VALUE_FORM}, got an empty mapping`);
      return undefined;
    }
    if (typeof message !== "string" || message.trim() === "") {
      issues.at([...path, "error"], `must be the error message as a string, got ${describeValue(message)}`);
      return undefined;
    }
    return keys.length === 1 ? { kind: "error", message } : undefined;
  }
  const suggestion = typeof item === "string" ? suggestKey(item, [NO_DATA]) : undefined;
  issues.at(path, `must be ${VALUE_FORM}, got ${describeValue(item)}${suggestion === undefined ? "" : `; did you mean ${suggestion}?`}`);
  return undefined;
}

function webhookStatus(item: unknown, path: FieldPath, issues: Issues): number | undefined {
  if (typeof item === "number" && Number.isInteger(item) && item >= 100 && item <= 599) return item;
  issues.at(path, `must be an HTTP status from 100 to 599, got ${describeValue(item)}`);
  return undefined;
}

function readEntries<T>(
  root: Json,
  section: "metrics" | "webhooks",
  example: string,
  read: (item: unknown, path: FieldPath, issues: Issues) => T | undefined,
  issues: Issues,
): { readonly values: Map<string, readonly T[]>; readonly locations: Map<string, SourceLocation> } {
  const values = new Map<string, readonly T[]>();
  const locations = new Map<string, SourceLocation>();
  const value = root[section];
  if (value === undefined) return { values, locations };
  if (!isMapping(value)) {
    issues.at([section], `must be a mapping from ${section === "metrics" ? "metric" : "webhook"} name to a list such as [${example}], got ${describeValue(value)}`);
    return { values, locations };
  }
  for (const [name, entry] of Object.entries(value)) {
    const path: FieldPath = [section, name];
    locations.set(name, issues.where(path));
    const listed = listOf(entry, path, example, issues);
    if (listed === undefined) continue;
    const out: T[] = [];
    listed.items.forEach((item, i) => {
      const answer = read(item, listed.listed ? [...path, i] : path, issues);
      if (answer !== undefined) out.push(answer);
    });
    if (out.length === listed.items.length) values.set(name, out);
  }
  return { values, locations };
}

function byPosition(a: SpecIssue, b: SpecIssue): number {
  return a.location.line - b.location.line || a.location.column - b.location.column;
}

export function parseScenario(file: string, text: string): ParseScenarioResult {
  const parsed = parseYamlDocuments(file, text);
  const yamlErrors = parsed.issues.filter((i) => i.severity === "error");
  const warnings = parsed.issues.filter((i) => i.severity === "warning");
  if (yamlErrors.length > 0) return { issues: parsed.issues };
  const [doc, second] = parsed.documents;
  if (doc === undefined) {
    return { issues: [{ location: { file, line: 1, column: 1 }, field: "scenario", message: "is empty: write metrics and webhooks answers (see examples/scenarios)", severity: "error" }] };
  }
  if (second !== undefined) {
    return { issues: [{ location: second.location, field: "scenario", message: `a scenario file holds one YAML document, found ${String(parsed.documents.length)}`, severity: "error" }] };
  }
  const issues = new Issues(doc.locate);
  const root = doc.value;
  if (!isMapping(root)) {
    return { issues: [{ location: doc.location, field: "scenario", message: `must be a mapping with description, metrics and webhooks, got ${describeValue(root)}`, severity: "error" }] };
  }
  for (const key of Object.keys(root).filter((k) => !TOP_LEVEL.includes(k))) {
    const suggestion = suggestKey(key, TOP_LEVEL);
    issues.at([key], suggestion === undefined ? `unknown field; a scenario has ${TOP_LEVEL.join(", ")}` : `unknown field; did you mean ${suggestion}?`);
  }
  const description = root.description;
  if (description !== undefined && typeof description !== "string") issues.at(["description"], `must be a string, got ${describeValue(description)}`);
  const metrics = readEntries(root, "metrics", "0.5, no-data", metricValue, issues);
  const webhooks = readEntries(root, "webhooks", "200", webhookStatus, issues);
  if (issues.list.length > 0) return { issues: [...issues.list, ...warnings].sort(byPosition) };
  return {
    scenario: {
      file,
      ...(typeof description === "string" ? { description } : {}),
      metrics: metrics.values,
      webhooks: webhooks.values,
      locations: { metrics: metrics.locations, webhooks: webhooks.locations },
    },
    warnings,
  };
}
