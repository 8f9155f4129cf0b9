/**
 * Istio-shaped `HTTPMatchRequest` (what Flagger's `service.match` and `analysis.match` accept)
 * to a Gateway API `HTTPRouteMatch`, with Flagger's mapping (pkg/router/gateway_api.go):
 * uri regex/exact/prefix → path RegularExpression/Exact/PathPrefix, method exact → method,
 * header and query-param exact/regex → Exact/RegularExpression.
 *
 * Unlike Flagger, nothing is dropped silently: a condition the Gateway API cannot express
 * (`uri.suffix`, header `prefix`, `scheme`, `withoutHeaders`, …) is an error naming the field, because
 * dropping it widens the match (Flagger discards analysis-match errors, so an A/B rule could
 * take all traffic). Header and query-param conditions come out sorted by name so the output is
 * deterministic (Flagger iterates a Go map).
 */
import type { HttpMatchRequest, StringMatch } from "../spec/model.js";
import { HTTP_METHODS } from "./http-route-types.js";
import type { HttpHeaderMatch, HttpMethod, HttpPathMatch, HttpQueryParamMatch, HttpRouteMatch, HttpValueMatchType } from "./http-route-types.js";

export type { HttpRouteMatch } from "./http-route-types.js";

export interface MatchError {
  /** Path relative to the match, e.g. `headers.x-canary.prefix`. */
  readonly field: string;
  readonly message: string;
}

export type TranslateMatchResult = { readonly match: HttpRouteMatch } | { readonly errors: readonly MatchError[] };

type StringMatchKind = keyof StringMatch;
const KINDS: readonly StringMatchKind[] = ["exact", "prefix", "suffix", "regex"];

/** RFC 7230 token, the CRD's pattern for header names. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** Flagger treats an empty string as unset. */
function setKinds(m: StringMatch): StringMatchKind[] {
  return KINDS.filter((k) => m[k] !== undefined && m[k] !== "");
}

/** The single condition of a StringMatch, or an error when it has none or several. */
function single(m: StringMatch, field: string, errors: MatchError[]): { kind: StringMatchKind; value: string } | undefined {
  const kinds = setKinds(m);
  const [kind] = kinds;
  if (kind === undefined) {
    errors.push({ field, message: "needs one of exact, prefix, suffix or regex" });
    return undefined;
  }
  if (kinds.length > 1) {
    errors.push({ field, message: `sets ${kinds.join(" and ")}; a string match takes exactly one condition` });
    return undefined;
  }
  return { kind, value: m[kind] ?? "" };
}

function translatePath(uri: StringMatch, errors: MatchError[]): HttpPathMatch | undefined {
  const s = single(uri, "uri", errors);
  if (s === undefined) return undefined;
  switch (s.kind) {
    case "exact":
      return { type: "Exact", value: s.value };
    case "prefix":
      return { type: "PathPrefix", value: s.value };
    case "regex":
      return { type: "RegularExpression", value: s.value };
    case "suffix":
      errors.push({ field: "uri.suffix", message: "the Gateway API has no suffix path match; use regex instead" });
      return undefined;
  }
}

function translateMethod(method: StringMatch, errors: MatchError[]): HttpMethod | undefined {
  const s = single(method, "method", errors);
  if (s === undefined) return undefined;
  if (s.kind !== "exact") {
    errors.push({ field: `method.${s.kind}`, message: "the Gateway API matches methods exactly only; use method.exact" });
    return undefined;
  }
  const found = HTTP_METHODS.find((m) => m === s.value);
  if (found === undefined) {
    errors.push({ field: "method.exact", message: `"${s.value}" is not one of ${HTTP_METHODS.join(", ")}` });
  }
  return found;
}

function translateValues(
  entries: Readonly<Record<string, StringMatch>>,
  section: "headers" | "queryParams",
  errors: MatchError[],
): (HttpHeaderMatch | HttpQueryParamMatch)[] {
  const out: (HttpHeaderMatch | HttpQueryParamMatch)[] = [];
  const names = Object.keys(entries).sort();
  for (const name of names) {
    const field = `${section}.${name}`;
    if (name === "") {
      errors.push({ field: section, message: "has an empty name" });
      continue;
    }
    if (section === "headers" && !HEADER_NAME.test(name)) {
      errors.push({ field, message: "is not a valid HTTP header name" });
      continue;
    }
    const m = entries[name];
    if (m === undefined) continue;
    const s = single(m, field, errors);
    if (s === undefined) continue;
    let type: HttpValueMatchType;
    if (s.kind === "exact") type = "Exact";
    else if (s.kind === "regex") type = "RegularExpression";
    else {
      errors.push({ field: `${field}.${s.kind}`, message: `the Gateway API has no ${s.kind} match for ${section === "headers" ? "headers" : "query parameters"}; use regex instead` });
      continue;
    }
    out.push({ type, name, value: s.value });
  }
  return out;
}

export function translateMatch(m: HttpMatchRequest): TranslateMatchResult {
  const errors: MatchError[] = [];
  for (const field of m.ignored ?? []) {
    errors.push({ field, message: "is not supported by the Gateway API router; remove it (Flagger ignores it silently, which widens the match)" });
  }
  const path = m.uri === undefined ? undefined : translatePath(m.uri, errors);
  const method = m.method === undefined ? undefined : translateMethod(m.method, errors);
  const headers = m.headers === undefined ? [] : translateValues(m.headers, "headers", errors);
  const queryParams = m.queryParams === undefined ? [] : translateValues(m.queryParams, "queryParams", errors);
  if (errors.length > 0) return { errors };
  return {
    match: {
      ...(path === undefined ? {} : { path }),
      ...(headers.length === 0 ? {} : { headers }),
      ...(queryParams.length === 0 ? {} : { queryParams }),
      ...(method === undefined ? {} : { method }),
    },
  };
}
