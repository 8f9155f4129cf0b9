/**
 * Each file in test/fixtures/specs/invalid is the valid Canary of test/fixtures/specs/repo with
 * one mistake. Loaded next to the podinfo workload, it must produce exactly these issues.
 */
import { describe, expect, it } from "vitest";
import { formatSpecIssue } from "../../../../src/core/errors.js";
import { loadRepository } from "../../../../src/core/spec/load-repository.js";
import { fixtureNames, readFixture, readTree, workloadRepository } from "./spec-fixtures.js";

const CASES: Readonly<Record<string, readonly string[]>> = {
  "alert-provider-not-found": ["44:9: spec.analysis.alerts[0].providerRef: AlertProvider test/on-call not found in the repository"],
  "bare-gatewayapi-provider": ["6:3: spec.provider: gatewayapi needs an API version (Flagger would fall back to Istio); use gatewayapi:v1 or gatewayapi:v1beta1"],
  "builtin-metric-with-template": [
    "29:9: spec.analysis.metrics[0].templateRef: request-success-rate is a builtin metric: Flagger would run the builtin and the template; give the metric another name",
  ],
  "cookie-names-equal": ["29:7: spec.analysis.sessionAffinity.primaryCookieName: must differ from cookieName"],
  "datadog-template": [
    "29:9: spec.analysis.metrics[0].templateRef: MetricTemplate test/error-rate has errors: apps/podinfo/datadog-template.yaml:54:5: spec.provider.type: provider datadog is not supported yet",
    "54:5: spec.provider.type: provider datadog is not supported yet",
  ],
  "duplicate-canary": ["51:3: metadata.name: duplicate Canary test/podinfo, also defined at apps/podinfo/duplicate-canary.yaml:1:1"],
  "header-prefix-match": ["29:13: spec.analysis.match[0].headers.x-canary.prefix: the Gateway API has no prefix match for headers; use regex instead"],
  "interval-in-hours": [
    "23:5: spec.analysis.interval: must be a duration such as 30s, 1m or 1m30s (a number followed by s or m, as Flagger's CRD requires)",
  ],
  "interval-not-go-duration": [
    "23:5: spec.analysis.interval: must be a duration such as 30s, 1m or 1m30s (a number followed by s or m, as Flagger's CRD requires)",
  ],
  "istio-provider": ["6:3: spec.provider: istio is not supported: canary-bot routes traffic with the Gateway API only; use gatewayapi:v1 or gatewayapi:v1beta1"],
  "istio-service-fields": ["22:5: spec.service.gateways: not supported by the Gateway API router (Istio only); attach the route with gatewayRefs"],
  "iterations-and-step-weight": ["26:5: spec.analysis.stepWeight: cannot be combined with iterations; set exactly one of iterations, stepWeight or stepWeights"],
  "metadata-map-not-string": ["41:11: spec.analysis.webhooks[0].metadata.logCmdOutput: must be a string, got true"],
  "method-regex-match": ["21:11: spec.service.match[0].method.regex: the Gateway API matches methods exactly only; use method.exact"],
  "metric-without-query": ["28:9: spec.analysis.metrics[0]: needs a templateRef or a query: only request-success-rate and request-duration are builtin"],
  "mirror-weight-istio-only": ["27:5: spec.analysis.mirrorWeight: not supported by the Gateway API router (Istio only): it mirrors every request; remove mirrorWeight"],
  "mirror-without-iterations": [
    "27:5: spec.analysis.mirror: needs iterations: the Gateway API router mirrors traffic only in blue/green (with stepWeight Flagger never mirrors and keeps re-requesting the mirror step)",
  ],
  "missing-gateway-refs": ["15:3: spec.service.gatewayRefs: is required: list the Gateways the HTTPRoute attaches to"],
  "no-progression": ["22:3: spec.analysis: needs one of iterations (A/B testing, blue/green), stepWeight or stepWeights (weighted canary)"],
  "session-affinity-with-iterations": [
    "26:5: spec.analysis.sessionAffinity: works with weighted canaries only (stepWeight or stepWeights); with iterations it is never used",
  ],
  "step-weight-over-100": ["26:5: spec.analysis.stepWeight: must be between 1 and 100"],
  "step-weights-not-ascending": ["25:27: spec.analysis.stepWeights[2]: must be greater than the previous step (30)"],
  "target-not-found": ["10:5: spec.targetRef.name: Deployment test/podinfo-web not found in the repository"],
  "template-not-found": ["29:9: spec.analysis.metrics[0].templateRef: MetricTemplate flagger-system/error-ratio not found in the repository"],
  "threshold-not-a-number": ['24:5: spec.analysis.threshold: must be a number, got "five"'],
  "threshold-range-inverted": ["32:9: spec.analysis.metrics[0].thresholdRange: min (5) is greater than max (1): every value fails"],
  "unknown-field": ["26:5: spec.analysis.stepweight: unknown field; did you mean stepWeight?"],
  "unknown-webhook-type": [
    '37:9: spec.analysis.webhooks[0].type: must be confirm-rollout, pre-rollout, rollout, confirm-traffic-increase, confirm-promotion, post-rollout, rollback or event (empty means rollout), got "pre-rolout"',
  ],
  "uri-suffix-match": ["21:11: spec.service.match[0].uri.suffix: the Gateway API has no suffix path match; use regex instead"],
  "v1beta1-timeout": ["17:5: spec.service.timeout: is not supported by the gatewayapi:v1beta1 router; use provider gatewayapi:v1"],
  "webhook-url-relative": ["37:9: spec.analysis.webhooks[0].url: must be an absolute http or https URL"],
  "yaml-syntax-error": ["25:4: yaml: All mapping items must start at the same column"],
};

/** Warnings some of the cases also produce, besides their errors. */
const WARNINGS: Readonly<Record<string, readonly string[]>> = {
  "istio-service-fields": ["19:5: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored"],
  "iterations-and-step-weight": ["25:5: spec.analysis.maxWeight: is ignored with iterations (A/B testing and blue/green switch all traffic at once)"],
};

describe("invalid specs", () => {
  it("the base repository is valid", () => {
    const index = loadRepository(readTree("repo"));
    expect(index.issues).toEqual([]);
    expect(index.canaries.map((c) => `${c.namespace}/${c.name}`)).toEqual(["test/podinfo"]);
  });

  it("every fixture has a case and the table has at least 20 cases", () => {
    expect(fixtureNames("invalid").map((f) => f.replace(/\.yaml$/, ""))).toEqual(Object.keys(CASES).sort());
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(CASES))("%s", (name, errors) => {
    const file = `apps/podinfo/${name}.yaml`;
    const index = loadRepository([...workloadRepository(), { path: file, content: readFixture(`invalid/${name}.yaml`) }]);
    const issues = index.issues.map((i) => `${i.severity}: ${formatSpecIssue(i)}`);
    const expected = [
      ...errors.map((e) => `error: ${file}:${e}`),
      ...(WARNINGS[name] ?? []).map((w) => `warning: ${file}:${w}`),
    ].sort((a, b) => position(a) - position(b));
    expect(issues).toEqual(expected);
    // Only the first of two identical Canaries is usable.
    expect(index.canaries.filter((c) => c.file === file).length).toBe(name === "duplicate-canary" ? 1 : 0);
  });
});

/** Line and column of an `error: file:line:col: …` string, for ordering like the loader does. */
function position(issue: string): number {
  const match = /:(\d+):(\d+): /.exec(issue);
  return match === null ? 0 : Number(match[1]) * 1000 + Number(match[2]);
}
