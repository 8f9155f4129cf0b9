/**
 * Rule-level filters generated from `spec.service`, in Flagger's order: RequestHeaderModifier,
 * ResponseHeaderModifier, URLRewrite, RequestMirror (one per `service.mirror`), CORS (v1 only).
 */
import type { HeaderOperations, ResolvedCanary } from "../spec/model.js";
import type { HttpHeaderFilter, HttpRouteFilter } from "./http-route-types.js";
import type { RouteIssue } from "./route-issue.js";

function headerFilter(ops: HeaderOperations): HttpHeaderFilter {
  const sorted = (list: readonly { readonly name: string; readonly value: string }[]) =>
    [...list].sort((a, b) => (a.name === b.name ? cmp(a.value, b.value) : cmp(a.name, b.name))).map((h) => ({ name: h.name, value: h.value }));
  return {
    ...(ops.set.length === 0 ? {} : { set: sorted(ops.set) }),
    ...(ops.add.length === 0 ? {} : { add: sorted(ops.add) }),
    ...(ops.remove.length === 0 ? {} : { remove: [...ops.remove] }),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serviceFilters(canary: ResolvedCanary, issues: RouteIssue[]): HttpRouteFilter[] {
  const s = canary.service;
  const filters: HttpRouteFilter[] = [];
  if (s.requestHeaders !== undefined) {
    filters.push({ type: "RequestHeaderModifier", requestHeaderModifier: headerFilter(s.requestHeaders) });
  }
  if (s.responseHeaders !== undefined) {
    filters.push({ type: "ResponseHeaderModifier", responseHeaderModifier: headerFilter(s.responseHeaders) });
  }
  if (s.rewrite !== undefined) {
    const r = s.rewrite;
    const path =
      r.uri === undefined || r.uri === ""
        ? undefined
        : r.type === "ReplaceFullPath"
          ? { type: r.type, replaceFullPath: r.uri }
          : { type: r.type, replacePrefixMatch: r.uri };
    filters.push({
      type: "URLRewrite",
      urlRewrite: {
        ...(r.authority === undefined || r.authority === "" ? {} : { hostname: r.authority }),
        ...(path === undefined ? {} : { path }),
      },
    });
  }
  s.mirror.forEach((m, i) => {
    if (m.port === undefined && m.group === "" && m.kind === "Service") {
      issues.push({ field: `spec.service.mirror[${i}].backendRef.port`, message: "is required for a Service backend (the Gateway API rejects the route without it)" });
    }
    filters.push({
      type: "RequestMirror",
      requestMirror: {
        backendRef: {
          group: m.group,
          kind: m.kind,
          name: m.name,
          ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
          ...(m.port === undefined ? {} : { port: m.port }),
        },
      },
    });
  });
  if (s.cors !== undefined && canary.gatewayApi === "v1") {
    const c = s.cors;
    filters.push({
      type: "CORS",
      cors: {
        ...(c.allowOrigins.length === 0 ? {} : { allowOrigins: [...c.allowOrigins] }),
        ...(c.allowCredentials === undefined ? {} : { allowCredentials: c.allowCredentials }),
        ...(c.allowMethods.length === 0 ? {} : { allowMethods: [...c.allowMethods] }),
        ...(c.allowHeaders.length === 0 ? {} : { allowHeaders: [...c.allowHeaders] }),
        ...(c.exposeHeaders.length === 0 ? {} : { exposeHeaders: [...c.exposeHeaders] }),
        ...(c.maxAgeSeconds === undefined ? {} : { maxAge: c.maxAgeSeconds }),
      },
    });
  }
  return filters;
}

/**
 * Adds a `Set-Cookie` to the rule's ResponseHeaderModifier. Flagger appends a second
 * ResponseHeaderModifier when `service.headers.response` is set, which the Gateway API rejects
 * ("ResponseHeaderModifier filter cannot be repeated"); the header is merged into the existing one.
 */
export function withAddedResponseHeader(filters: readonly HttpRouteFilter[], name: string, value: string): HttpRouteFilter[] {
  const index = filters.findIndex((f) => f.type === "ResponseHeaderModifier");
  const existing = filters[index];
  if (existing?.type !== "ResponseHeaderModifier") {
    return [...filters, { type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name, value }] } }];
  }
  const m = existing.responseHeaderModifier;
  const merged: HttpRouteFilter = {
    type: "ResponseHeaderModifier",
    responseHeaderModifier: {
      ...(m.set === undefined ? {} : { set: m.set }),
      add: [...(m.add ?? []), { name, value }],
      ...(m.remove === undefined ? {} : { remove: m.remove }),
    },
  };
  return filters.map((f, i) => (i === index ? merged : f));
}
