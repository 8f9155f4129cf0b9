/**
 * The HTTPRoute Flagger's Gateway API router writes for a Canary (flagger.md §4.2–4.4), rendered
 * from the Canary and the traffic state alone so the same inputs always give the same object.
 *
 * Deliberate differences from Flagger, each a bug there:
 * - match-translation errors in `analysis.match` are errors here, not ignored (an A/B rule
 *   without its conditions would take all traffic);
 * - the A/B conditions go on the weighted rule, also when session affinity adds sticky rules in
 *   front of it (Flagger overwrites the sticky rule's cookie match);
 * - the cookie-deletion `Set-Cookie` is merged into an existing ResponseHeaderModifier and
 *   carries the cookie's Domain/Path/… attributes, without which browsers keep the cookie;
 * - the primary cookie carries the same attributes as the canary cookie.
 * Flux's reconcile-disabled annotations are not added: the route lives in Git and Flux applies it.
 */
import type { ResolvedCanary } from "../spec/model.js";
import type { TrafficState } from "../machine/types.js";
import type { HttpBackendRef, HttpRoute, HttpRouteFilter, HttpRouteMatch, HttpRouteRule, HttpRouteTimeouts } from "./http-route-types.js";
import { DEFAULT_MATCH, mergeMatchConditions } from "./match-merge.js";
import { serviceFilters, withAddedResponseHeader } from "./render-filters.js";
import type { RouteIssue } from "./route-issue.js";
import { apiVersionOf, routeNames } from "./route-names.js";
import { cookieHeaderMatch, SET_COOKIE, setCookieValue } from "./session-cookies.js";
import { translateMatch } from "./translate-match.js";
import type { HttpMatchRequest } from "../spec/model.js";

export type RenderResult = { readonly route: HttpRoute } | { readonly errors: readonly RouteIssue[] };

export function translateMatches(list: readonly HttpMatchRequest[], field: string, issues: RouteIssue[]): HttpRouteMatch[] {
  const out: HttpRouteMatch[] = [];
  list.forEach((m, i) => {
    const r = translateMatch(m);
    if ("errors" in r) {
      for (const e of r.errors) issues.push({ field: `${field}[${i}].${e.field}`, message: e.message });
    } else if (Object.keys(r.match).length > 0) {
      // Flagger drops matches that translate to nothing.
      out.push(r.match);
    }
  });
  return out;
}

export function backendRef(name: string, weight: number, port: number, filters?: readonly HttpRouteFilter[]): HttpBackendRef {
  return { group: "", kind: "Service", name, port, weight, ...(filters === undefined || filters.length === 0 ? {} : { filters }) };
}

export function ruleTimeouts(canary: ResolvedCanary): HttpRouteTimeouts | undefined {
  if (canary.gatewayApi !== "v1") return undefined;
  const { timeout, backendTimeout } = canary.service;
  if (timeout === undefined && backendTimeout === undefined) return undefined;
  return { ...(timeout === undefined ? {} : { request: timeout }), ...(backendTimeout === undefined ? {} : { backendRequest: backendTimeout }) };
}

function rule(matches: readonly HttpRouteMatch[], filters: readonly HttpRouteFilter[], backendRefs: readonly HttpBackendRef[], timeouts: HttpRouteTimeouts | undefined): HttpRouteRule {
  return {
    matches,
    ...(filters.length === 0 ? {} : { filters }),
    backendRefs,
    ...(timeouts === undefined ? {} : { timeouts }),
  };
}

function checkWeights(traffic: TrafficState, issues: RouteIssue[]): void {
  const ok = (w: number) => Number.isInteger(w) && w >= 0 && w <= 100;
  if (!ok(traffic.primaryWeight) || !ok(traffic.canaryWeight) || traffic.primaryWeight + traffic.canaryWeight !== 100) {
    issues.push({
      field: "traffic",
      message: `weights must be whole numbers from 0 to 100 that sum to 100, got primary ${traffic.primaryWeight} and canary ${traffic.canaryWeight}`,
    });
  }
}

/** Gateway API CEL rule: ReplacePrefixMatch needs exactly one PathPrefix match in the rule. */
function checkPrefixRewrite(canary: ResolvedCanary, rules: readonly HttpRouteRule[], issues: RouteIssue[]): void {
  if (canary.service.rewrite?.type !== "ReplacePrefixMatch" || canary.service.rewrite.uri === undefined) return;
  const bad = rules.some((r) => r.matches.length !== 1 || r.matches[0]?.path?.type !== "PathPrefix");
  if (bad) {
    issues.push({
      field: "spec.service.rewrite.type",
      message: "ReplacePrefixMatch needs every rule to have exactly one PathPrefix match (set one uri.prefix in spec.service.match, and no A/B or cookie matches)",
    });
  }
}

export function renderHttpRoute(canary: ResolvedCanary, traffic: TrafficState): RenderResult {
  const issues: RouteIssue[] = [];
  const names = routeNames(canary);
  const port = canary.service.port;
  checkWeights(traffic, issues);
  if (canary.service.gatewayRefs.length === 0) {
    issues.push({ field: "spec.service.gatewayRefs", message: "must name at least one Gateway for the Gateway API router" });
  }
  const explicitServiceMatches = translateMatches(canary.service.match, "spec.service.match", issues);
  const serviceMatches = explicitServiceMatches.length === 0 ? [DEFAULT_MATCH] : explicitServiceMatches;
  const analysisMatches = translateMatches(canary.analysis.match, "spec.analysis.match", issues);
  const isAb = canary.analysis.match.length > 0;
  const baseFilters = serviceFilters(canary, issues);
  const timeouts = ruleTimeouts(canary);

  const weightedFilters = traffic.mirrored
    ? [...baseFilters, { type: "RequestMirror" as const, requestMirror: { backendRef: { group: "", kind: "Service", name: names.canary, port } } }]
    : baseFilters;
  const weightedMatches = isAb ? mergeMatchConditions(analysisMatches, serviceMatches) : serviceMatches;
  const plainBackends = [backendRef(names.primary, traffic.primaryWeight, port), backendRef(names.canary, traffic.canaryWeight, port)];

  let rules: HttpRouteRule[];
  const affinity = canary.analysis.sessionAffinity;
  if (affinity === undefined) {
    rules = [rule(weightedMatches, weightedFilters, plainBackends, timeouts)];
  } else if (traffic.canaryWeight > 0) {
    const canaryCookie = traffic.canaryCookie;
    const primaryCookie = canary.gatewayApi === "v1" && affinity.primaryCookieName !== undefined ? traffic.primaryCookie : undefined;
    if (canaryCookie === undefined) {
      issues.push({ field: "traffic.canaryCookie", message: "session affinity needs the canary cookie while the canary has weight" });
    }
    if (canary.gatewayApi === "v1" && affinity.primaryCookieName !== undefined && primaryCookie === undefined) {
      issues.push({ field: "traffic.primaryCookie", message: "primaryCookieName is set, so the primary cookie is needed while the canary has weight" });
    }
    const cookie = canaryCookie ?? "";
    const canaryFilters: HttpRouteFilter[] = [
      { type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: SET_COOKIE, value: setCookieValue(cookie, affinity.maxAge, affinity) }] } },
    ];
    const primaryFilters: HttpRouteFilter[] | undefined =
      primaryCookie === undefined
        ? undefined
        : [
            {
              type: "ResponseHeaderModifier",
              responseHeaderModifier: { add: [{ name: SET_COOKIE, value: setCookieValue(primaryCookie, canary.analysis.intervalSeconds, affinity) }] },
            },
          ];
    const sticky = (c: string, primaryWeight: number): HttpRouteRule =>
      rule(
        mergeMatchConditions([{ headers: [cookieHeaderMatch(c)] }], explicitServiceMatches),
        weightedFilters,
        [backendRef(names.primary, primaryWeight, port), backendRef(names.canary, 100 - primaryWeight, port)],
        timeouts,
      );
    rules = [sticky(cookie, 0)];
    if (primaryCookie !== undefined) rules.push(sticky(primaryCookie, 100));
    rules.push(
      rule(
        weightedMatches,
        weightedFilters,
        [backendRef(names.primary, traffic.primaryWeight, port, primaryFilters), backendRef(names.canary, traffic.canaryWeight, port, canaryFilters)],
        timeouts,
      ),
    );
  } else {
    // Flagger: at weight 0 the current cookie becomes the previous one.
    const previous = traffic.previousCookie ?? traffic.canaryCookie;
    const weighted = rule(weightedMatches, weightedFilters, plainBackends, timeouts);
    const first =
      previous === undefined
        ? weighted
        : rule(
            mergeMatchConditions([{ headers: [cookieHeaderMatch(previous)] }], explicitServiceMatches),
            withAddedResponseHeader(weightedFilters, SET_COOKIE, setCookieValue(previous, -1, affinity)),
            plainBackends,
            timeouts,
          );
    rules = [first, weighted];
  }
  if (isAb) {
    rules.push(rule(serviceMatches, baseFilters, [backendRef(names.primary, 100, port)], timeouts));
  }
  checkPrefixRewrite(canary, rules, issues);
  if (issues.length > 0) return { errors: issues };

  const { labels, annotations } = canary.service.apexMetadata;
  return {
    route: {
      apiVersion: apiVersionOf(canary),
      kind: "HTTPRoute",
      metadata: {
        name: names.apex,
        namespace: canary.namespace,
        ...(Object.keys(labels).length === 0 ? {} : { labels: sortedRecord(labels) }),
        ...(Object.keys(annotations).length === 0 ? {} : { annotations: sortedRecord(annotations) }),
      },
      spec: {
        parentRefs: canary.service.gatewayRefs.map((p) => ({
          group: p.group,
          kind: p.kind,
          ...(p.namespace === undefined ? {} : { namespace: p.namespace }),
          name: p.name,
          ...(p.sectionName === undefined ? {} : { sectionName: p.sectionName }),
          ...(p.port === undefined ? {} : { port: p.port }),
        })),
        ...(canary.service.hosts.length === 0 ? {} : { hostnames: [...canary.service.hosts] }),
        rules,
      },
    },
  };
}

/** Keys sorted, as Go's JSON encoder writes maps, so output does not depend on spec key order. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] ?? "";
  return out;
}
