/**
 * Match conditions the Gateway API cannot express. Flagger drops them (service match errors
 * abort its tick, analysis match errors are discarded and the A/B rule silently widens, §4.3);
 * here each one is an error naming the condition.
 */
import { translateMatch } from "../routing/translate-match.js";
import type { FieldIssue } from "./field-issue.js";
import type { FieldPath } from "./field-path.js";
import type { HttpMatchRequest } from "./model.js";

/** `headers.x-canary.prefix` → `[…base, "headers", "x-canary", "prefix"]`, even when names hold dots. */
function matchFieldPath(base: FieldPath, m: HttpMatchRequest, field: string): FieldPath {
  for (const section of ["headers", "queryParams"] as const) {
    if (field === section) return [...base, section];
    if (!field.startsWith(`${section}.`)) continue;
    const rest = field.slice(section.length + 1);
    const names = Object.keys(m[section] ?? {}).sort((a, b) => b.length - a.length);
    for (const name of names) {
      if (rest === name) return [...base, section, name];
      if (rest.startsWith(`${name}.`)) return [...base, section, name, rest.slice(name.length + 1)];
    }
  }
  return [...base, ...field.split(".")];
}

function translationIssues(m: HttpMatchRequest, base: FieldPath): FieldIssue[] {
  const result = translateMatch(m);
  if (!("errors" in result)) return [];
  return result.errors.map((e) => ({ path: matchFieldPath(base, m, e.field), message: e.message, severity: "error" as const }));
}

export function serviceMatchIssues(matches: readonly HttpMatchRequest[]): FieldIssue[] {
  return matches.flatMap((m, i) => translationIssues(m, ["spec", "service", "match", i]));
}

/**
 * The A/B rule copies each service match and replaces its headers and query parameters with the
 * analysis match's (Flagger's `mergeMatchConditions`): an analysis `uri` or `method` is dropped,
 * and an entry with neither headers nor query parameters would send every request to the canary.
 */
export function analysisMatchIssues(matches: readonly HttpMatchRequest[]): FieldIssue[] {
  return matches.flatMap((m, i) => {
    const base: FieldPath = ["spec", "analysis", "match", i];
    const issues = translationIssues(m, base);
    for (const field of ["uri", "method"] as const) {
      if (m[field] !== undefined) {
        issues.push({
          path: [...base, field],
          message: "is not used by the A/B route, which matches analysis conditions on headers and queryParams only; move it to service.match",
          severity: "error",
        });
      }
    }
    const conditions = Object.keys(m.headers ?? {}).length + Object.keys(m.queryParams ?? {}).length;
    if (conditions === 0 && m.uri === undefined && m.method === undefined && (m.ignored ?? []).length === 0) {
      issues.push({ path: base, message: "has no headers or queryParams condition: it would send every request to the canary", severity: "error" });
    }
    return issues;
  });
}
