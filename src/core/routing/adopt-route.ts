/**
 * Adoption of an HTTPRoute the user already has (Flagger replaces its whole spec, fluxcd/flagger#1857).
 *
 * Managed rules are the rules whose backends are all the apex Service (`<apex>`, before the first
 * adoption) or `<apex>-primary` / `<apex>-canary`. Only their `backendRefs` change, to the
 * primary/canary split; everything else in them (matches, filters, timeouts, names, backend
 * filters of the user's own) and every other rule stays as written. The rules that Flagger's
 * strategies need on top are inserted right before the managed rule they derive from, as copies
 * of it, and carry a rule `name` starting with `canary-bot-` so later patches find and replace
 * them (and remove them when no longer needed):
 *
 * - `canary-bot-ab`: A/B testing; the managed rule's matches AND the `analysis.match`
 *   conditions, split primary/canary; the managed rule itself then routes to the primary only.
 * - `canary-bot-sticky-canary` / `canary-bot-sticky-primary`: session affinity while the canary
 *   has weight; the managed matches AND the cookie, routed 0/100 (100/0). The weighted rule's
 *   backends add the `Set-Cookie` headers.
 * - `canary-bot-cookie-cleanup`: session affinity at weight 0 with a previous cookie, answering
 *   `Set-Cookie: <previous>; Max-Age=-1`.
 * - Blue/green mirroring adds a `RequestMirror` filter to `<apex>-canary` to the managed rule.
 *
 * With several managed rules the names get `-1`, `-2`, … in rule order. Conditions are ANDed with
 * the user's (Flagger's generated routes replace header conditions, which would widen a user's rule).
 */
import type { TrafficState } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { HttpRouteFilter, HttpRouteMatch } from "./http-route-types.js";
import { andMatchConditions } from "./match-merge.js";
import { backendRef, translateMatches } from "./render-http-route.js";
import { withAddedResponseHeader } from "./render-filters.js";
import type { RouteIssue } from "./route-issue.js";
import { routeNames } from "./route-names.js";
import { cookieHeaderMatch, SET_COOKIE, setCookieValue } from "./session-cookies.js";

export const BOT_RULE_PREFIX = "canary-bot-";

type Json = Record<string, unknown>;

export interface AdoptedRule {
  /** Index of the existing rule this one updates; undefined for a rule canary-bot inserts. */
  readonly origin: number | undefined;
  readonly rule: Json;
}

export type AdoptResult =
  | { readonly rules: readonly AdoptedRule[]; readonly managed: readonly number[]; readonly notes: readonly string[] }
  | { readonly errors: readonly RouteIssue[] };

function obj(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function isBotRule(rule: unknown): boolean {
  const name = obj(rule)?.name;
  return typeof name === "string" && name.startsWith(BOT_RULE_PREFIX);
}

function serviceRefName(ref: unknown, namespace: string): string | undefined {
  const r = obj(ref);
  if (r === undefined) return undefined;
  const group = typeof r.group === "string" ? r.group : "";
  const kind = typeof r.kind === "string" ? r.kind : "Service";
  const ns = r.namespace;
  if (group !== "" || kind !== "Service" || (ns !== undefined && ns !== namespace)) return undefined;
  return typeof r.name === "string" ? r.name : undefined;
}

/** Whether a rule is managed, and an error when it mixes managed and foreign backends. */
function classify(rule: unknown, canary: ResolvedCanary): "managed" | "other" | "mixed" {
  const names = routeNames(canary);
  const ours = new Set([names.apex, names.primary, names.canary]);
  const refs = arr(obj(rule)?.backendRefs);
  const hits = refs.filter((r) => {
    const n = serviceRefName(r, canary.namespace);
    return n !== undefined && ours.has(n);
  }).length;
  if (hits === 0) return "other";
  return hits === refs.length ? "managed" : "mixed";
}

function isOurCookieFilter(filter: unknown): boolean {
  const f = obj(filter);
  const m = obj(f?.responseHeaderModifier);
  return f?.type === "ResponseHeaderModifier" && arr(m?.add).some((h) => obj(h)?.name === SET_COOKIE) && arr(m?.set).length === 0 && arr(m?.remove).length === 0;
}

function isOurMirror(filter: unknown, canaryService: string, namespace: string): boolean {
  const f = obj(filter);
  return f?.type === "RequestMirror" && serviceRefName(obj(f.requestMirror)?.backendRef, namespace) === canaryService;
}

/** A copy of `rule` with fields replaced, `name` first, the rule's own key order otherwise. */
function derive(rule: Json, changes: { name?: string; matches?: readonly HttpRouteMatch[]; filters?: readonly unknown[]; backendRefs: readonly unknown[] }): Json {
  const out: Json = {};
  const name = changes.name ?? rule.name;
  if (name !== undefined) out.name = name;
  const keys = Object.keys(rule);
  for (const k of ["matches", "filters", "backendRefs"]) if (!keys.includes(k)) keys.push(k);
  for (const k of keys) {
    if (k === "name") continue;
    if (k === "matches") {
      const matches = changes.matches ?? rule.matches;
      if (matches !== undefined) out.matches = matches;
    } else if (k === "filters") {
      const filters = changes.filters ?? arr(rule.filters);
      if (filters.length > 0) out.filters = filters;
    } else if (k === "backendRefs") {
      out.backendRefs = changes.backendRefs;
    } else {
      out[k] = rule[k];
    }
  }
  return out;
}

export function adoptRouteRules(existingRules: readonly unknown[], canary: ResolvedCanary, traffic: TrafficState): AdoptResult {
  const names = routeNames(canary);
  const port = canary.service.port;
  const issues: RouteIssue[] = [];
  const managed: number[] = [];
  existingRules.forEach((rule, i) => {
    if (isBotRule(rule)) return;
    const c = classify(rule, canary);
    if (c === "managed") managed.push(i);
    if (c === "mixed") {
      issues.push({ field: `spec.rules[${i}].backendRefs`, message: `mixes Service ${names.apex} (or its -primary/-canary) with other backends; canary-bot can only split a rule whose backends are all ${names.apex}` });
    }
  });
  if (managed.length === 0 && issues.length === 0) {
    issues.push({ field: "spec.rules", message: `no rule routes to Service ${names.apex} (or ${names.primary}/${names.canary}); add a rule with backendRefs: [{name: ${names.apex}, port: ${port}}]` });
  }
  const analysisMatches = translateMatches(canary.analysis.match, "spec.analysis.match", issues);
  const affinity = canary.analysis.sessionAffinity;
  if (affinity !== undefined && traffic.canaryWeight > 0 && traffic.canaryCookie === undefined) {
    issues.push({ field: "traffic.canaryCookie", message: "session affinity needs the canary cookie while the canary has weight" });
  }
  if (issues.length > 0) return { errors: issues };

  const isAb = canary.analysis.match.length > 0;
  const out: AdoptedRule[] = [];
  let k = 0;
  existingRules.forEach((existing, i) => {
    if (isBotRule(existing)) return;
    const rule = obj(existing) ?? {};
    if (!managed.includes(i)) {
      out.push({ origin: i, rule });
      return;
    }
    k++;
    const suffix = managed.length > 1 ? `-${k}` : "";
    const refs = arr(rule.backendRefs).map(obj);
    const ownFilters = (service: string): unknown[] => {
      const ref = refs.find((r) => serviceRefName(r, canary.namespace) === service) ?? refs.find((r) => serviceRefName(r, canary.namespace) === names.apex);
      return arr(ref?.filters).filter((f) => !isOurCookieFilter(f));
    };
    const primaryOwn = ownFilters(names.primary);
    const canaryOwn = ownFilters(names.canary);
    const split = (p: number, c: number, primaryExtra: readonly HttpRouteFilter[] = [], canaryExtra: readonly HttpRouteFilter[] = []) => [
      backendRef(names.primary, p, port, [...primaryOwn, ...primaryExtra] as HttpRouteFilter[]),
      backendRef(names.canary, c, port, [...canaryOwn, ...canaryExtra] as HttpRouteFilter[]),
    ];
    const ruleFilters = arr(rule.filters).filter((f) => !isOurMirror(f, names.canary, canary.namespace));
    const weightedFilters: unknown[] = traffic.mirrored
      ? [...ruleFilters, { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: names.canary, port } } }]
      : ruleFilters;
    const ruleMatches = arr(rule.matches) as HttpRouteMatch[];
    const weightedMatches = isAb ? andMatchConditions(analysisMatches, ruleMatches) : ruleMatches;
    const weightedName = isAb ? `${BOT_RULE_PREFIX}ab${suffix}` : undefined;
    const inserted: Json[] = [];
    let weightedBackends = split(traffic.primaryWeight, traffic.canaryWeight);

    if (affinity !== undefined && traffic.canaryWeight > 0 && traffic.canaryCookie !== undefined) {
      const sticky = (name: string, cookie: string, p: number) =>
        derive(rule, {
          name: `${BOT_RULE_PREFIX}${name}${suffix}`,
          matches: andMatchConditions([{ headers: [cookieHeaderMatch(cookie)] }], weightedMatches),
          filters: weightedFilters,
          backendRefs: split(p, 100 - p),
        });
      inserted.push(sticky("sticky-canary", traffic.canaryCookie, 0));
      const primaryCookie = canary.gatewayApi === "v1" && affinity.primaryCookieName !== undefined ? traffic.primaryCookie : undefined;
      if (primaryCookie !== undefined) inserted.push(sticky("sticky-primary", primaryCookie, 100));
      const setCookie = (value: string): HttpRouteFilter[] => [{ type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: SET_COOKIE, value }] } }];
      weightedBackends = split(
        traffic.primaryWeight,
        traffic.canaryWeight,
        primaryCookie === undefined ? [] : setCookie(setCookieValue(primaryCookie, canary.analysis.intervalSeconds, affinity)),
        setCookie(setCookieValue(traffic.canaryCookie, affinity.maxAge, affinity)),
      );
    } else if (affinity !== undefined && traffic.canaryWeight === 0) {
      const previous = traffic.previousCookie ?? traffic.canaryCookie;
      if (previous !== undefined) {
        inserted.push(
          derive(rule, {
            name: `${BOT_RULE_PREFIX}cookie-cleanup${suffix}`,
            matches: andMatchConditions([{ headers: [cookieHeaderMatch(previous)] }], weightedMatches),
            filters: withAddedResponseHeader(weightedFilters as HttpRouteFilter[], SET_COOKIE, setCookieValue(previous, -1, affinity)),
            backendRefs: split(traffic.primaryWeight, traffic.canaryWeight),
          }),
        );
      }
    }
    if (isAb) {
      inserted.push(derive(rule, { ...(weightedName === undefined ? {} : { name: weightedName }), matches: weightedMatches, filters: weightedFilters, backendRefs: weightedBackends }));
      for (const r of inserted) out.push({ origin: undefined, rule: r });
      out.push({ origin: i, rule: derive(rule, { filters: ruleFilters, backendRefs: [backendRef(names.primary, 100, port, primaryOwn as HttpRouteFilter[])] }) });
    } else {
      for (const r of inserted) out.push({ origin: undefined, rule: r });
      out.push({ origin: i, rule: derive(rule, { filters: weightedFilters, backendRefs: weightedBackends }) });
    }
  });
  return { rules: out, managed, notes: ignoredServiceFields(canary) };
}

/** Canary fields a generated route would apply but an adopted route leaves to its author. */
function ignoredServiceFields(canary: ResolvedCanary): string[] {
  const s = canary.service;
  const set: [string, boolean][] = [
    ["spec.service.match", s.match.length > 0],
    ["spec.service.headers", s.requestHeaders !== undefined || s.responseHeaders !== undefined],
    ["spec.service.rewrite", s.rewrite !== undefined],
    ["spec.service.mirror", s.mirror.length > 0],
    ["spec.service.corsPolicy", s.cors !== undefined],
    ["spec.service.timeout", s.timeout !== undefined || s.backendTimeout !== undefined],
  ];
  return set.filter(([, on]) => on).map(([field]) => `${field} is not applied to an adopted HTTPRoute: the route's own rules decide (edit the route instead)`);
}
