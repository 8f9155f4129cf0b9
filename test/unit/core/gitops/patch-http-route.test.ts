import { describe, expect, it } from "vitest";
import { patchHttpRoute, patchHttpRouteFile } from "../../../../src/core/gitops/patch-http-route.js";
import type { TrafficState } from "../../../../src/core/machine/types.js";
import { readTraffic } from "../../../../src/core/routing/read-traffic.js";
import type { ResolvedCanary } from "../../../../src/core/spec/model.js";
import { makeCanary } from "../../../support/canary-builder.js";
import { httpRouteErrors } from "../../../support/crd-validator.js";
import { changedLines, comments, docsOf, locateRoute, routeFixture, yamlOf } from "./fixtures.js";

const PATH = "apps/podinfo/route.yaml";
const at = (p: number, c: number, extra: Partial<TrafficState> = {}): TrafficState => ({ primaryWeight: p, canaryWeight: c, mirrored: false, ...extra });

function patch(text: string, canary: ResolvedCanary, traffic: TrafficState): string {
  const r = patchHttpRoute(locateRoute(PATH, text), canary, traffic);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const route = docsOf(r.value.text).find((d: any) => d.kind === "HTTPRoute");
  expect(httpRouteErrors(route)).toEqual([]);
  expect(readTraffic(route, canary)).toEqual({ traffic });
  return r.value.text;
}

const original = routeFixture("podinfo-route.yaml");

describe("patchHttpRoute: adoption", () => {
  it("changes only the backendRefs of the rule routing to the apex Service", () => {
    const out = patch(original, makeCanary(), at(100, 0));
    expect(out).toBe(
      original.replace(
        "    - name: podinfo   # the apex Service\n      port: 9898\n",
        [
          "    - name: podinfo-primary   # the apex Service",
          "      group: \"\"",
          "      kind: Service",
          "      port: 9898",
          "      weight: 100",
          "    - group: \"\"",
          "      kind: Service",
          "      name: podinfo-canary",
          "      port: 9898",
          "      weight: 0",
          "",
        ].join("\n"),
      ),
    );
    expect(comments(out)).toEqual(comments(original));
  });

  it("makes a weight step a two-line diff", () => {
    const adopted = patch(original, makeCanary(), at(100, 0));
    const step = patch(adopted, makeCanary(), at(90, 10));
    expect(changedLines(adopted, step)).toEqual([
      { line: 44, before: "      weight: 100", after: "      weight: 90" },
      { line: 49, before: "      weight: 0", after: "      weight: 10" },
    ]);
    expect(patch(step, makeCanary(), at(90, 10))).toBe(step);
  });

  it("edits the route inside a multi-document file and leaves the other document alone", () => {
    const text = routeFixture("multi-document.yaml");
    const canary = makeCanary({ gatewayApi: "v1beta1" });
    const out = patch(text, canary, at(80, 20));
    expect(out.slice(0, out.indexOf("---"))).toBe(text.slice(0, text.indexOf("---")));
    expect((docsOf(out)[1] as any).spec.rules).toEqual([
      { backendRefs: [{ group: "", kind: "Service", name: "podinfo-primary", port: 9898, weight: 80 }, { group: "", kind: "Service", name: "podinfo-canary", port: 9898, weight: 20 }] },
    ]);
  });

  it("adds and removes the blue/green mirror filter on the managed rule only", () => {
    const canary = makeCanary({ analysis: { iterations: 3, mirror: true } });
    const adopted = patch(original, canary, at(100, 0));
    const mirrored = patch(adopted, canary, at(100, 0, { mirrored: true }));
    const rules = yamlOf(mirrored).spec.rules;
    expect(rules[1].filters).toEqual([
      { type: "RequestHeaderModifier", requestHeaderModifier: { set: [{ name: "x-forwarded-app", value: "podinfo" }] } },
      { type: "RequestMirror", requestMirror: { backendRef: { group: "", kind: "Service", name: "podinfo-canary", port: 9898 } } },
    ]);
    expect(mirrored.split("\n").length - adopted.split("\n").length).toBe(7);
    expect(patch(mirrored, canary, at(100, 0))).toBe(adopted);
  });

  it("inserts named A/B rules before the managed rule, which then routes to the primary", () => {
    const canary = makeCanary({ analysis: { iterations: 3, match: [{ headers: { "x-canary": { exact: "insider" } } }] } });
    const out = patch(original, canary, at(0, 100));
    const rules = yamlOf(out).spec.rules;
    expect(rules.map((r: any) => r.name)).toEqual([undefined, "canary-bot-ab", "app", undefined]);
    expect(rules[1].matches).toEqual([
      { path: { type: "PathPrefix", value: "/" }, headers: [{ name: "x-env", value: "prod" }, { type: "Exact", name: "x-canary", value: "insider" }] },
    ]);
    expect(rules[1].timeouts).toEqual({ request: "20s" });
    expect(rules[2].backendRefs).toEqual([{ group: "", kind: "Service", name: "podinfo-primary", port: 9898, weight: 100 }]);
    const back = patch(out, canary, at(100, 0));
    expect(changedLines(out, back)?.map((c) => c.after.trim())).toEqual(["weight: 100", "weight: 0"]);
  });

  it("manages sticky and cookie-cleanup rules for session affinity, keeping weight steps two-line diffs", () => {
    const canary = makeCanary({ analysis: { sessionAffinity: { cookieName: "cc", primaryCookieName: "pc", maxAge: 600 }, intervalSeconds: 30 } });
    const cookies = { canaryCookie: "cc=abc", primaryCookie: "pc=def" };
    const adopted = patch(original, canary, at(100, 0));
    const first = patch(adopted, canary, at(90, 10, cookies));
    expect(yamlOf(first).spec.rules.map((r: any) => r.name)).toEqual([undefined, "canary-bot-sticky-canary", "canary-bot-sticky-primary", "app", undefined]);
    const sticky = yamlOf(first).spec.rules[1];
    expect(sticky.matches).toEqual([
      { path: { type: "PathPrefix", value: "/" }, headers: [{ name: "x-env", value: "prod" }, { type: "RegularExpression", name: "Cookie", value: ".*cc.*abc.*" }] },
    ]);
    expect(yamlOf(first).spec.rules[3].backendRefs[1].filters).toEqual([
      { type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: "Set-Cookie", value: "cc=abc; Max-Age=600" }] } },
    ]);
    const second = patch(first, canary, at(80, 20, cookies));
    expect(changedLines(first, second)?.map((c) => c.after.trim())).toEqual(["weight: 80", "weight: 20"]);
    const done = patch(second, canary, at(100, 0, { previousCookie: "cc=abc" }));
    const rules = yamlOf(done).spec.rules;
    expect(rules.map((r: any) => r.name)).toEqual([undefined, "canary-bot-cookie-cleanup", "app", undefined]);
    expect(rules[1].filters[1]).toEqual({ type: "ResponseHeaderModifier", responseHeaderModifier: { add: [{ name: "Set-Cookie", value: "cc=abc; Max-Age=-1" }] } });
    expect(comments(done)).toEqual(comments(adopted));
  });

  it("says clearly, without throwing, when no rule routes to the apex or a rule mixes backends", () => {
    const none = patchHttpRoute(locateRoute(PATH, routeFixture("no-apex-rule.yaml")), makeCanary(), at(100, 0));
    expect(none).toEqual({
      ok: false,
      issues: [
        {
          location: { file: PATH, line: 10, column: 5 },
          field: "spec.rules",
          message: "no rule routes to Service podinfo (or podinfo-primary/podinfo-canary); add a rule with backendRefs: [{name: podinfo, port: 9898}]",
          severity: "error",
        },
      ],
    });
    const mixed = patchHttpRoute(locateRoute(PATH, routeFixture("mixed-backends.yaml")), makeCanary(), at(100, 0));
    expect(!mixed.ok && mixed.issues[0]?.message).toBe("mixes Service podinfo (or its -primary/-canary) with other backends; canary-bot can only split a rule whose backends are all podinfo");
  });

  it("reports Canary route settings an adopted route does not apply", () => {
    const r = patchHttpRoute(locateRoute(PATH, original), makeCanary({ service: { timeout: "5s", match: [{ uri: { prefix: "/" } }] } }), at(100, 0));
    expect(r.ok && r.value.notes).toEqual([
      "spec.service.match is not applied to an adopted HTTPRoute: the route's own rules decide (edit the route instead)",
      "spec.service.timeout is not applied to an adopted HTTPRoute: the route's own rules decide (edit the route instead)",
    ]);
  });
});

describe("patchHttpRouteFile", () => {
  it("patches text in, text out, and explains a file without the route", () => {
    const r = patchHttpRouteFile({ path: PATH, content: original }, makeCanary(), at(100, 0));
    expect(r.ok && r.value.text).toBe(patch(original, makeCanary(), at(100, 0)));
    expect(patchHttpRouteFile({ path: PATH, content: "kind: ConfigMap\n" }, makeCanary(), at(100, 0))).toEqual({
      ok: false,
      issues: [{ location: { file: PATH, line: 1, column: 1 }, field: "", message: "has no HTTPRoute podinfo in namespace test", severity: "error" }],
    });
    const broken = patchHttpRouteFile({ path: PATH, content: "a: [\n" }, makeCanary(), at(100, 0));
    expect(!broken.ok && broken.issues[0]?.location.file).toBe(PATH);
  });
});

describe("patchHttpRoute with several rules routing to the apex", () => {
  const text = [
    "apiVersion: gateway.networking.k8s.io/v1",
    "kind: HTTPRoute",
    "metadata:",
    "  name: podinfo",
    "  namespace: test",
    "spec:",
    "  parentRefs:",
    "    - name: gateway",
    "  rules:",
    "    - matches:",
    "        - path: {type: PathPrefix, value: /api}",
    "      backendRefs:",
    "        - {name: podinfo, port: 9898}",
    "    - matches:",
    "        - path: {type: PathPrefix, value: /web}",
    "      backendRefs:",
    "        - name: podinfo",
    "          port: 9898",
    "",
  ].join("\n");

  it("splits every managed rule and numbers the inserted rules", () => {
    const canary = makeCanary({ analysis: { sessionAffinity: { cookieName: "cc", maxAge: 60 } } });
    const adopted = patch(text, canary, at(100, 0));
    const stepped = patch(adopted, canary, at(90, 10, { canaryCookie: "cc=x" }));
    expect(yamlOf(stepped).spec.rules.map((r: any) => r.name ?? r.matches[0].path.value)).toEqual(["canary-bot-sticky-canary-1", "/api", "canary-bot-sticky-canary-2", "/web"]);
    const next = patch(stepped, canary, at(80, 20, { canaryCookie: "cc=x" }));
    // The user's flow-style backend stays one line; it is the only line of its backend that changes.
    expect(changedLines(stepped, next)?.map((c) => c.after.trim())).toEqual([
      '- { group: "", kind: Service, name: podinfo-primary, port: 9898, weight: 80 }',
      "weight: 20",
      "weight: 80",
      "weight: 20",
    ]);
  });
});
