/**
 * Reads the traffic state back from an HTTPRoute object that canary-bot rendered or patched:
 * the inverse of `renderHttpRoute` and of the adoption patch. Follows Flagger's `GetRoutes`
 * (weights from the rule splitting primary/canary; with session affinity the rule whose
 * backends carry filters) and also recovers the cookies, which Flagger keeps in its status and
 * canary-bot keeps in the route itself.
 */
import type { TrafficState } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import { routeNames } from "./route-names.js";
import { COOKIE, cookieFromHeaderMatch, cookieOfSetCookie, isExpiringSetCookie, SET_COOKIE } from "./session-cookies.js";

export type ReadTrafficResult = { readonly traffic: TrafficState } | { readonly error: string };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A backendRef to a Service of the Canary's namespace (group/kind defaulted as the API does). */
function serviceName(ref: unknown, namespace: string): string | undefined {
  if (!isObject(ref)) return undefined;
  const group = str(ref.group) ?? "";
  const kind = str(ref.kind) ?? "Service";
  const ns = str(ref.namespace);
  if (group !== "" || kind !== "Service" || (ns !== undefined && ns !== namespace)) return undefined;
  return str(ref.name);
}

function setCookies(filters: unknown): string[] {
  const out: string[] = [];
  for (const f of list(filters)) {
    if (!isObject(f) || f.type !== "ResponseHeaderModifier" || !isObject(f.responseHeaderModifier)) continue;
    for (const h of list(f.responseHeaderModifier.add)) {
      if (isObject(h) && typeof h.name === "string" && h.name.toLowerCase() === SET_COOKIE.toLowerCase() && typeof h.value === "string") out.push(h.value);
    }
  }
  return out;
}

/** A sticky or cleanup rule: it matches the session-affinity cookie (as Flagger's reconcile tells them apart). */
function isCookieRule(rule: Json, cookieNames: readonly string[]): boolean {
  return list(rule.matches).some(
    (m) =>
      isObject(m) &&
      list(m.headers).some((h) => {
        if (!isObject(h) || h.type !== "RegularExpression" || typeof h.name !== "string" || h.name.toLowerCase() !== COOKIE.toLowerCase() || typeof h.value !== "string") return false;
        const cookie = cookieFromHeaderMatch(h.value);
        return cookie !== undefined && cookieNames.includes(cookie.slice(0, cookie.indexOf("=")));
      }),
  );
}

interface WeightedRule {
  readonly index: number;
  readonly primary: Json;
  readonly canary: Json;
}

function weightOf(ref: Json): number {
  // The Gateway API defaults an absent weight to 1.
  return typeof ref.weight === "number" ? ref.weight : 1;
}

export function readTraffic(route: unknown, canary: ResolvedCanary): ReadTrafficResult {
  const names = routeNames(canary);
  const where = `HTTPRoute ${canary.namespace}/${names.apex}`;
  if (!isObject(route) || !isObject(route.spec)) return { error: `${where} has no spec` };
  const rules = list(route.spec.rules);
  const sa = canary.analysis.sessionAffinity;
  const affinity = sa !== undefined;
  const cookieNames = sa === undefined ? [] : [sa.cookieName, ...(sa.primaryCookieName === undefined ? [] : [sa.primaryCookieName])];

  const candidates: WeightedRule[] = [];
  let mirrored = false;
  let previousCookie: string | undefined;
  let routesToBackends = false;
  for (const [index, rule] of rules.entries()) {
    if (!isObject(rule)) continue;
    const refs = list(rule.backendRefs).filter(isObject);
    const primary = refs.find((ref) => serviceName(ref, canary.namespace) === names.primary);
    const canaryRef = refs.find((ref) => serviceName(ref, canary.namespace) === names.canary);
    if (primary !== undefined || canaryRef !== undefined) routesToBackends = true;
    for (const f of list(rule.filters)) {
      if (isObject(f) && f.type === "RequestMirror" && isObject(f.requestMirror) && serviceName(f.requestMirror.backendRef, canary.namespace) === names.canary) {
        mirrored = true;
      }
    }
    const expiring = setCookies(rule.filters).find(isExpiringSetCookie);
    if (expiring !== undefined) previousCookie = cookieOfSetCookie(expiring);
    if (primary === undefined || canaryRef === undefined) continue;
    if (affinity && isCookieRule(rule, cookieNames)) continue;
    candidates.push({ index, primary, canary: canaryRef });
  }

  if (!routesToBackends) return { error: `${where} has no rule routing to ${names.primary} and ${names.canary}` };
  const withCookies = affinity ? candidates.find((c) => c.primary.filters !== undefined || c.canary.filters !== undefined) : undefined;
  const chosen = withCookies ?? candidates[0];
  if (chosen === undefined) return { error: `${where} has no rule that splits traffic between ${names.primary} and ${names.canary}` };
  const primaryWeight = weightOf(chosen.primary);
  const canaryWeight = weightOf(chosen.canary);
  if (withCookies === undefined) {
    const disagreeing = candidates.find((c) => weightOf(c.primary) !== primaryWeight || weightOf(c.canary) !== canaryWeight);
    if (disagreeing !== undefined) {
      return {
        error: `${where}: rules ${chosen.index} and ${disagreeing.index} split traffic differently (${primaryWeight}/${canaryWeight} vs ${weightOf(disagreeing.primary)}/${weightOf(disagreeing.canary)})`,
      };
    }
  }
  const canaryCookie = setCookies(chosen.canary.filters).map(cookieOfSetCookie)[0];
  const primaryCookie = setCookies(chosen.primary.filters).map(cookieOfSetCookie)[0];
  return {
    traffic: {
      primaryWeight,
      canaryWeight,
      mirrored,
      ...(canaryCookie === undefined ? {} : { canaryCookie }),
      ...(primaryCookie === undefined ? {} : { primaryCookie }),
      ...(previousCookie === undefined ? {} : { previousCookie }),
    },
  };
}
