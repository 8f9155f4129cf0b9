import type { HttpRouteMatch } from "./http-route-types.js";

export const DEFAULT_MATCH: HttpRouteMatch = { path: { type: "PathPrefix", value: "/" } };

/**
 * Flagger's `mergeMatchConditions`: the cartesian product of `extra` × `base`, each result a copy
 * of the base match whose headers and/or query params are replaced by the extra match's. When
 * either side is empty the other is returned as is.
 */
export function mergeMatchConditions(extra: readonly HttpRouteMatch[], base: readonly HttpRouteMatch[]): HttpRouteMatch[] {
  if (extra.length === 0) return [...base];
  if (base.length === 0) return [...extra];
  const merged: HttpRouteMatch[] = [];
  for (const a of extra) {
    for (const s of base) {
      merged.push(withConditions(s, a, "replace"));
    }
  }
  return merged;
}

/**
 * Conjunction for adopted routes: the base match keeps its own header and query conditions and
 * gains the extra ones (an extra condition on the same name replaces the base one). Flagger's
 * replace semantics would widen a user's rule that matches on headers.
 */
export function andMatchConditions(extra: readonly HttpRouteMatch[], base: readonly HttpRouteMatch[]): HttpRouteMatch[] {
  const bases = base.length === 0 ? [DEFAULT_MATCH] : base;
  if (extra.length === 0) return [...bases];
  const merged: HttpRouteMatch[] = [];
  for (const a of extra) {
    for (const s of bases) merged.push(withConditions(s, a, "and"));
  }
  return merged;
}

function withConditions(base: HttpRouteMatch, extra: HttpRouteMatch, mode: "replace" | "and"): HttpRouteMatch {
  const headers = combine(base.headers, extra.headers, mode);
  const queryParams = combine(base.queryParams, extra.queryParams, mode);
  return {
    ...(base.path === undefined ? {} : { path: base.path }),
    ...(headers === undefined ? {} : { headers }),
    ...(queryParams === undefined ? {} : { queryParams }),
    ...(base.method === undefined ? {} : { method: base.method }),
  };
}

function combine<T extends { readonly name: string }>(
  base: readonly T[] | undefined,
  extra: readonly T[] | undefined,
  mode: "replace" | "and",
): readonly T[] | undefined {
  if (extra === undefined || extra.length === 0) return base;
  if (mode === "replace" || base === undefined) return extra;
  const names = new Set(extra.map((e) => e.name.toLowerCase()));
  return [...base.filter((b) => !names.has(b.name.toLowerCase())), ...extra];
}
