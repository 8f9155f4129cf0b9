import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TrafficState } from "../../../../src/core/machine/types.js";
import { readTraffic } from "../../../../src/core/routing/read-traffic.js";
import { renderHttpRoute } from "../../../../src/core/routing/render-http-route.js";
import type { HttpRoute } from "../../../../src/core/routing/http-route-types.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";
import type { CanaryOverrides } from "../../../support/canary-builder.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";

const at = (primaryWeight: number, canaryWeight: number, extra: Partial<TrafficState> = {}): TrafficState => ({ primaryWeight, canaryWeight, mirrored: false, ...extra });

function route(canary: ResolvedCanary, traffic: TrafficState): HttpRoute {
  const r = renderHttpRoute(canary, traffic);
  if ("errors" in r) throw new Error(JSON.stringify(r.errors));
  expect(httpRouteErrors(r.route)).toEqual([]);
  return r.route;
}

const backend = (name: string, weight: number, filters?: unknown[]) => ({ group: "", kind: "Service", name, port: 9898, weight, ...(filters ? { filters } : {}) });
const prefix = { path: { type: "PathPrefix", value: "/" } };
const setCookie = (value: string) => ({ type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: "Set-Cookie", value }] } });

function both(overrides: CanaryOverrides): ResolvedCanary[] {
  return [makeCanary({ ...overrides, gatewayApi: "v1" }), makeCanary({ ...overrides, gatewayApi: "v1beta1" })];
}

describe("renderHttpRoute: canary strategy", () => {
  it("renders Flagger's base route at 100/0, fully defaulted", () => {
    expect(route(makeCanary(), at(100, 0))).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "podinfo", namespace: "test" },
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "istio-ingress", name: "gateway" }],
        hostnames: ["www.example.com"],
        rules: [{ matches: [prefix], backendRefs: [backend("podinfo-primary", 100), backend("podinfo-canary", 0)] }],
      },
    });
  });

  it("names the route after service.name, in the Canary namespace, with apex metadata and no Flux annotations", () => {
    const canary = makeCanary({
      namespace: "shop",
      service: { apex: "web", apexMetadata: { labels: { team: "a", app: "web" }, annotations: { "example.com/x": "1" } } },
    });
    const r = route(canary, at(100, 0));
    expect(r.metadata).toEqual({ name: "web", namespace: "shop", labels: { app: "web", team: "a" }, annotations: { "example.com/x": "1" } });
    expect(Object.keys(r.metadata.labels ?? {})).toEqual(["app", "team"]);
    expect(r.spec.rules[0]?.backendRefs.map((b) => b.name)).toEqual(["web-primary", "web-canary"]);
  });

  it.each([
    [90, 10],
    [50, 50],
    [0, 100],
  ])("writes %i/%i and validates for v1 and v1beta1", (p, c) => {
    for (const canary of both({})) {
      const r = route(canary, at(p, c));
      expect(r.apiVersion).toBe(canary.gatewayApi === "v1" ? "gateway.networking.k8s.io/v1" : "gateway.networking.k8s.io/v1beta1");
      expect(r.spec.rules[0]?.backendRefs).toEqual([backend("podinfo-primary", p), backend("podinfo-canary", c)]);
    }
  });

  it("puts service filters in Flagger's order with sorted headers, timeouts and CORS on v1 only", () => {
    const service: CanaryOverrides["service"] = {
      match: [{ uri: { prefix: "/api" } }],
      timeout: "30s",
      backendTimeout: "10s",
      rewrite: { uri: "/v2", authority: "api.example.com", type: "ReplacePrefixMatch" },
      requestHeaders: { add: [{ name: "x-b", value: "2" }, { name: "x-a", value: "9" }, { name: "x-a", value: "1" }], set: [{ name: "x-set", value: "s" }], remove: ["x-drop"] },
      responseHeaders: { add: [], set: [{ name: "x-resp", value: "r" }], remove: [] },
      mirror: [{ group: "", kind: "Service", name: "shadow", port: 80 }],
      cors: { allowOrigins: ["https://a.example"], allowMethods: ["GET", "POST"], allowHeaders: ["x-h"], exposeHeaders: [], maxAgeSeconds: 86400, allowCredentials: true },
    };
    const [v1, v1beta1] = both({ service });
    const rule = route(v1!, at(100, 0)).spec.rules[0]!;
    expect(rule.matches).toEqual([{ path: { type: "PathPrefix", value: "/api" } }]);
    expect(rule.filters).toEqual([
      { type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x-set", value: "s" }], add: [{ name: "x-a", value: "1" }, { name: "x-a", value: "9" }, { name: "x-b", value: "2" }], remove: ["x-drop"] } },
      { type: "ResponseHeaderModifier", responseHeaderModifier: { set: [{ name: "x-resp", value: "r" }] } },
      { type: "URLRewrite", urlRewrite: { hostname: "api.example.com", path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v2" } } },
      { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: "shadow", port: 80 } } },
      { type: "CORS", cors: { allowOrigins: ["https://a.example"], allowCredentials: true, allowMethods: ["GET", "POST"], allowHeaders: ["x-h"], maxAge: 86400 } },
    ]);
    expect(rule.timeouts).toEqual({ request: "30s", backendRequest: "10s" });
    const beta = route(v1beta1!, at(100, 0)).spec.rules[0]!;
    expect(beta.filters?.map((f) => f.type)).toEqual(["RequestHeaderModifier", "ResponseHeaderModifier", "URLRewrite", "RequestMirror"]);
    expect(beta.timeouts).toBeUndefined();
  });

  it("is deterministic and independent of header input order", () => {
    const a = makeCanary({ service: { requestHeaders: { add: [{ name: "b", value: "1" }, { name: "a", value: "2" }], set: [], remove: [] }, match: [{ headers: { y: { exact: "1" }, x: { exact: "2" } } }] } });
    const b = makeCanary({ service: { requestHeaders: { add: [{ name: "a", value: "2" }, { name: "b", value: "1" }], set: [], remove: [] }, match: [{ headers: { x: { exact: "2" }, y: { exact: "1" } } }] } });
    const first = JSON.stringify(route(a, at(80, 20)));
    for (let i = 0; i < 10; i++) expect(JSON.stringify(route(a, at(80, 20)))).toBe(first);
    expect(JSON.stringify(route(b, at(80, 20)))).toBe(first);
  });
});

describe("renderHttpRoute: A/B testing", () => {
  const analysis = {
    iterations: 10,
    match: [{ headers: { "x-canary": { exact: "insider" } } }, { headers: { cookie: { regex: "^(.*?;)?(canary=always)(;.*)?$" } } }],
  };

  it("splits the cartesian merge of analysis and service matches, then routes the rest to the primary", () => {
    for (const canary of both({ analysis, service: { match: [{ uri: { prefix: "/api" }, headers: { "x-dropped": { exact: "1" } } }, { uri: { prefix: "/web" } }] } })) {
      const r = route(canary, at(0, 100));
      expect(r.spec.rules).toEqual([
        {
          matches: [
            { path: { type: "PathPrefix", value: "/api" }, headers: [{ type: "Exact", name: "x-canary", value: "insider" }] },
            { path: { type: "PathPrefix", value: "/web" }, headers: [{ type: "Exact", name: "x-canary", value: "insider" }] },
            { path: { type: "PathPrefix", value: "/api" }, headers: [{ type: "RegularExpression", name: "cookie", value: "^(.*?;)?(canary=always)(;.*)?$" }] },
            { path: { type: "PathPrefix", value: "/web" }, headers: [{ type: "RegularExpression", name: "cookie", value: "^(.*?;)?(canary=always)(;.*)?$" }] },
          ],
          backendRefs: [backend("podinfo-primary", 0), backend("podinfo-canary", 100)],
        },
        {
          matches: [{ path: { type: "PathPrefix", value: "/api" }, headers: [{ type: "Exact", name: "x-dropped", value: "1" }] }, { path: { type: "PathPrefix", value: "/web" } }],
          backendRefs: [backend("podinfo-primary", 100)],
        },
      ]);
    }
  });

  it("uses the default PathPrefix / as the service match", () => {
    const r = route(makeCanary({ analysis }), at(100, 0));
    expect(r.spec.rules[0]?.matches[0]).toEqual({ ...prefix, headers: [{ type: "Exact", name: "x-canary", value: "insider" }] });
    expect(r.spec.rules[1]).toEqual({ matches: [prefix], backendRefs: [backend("podinfo-primary", 100)] });
  });

  it("rejects analysis matches it cannot translate instead of widening rule 0 (Flagger ignores them)", () => {
    const r = renderHttpRoute(makeCanary({ analysis: { iterations: 5, match: [{ headers: { "x-canary": { prefix: "in" } } }] } }), at(0, 100));
    expect(r).toEqual({ errors: [{ field: "spec.analysis.match[0].headers.x-canary.prefix", message: "the Gateway API has no prefix match for headers; use regex instead" }] });
  });
});

describe("renderHttpRoute: blue/green mirroring", () => {
  it("appends a RequestMirror to the canary while mirrored and drops it afterwards", () => {
    for (const canary of both({ analysis: { iterations: 5, mirror: true }, service: { requestHeaders: { add: [], set: [{ name: "x", value: "y" }], remove: [] } } })) {
      const mirrored = route(canary, at(100, 0, { mirrored: true })).spec.rules[0]!;
      expect(mirrored.filters).toEqual([
        { type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x", value: "y" }] } },
        { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: "podinfo-canary", port: 9898 } } },
      ]);
      expect(route(canary, at(100, 0)).spec.rules[0]?.filters).toEqual([{ type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x", value: "y" }] } }]);
    }
  });
});

describe("renderHttpRoute: session affinity", () => {
  const sessionAffinity = { cookieName: "canary-flagger-cookie", primaryCookieName: "primary-flagger-cookie", maxAge: 300, domain: "example.com", httpOnly: true, partitioned: true, path: "/app", sameSite: "Strict" as const, secure: true };
  const cookies = { canaryCookie: "canary-flagger-cookie=abcdefghij", primaryCookie: "primary-flagger-cookie=klmnopqrst" };
  const attrs = "; Domain=example.com; HttpOnly; Partitioned; Path=/app; SameSite=Strict; Secure";

  it("writes sticky canary, sticky primary and weighted rules with Set-Cookie on the backends (v1)", () => {
    const r = route(makeCanary({ analysis: { sessionAffinity, intervalSeconds: 15 } }), at(90, 10, cookies));
    expect(r.spec.rules).toEqual([
      { matches: [{ headers: [{ type: "RegularExpression", name: "Cookie", value: ".*canary-flagger-cookie.*abcdefghij.*" }] }], backendRefs: [backend("podinfo-primary", 0), backend("podinfo-canary", 100)] },
      { matches: [{ headers: [{ type: "RegularExpression", name: "Cookie", value: ".*primary-flagger-cookie.*klmnopqrst.*" }] }], backendRefs: [backend("podinfo-primary", 100), backend("podinfo-canary", 0)] },
      {
        matches: [prefix],
        backendRefs: [
          backend("podinfo-primary", 90, [setCookie(`primary-flagger-cookie=klmnopqrst; Max-Age=15${attrs}`)]),
          backend("podinfo-canary", 10, [setCookie(`canary-flagger-cookie=abcdefghij; Max-Age=300${attrs}`)]),
        ],
      },
    ]);
  });

  it("has no primary cookie on v1beta1, and keeps service path matches in sticky rules", () => {
    const canary = makeCanary({ gatewayApi: "v1beta1", analysis: { sessionAffinity: { cookieName: "c", maxAge: 86400 } }, service: { match: [{ uri: { prefix: "/shop" }, headers: { "x-a": { exact: "b" } } }] } });
    const r = route(canary, at(70, 30, { canaryCookie: "c=xyz" }));
    expect(r.spec.rules).toEqual([
      { matches: [{ path: { type: "PathPrefix", value: "/shop" }, headers: [{ type: "RegularExpression", name: "Cookie", value: ".*c.*xyz.*" }] }], backendRefs: [backend("podinfo-primary", 0), backend("podinfo-canary", 100)] },
      {
        matches: [{ path: { type: "PathPrefix", value: "/shop" }, headers: [{ type: "Exact", name: "x-a", value: "b" }] }],
        backendRefs: [backend("podinfo-primary", 70), backend("podinfo-canary", 30, [setCookie("c=xyz; Max-Age=86400")])],
      },
    ]);
  });

  it("at weight 0 answers the previous cookie with Max-Age=-1, merged into the rule's ResponseHeaderModifier", () => {
    const canary = makeCanary({ analysis: { sessionAffinity: { cookieName: "c", maxAge: 100 } }, service: { responseHeaders: { add: [], set: [{ name: "x-r", value: "1" }], remove: [] } } });
    const r = route(canary, at(100, 0, { previousCookie: "c=old" }));
    expect(r.spec.rules).toEqual([
      {
        matches: [{ headers: [{ type: "RegularExpression", name: "Cookie", value: ".*c.*old.*" }] }],
        filters: [{ type: "ResponseHeaderModifier", responseHeaderModifier: { set: [{ name: "x-r", value: "1" }], add: [{ name: "Set-Cookie", value: "c=old; Max-Age=-1" }] } }],
        backendRefs: [backend("podinfo-primary", 100), backend("podinfo-canary", 0)],
      },
      {
        matches: [prefix],
        filters: [{ type: "ResponseHeaderModifier", responseHeaderModifier: { set: [{ name: "x-r", value: "1" }] } }],
        backendRefs: [backend("podinfo-primary", 100), backend("podinfo-canary", 0)],
      },
    ]);
  });

  it("without a previous cookie duplicates the weighted rule, as Flagger does", () => {
    const r = route(makeCanary({ analysis: { sessionAffinity: { cookieName: "c", maxAge: 100 } } }), at(100, 0));
    const weighted = { matches: [prefix], backendRefs: [backend("podinfo-primary", 100), backend("podinfo-canary", 0)] };
    expect(r.spec.rules).toEqual([weighted, weighted]);
  });

  it("needs the cookies while the canary has weight", () => {
    expect(renderHttpRoute(makeCanary({ analysis: { sessionAffinity } }), at(90, 10))).toEqual({
      errors: [
        { field: "traffic.canaryCookie", message: "session affinity needs the canary cookie while the canary has weight" },
        { field: "traffic.primaryCookie", message: "primaryCookieName is set, so the primary cookie is needed while the canary has weight" },
      ],
    });
  });
});

describe("renderHttpRoute: errors", () => {
  it("names unsupported service matches, missing gateways, bad weights and impossible rewrites", () => {
    const canary = makeCanary({
      service: { gatewayRefs: [], match: [{ uri: { suffix: ".png" } }], mirror: [{ group: "", kind: "Service", name: "shadow" }] },
    });
    expect(renderHttpRoute(canary, at(95, 10))).toEqual({
      errors: [
        { field: "traffic", message: "weights must be whole numbers from 0 to 100 that sum to 100, got primary 95 and canary 10" },
        { field: "spec.service.gatewayRefs", message: "must name at least one Gateway for the Gateway API router" },
        { field: "spec.service.match[0].uri.suffix", message: "the Gateway API has no suffix path match; use regex instead" },
        { field: "spec.service.mirror[0].backendRef.port", message: "is required for a Service backend (the Gateway API rejects the route without it)" },
      ],
    });
    const rewrite = makeCanary({ service: { rewrite: { uri: "/", type: "ReplacePrefixMatch" } }, analysis: { iterations: 2, match: [{ headers: { a: { exact: "1" } } }, { headers: { b: { exact: "1" } } }] } });
    expect(renderHttpRoute(rewrite, at(100, 0))).toEqual({
      errors: [{ field: "spec.service.rewrite.type", message: "ReplacePrefixMatch needs every rule to have exactly one PathPrefix match (set one uri.prefix in spec.service.match, and no A/B or cookie matches)" }],
    });
  });
});

describe("readTraffic", () => {
  const sessionAffinity = { cookieName: "cc", primaryCookieName: "pc", maxAge: 60 };
  const cases: [string, CanaryOverrides, TrafficState][] = [
    ["canary", {}, at(70, 30)],
    ["A/B", { analysis: { iterations: 3, match: [{ headers: { a: { exact: "b" } } }] } }, at(0, 100)],
    ["mirroring", { analysis: { iterations: 3, mirror: true } }, at(100, 0, { mirrored: true })],
    ["session affinity", { analysis: { sessionAffinity } }, at(80, 20, { canaryCookie: "cc=aaaa", primaryCookie: "pc=bbbb" })],
    ["session affinity at rest", { analysis: { sessionAffinity } }, at(100, 0, { previousCookie: "cc=aaaa" })],
    ["session affinity, no cookie yet", { analysis: { sessionAffinity } }, at(100, 0)],
  ];
  it.each(cases)("reads back what %s rendered", (_name, overrides, traffic) => {
    for (const canary of both(overrides)) {
      const expected = canary.gatewayApi === "v1beta1" ? { ...traffic, primaryCookie: undefined } : traffic;
      const read = readTraffic(route(canary, traffic), canary);
      expect(read).toEqual({ traffic: JSON.parse(JSON.stringify(expected)) });
    }
  });

  it("reads a route Flagger wrote (unescaped cookie regex, no group/kind defaults)", () => {
    const canary = makeCanary({ analysis: { sessionAffinity: { cookieName: "flagger.cookie", maxAge: 60 } } });
    const flaggerRoute = {
      spec: {
        rules: [
          { matches: [{ headers: [{ type: "RegularExpression", name: "Cookie", value: ".*flagger.cookie.*abc.*" }] }], backendRefs: [{ name: "podinfo-primary", port: 9898, weight: 0 }, { name: "podinfo-canary", port: 9898, weight: 100 }] },
          {
            backendRefs: [
              { name: "podinfo-primary", port: 9898, weight: 60 },
              { name: "podinfo-canary", port: 9898, weight: 40, filters: [setCookie("flagger.cookie=abc; Max-Age=60")] },
            ],
          },
        ],
      },
    };
    expect(readTraffic(flaggerRoute, canary)).toEqual({ traffic: { primaryWeight: 60, canaryWeight: 40, mirrored: false, canaryCookie: "flagger.cookie=abc" } });
  });

  it("explains routes it cannot read", () => {
    const canary = makeCanary();
    expect(readTraffic({ spec: { rules: [{ backendRefs: [{ name: "other", port: 80 }] }] } }, canary)).toEqual({ error: "HTTPRoute test/podinfo has no rule routing to podinfo-primary and podinfo-canary" });
    expect(readTraffic({ spec: { rules: [{ backendRefs: [{ name: "podinfo-primary", port: 80 }] }] } }, canary)).toEqual({ error: "HTTPRoute test/podinfo has no rule that splits traffic between podinfo-primary and podinfo-canary" });
    expect(readTraffic("nope", canary)).toEqual({ error: "HTTPRoute test/podinfo has no spec" });
    const two = { spec: { rules: [0, 1].map((i) => ({ backendRefs: [{ name: "podinfo-primary", port: 1, weight: 100 - i * 10 }, { name: "podinfo-canary", port: 1, weight: i * 10 }] })) } };
    expect(readTraffic(two, canary)).toEqual({ error: "HTTPRoute test/podinfo: rules 0 and 1 split traffic differently (100/0 vs 90/10)" });
  });
});

describe("property: every rendered route validates and reads back", () => {
  it("holds for all strategies, versions and weights", () => {
    const overrides: CanaryOverrides[] = [
      {},
      { analysis: { iterations: 4, match: [{ headers: { "x-canary": { exact: "1" } } }] } },
      { analysis: { iterations: 4, mirror: true } },
      { analysis: { sessionAffinity: { cookieName: "cc", primaryCookieName: "pc", maxAge: 10, path: "/" } } },
      { service: { timeout: "5s", match: [{ uri: { exact: "/a" } }, { uri: { regex: "/b.*" }, method: { exact: "GET" } }], cors: { allowOrigins: ["*"], allowMethods: [], allowHeaders: [], exposeHeaders: [] } } },
    ];
    fc.assert(
      fc.property(fc.constantFrom(...overrides), fc.constantFrom("v1" as const, "v1beta1" as const), fc.integer({ min: 0, max: 100 }), fc.boolean(), (o, gatewayApi, w, mirrored) => {
        const canary = makeCanary({ ...o, gatewayApi });
        const affinity = canary.analysis.sessionAffinity !== undefined;
        const traffic = at(100 - w, w, { mirrored, ...(affinity && w > 0 ? { canaryCookie: "cc=abcd", ...(gatewayApi === "v1" ? { primaryCookie: "pc=efgh" } : {}) } : {}) });
        const r = route(canary, traffic);
        expect(readTraffic(r, canary)).toEqual({ traffic });
      }),
      { numRuns: 200 },
    );
  });
});
