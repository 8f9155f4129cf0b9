/**
 * The HTTPRoute a step's commit writes: the generated one (`renderHttpRoute`), or, when the
 * repository already has a route named after the apex, that route with canary-bot's rules
 * patched in (`adoptRouteRules`), exactly as the commit would leave it.
 */
import type { TrafficState } from "../machine/types.js";
import { adoptRouteRules } from "../routing/adopt-route.js";
import { renderHttpRoute } from "../routing/render-http-route.js";
import type { RouteIssue } from "../routing/route-issue.js";
import type { PlannedRoute } from "./types.js";
import type { ResolvedCanary } from "../spec/model.js";

type Json = Readonly<Record<string, unknown>>;

export type RouteResult = { readonly route: PlannedRoute } | { readonly errors: readonly RouteIssue[] };

function record(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function plannedRoute(canary: ResolvedCanary, traffic: TrafficState, adopted: unknown): RouteResult {
  if (adopted === undefined) return renderHttpRoute(canary, traffic);
  const manifest = record(adopted);
  const spec = record(manifest.spec);
  const rules = Array.isArray(spec.rules) ? (spec.rules as unknown[]) : [];
  const result = adoptRouteRules(rules, canary, traffic);
  if ("errors" in result) return result;
  return { route: { ...manifest, spec: { ...spec, rules: result.rules.map((r) => r.rule) } } };
}
