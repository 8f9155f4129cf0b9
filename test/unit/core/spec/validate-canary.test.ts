/** Cross-field rules, as `severity field: message` without positions (positions: invalid-specs). */
import { describe, expect, it } from "vitest";
import { formatFieldPath } from "../../../../src/core/spec/field-path.js";
import { canaryFieldIssues } from "../../../../src/core/spec/validate-canary.js";
import { buildManifest } from "./manifest-builder.js";
import type { ManifestOverrides } from "./manifest-builder.js";

function issues(overrides: ManifestOverrides): string[] {
  const { manifest, canary } = buildManifest(overrides);
  return canaryFieldIssues(canary, manifest).map((i) => `${i.severity} ${formatFieldPath(i.path)}: ${i.message}`);
}

const ROWS: readonly { name: string; overrides: ManifestOverrides; expected: readonly string[] }[] = [
  { name: "the base is valid", overrides: {}, expected: [] },
  {
    name: "stepWeights and stepWeight together",
    overrides: { analysis: { stepWeights: [10, 20] } },
    expected: ["error spec.analysis.stepWeights: cannot be combined with stepWeight; set exactly one of iterations, stepWeight or stepWeights"],
  },
  {
    name: "stepWeights out of range and repeated",
    overrides: { analysis: { stepWeight: undefined, stepWeights: [0, 20, 20, 101] } },
    expected: [
      "error spec.analysis.stepWeights[0]: must be between 1 and 100",
      "error spec.analysis.stepWeights[2]: must be greater than the previous step (20)",
      "error spec.analysis.stepWeights[3]: must be between 1 and 100",
    ],
  },
  { name: "empty stepWeights", overrides: { analysis: { stepWeight: undefined, stepWeights: [] } }, expected: ["error spec.analysis.stepWeights: must list at least one weight"] },
  {
    name: "maxWeight with stepWeights is ignored",
    overrides: { analysis: { stepWeight: undefined, stepWeights: [10, 20], maxWeight: 50 } },
    expected: ["warning spec.analysis.maxWeight: is ignored when stepWeights is set: the last step is the maximum weight"],
  },
  { name: "maxWeight 0", overrides: { analysis: { maxWeight: 0 } }, expected: ["error spec.analysis.maxWeight: must be between 1 and 100"] },
  { name: "iterations 0", overrides: { analysis: { stepWeight: undefined, iterations: 0 } }, expected: ["error spec.analysis.iterations: must be at least 1"] },
  {
    name: "stepWeightPromotion above 100",
    overrides: { analysis: { stepWeightPromotion: 120 } },
    expected: ["error spec.analysis.stepWeightPromotion: must be between 0 and 100 (0 moves all traffic back to the primary at once)"],
  },
  { name: "ready threshold above 100", overrides: { analysis: { primaryReadyThreshold: 150 } }, expected: ["error spec.analysis.primaryReadyThreshold: must be a percentage between 0 and 100"] },
  {
    name: "interval below Flagger's minimum",
    overrides: { analysis: { interval: "5s" } },
    expected: ["warning spec.analysis.interval: 5s (raised to Flagger's minimum of 10s) is shorter than 30s: every step is a commit that the GitOps tool must apply before it is measured"],
  },
  { name: "interval of exactly 30s", overrides: { analysis: { interval: "30s" } }, expected: [] },
  {
    name: "mirror in A/B testing",
    overrides: { analysis: { stepWeight: undefined, iterations: 5, mirror: true, match: [{ headers: { x: { exact: "1" } } }] } },
    expected: ["error spec.analysis.mirror: has no effect in A/B testing (analysis.match with iterations); remove mirror or match"],
  },
  {
    name: "primary cookie with the v1beta1 router",
    overrides: { spec: { provider: "gatewayapi:v1beta1" }, analysis: { sessionAffinity: { cookieName: "c", primaryCookieName: "p" } } },
    expected: ["error spec.analysis.sessionAffinity.primaryCookieName: is not supported by the gatewayapi:v1beta1 router; use provider gatewayapi:v1"],
  },
  {
    name: "CORS with the v1beta1 router",
    overrides: { spec: { provider: "gatewayapi:v1beta1" }, service: { corsPolicy: { allowOrigin: ["https://a"] } } },
    expected: ["error spec.service.corsPolicy: is not supported by the gatewayapi:v1beta1 router; use provider gatewayapi:v1"],
  },
  {
    name: "analysis match on uri only",
    overrides: { analysis: { stepWeight: undefined, iterations: 5, match: [{ uri: { prefix: "/api" } }] } },
    expected: ["error spec.analysis.match[0].uri: is not used by the A/B route, which matches analysis conditions on headers and queryParams only; move it to service.match"],
  },
  {
    name: "empty analysis match",
    overrides: { analysis: { stepWeight: undefined, iterations: 5, match: [{}] } },
    expected: ["error spec.analysis.match[0]: has no headers or queryParams condition: it would send every request to the canary"],
  },
  {
    name: "Istio-only match condition",
    overrides: { analysis: { stepWeight: undefined, iterations: 5, match: [{ headers: { x: { exact: "1" } }, sourceLabels: { app: "web" } }] } },
    expected: ["error spec.analysis.match[0].sourceLabels: is not supported by the Gateway API router; remove it (Flagger ignores it silently, which widens the match)"],
  },
  {
    name: "query-param suffix",
    overrides: { service: { match: [{ queryParams: { "v.x": { suffix: "beta" } } }] } },
    expected: ["error spec.service.match[0].queryParams[\"v.x\"].suffix: the Gateway API has no suffix match for query parameters; use regex instead"],
  },
  {
    name: "builtin metric with a query",
    overrides: { analysis: { metrics: [{ name: "request-duration", query: "up", thresholdRange: { max: 500 } }] } },
    expected: ["error spec.analysis.metrics[0].query: is ignored for the builtin metric request-duration; give the metric another name to use this query"],
  },
  {
    name: "query and templateRef together",
    overrides: { analysis: { metrics: [{ name: "m", query: "up", templateRef: { name: "t" }, thresholdRange: { max: 1 } }] } },
    expected: ["error spec.analysis.metrics[0].query: cannot be combined with templateRef: Flagger would run both"],
  },
  {
    name: "metric without threshold",
    overrides: { analysis: { metrics: [{ name: "m", templateRef: { name: "t" } }, { name: "request-success-rate" }] } },
    expected: [
      "warning spec.analysis.metrics[0]: has no thresholdRange: Flagger fails the check whenever the value is above 0",
      "warning spec.analysis.metrics[1]: has no thresholdRange: the check never fails",
    ],
  },
  { name: "invalid hostname", overrides: { service: { hosts: ["WWW.example.com", "*.example.com"] } }, expected: ["error spec.service.hosts[0]: must be a lower-case DNS name, optionally starting with *."] },
  {
    name: "mirror backend Service without port",
    overrides: { service: { mirror: [{ backendRef: { name: "shadow" } }] } },
    expected: ["error spec.service.mirror[0].backendRef.port: is required for a Service backend"],
  },
  {
    name: "CORS origin by regex",
    overrides: { service: { corsPolicy: { allowOrigins: [{ exact: "https://a" }, { regex: ".*" }] } } },
    expected: ["error spec.service.corsPolicy.allowOrigins[1]: only exact origins can be expressed by the Gateway API CORS filter (Flagger drops the others)"],
  },
  {
    name: "backend timeout longer than the request timeout",
    overrides: { service: { timeout: "5s", backendTimeout: "10s" } },
    expected: ["error spec.service.backendTimeout: must not be longer than timeout (5s)"],
  },
  {
    name: "ReplacePrefixMatch with an exact service match",
    overrides: { service: { rewrite: { uri: "/v2", type: "ReplacePrefixMatch" }, match: [{ uri: { exact: "/v1" } }] } },
    expected: ["error spec.service.rewrite.type: ReplacePrefixMatch needs exactly one PathPrefix match in each HTTPRoute rule (Gateway API), but service.match[0] has no uri prefix"],
  },
  {
    name: "ReplacePrefixMatch with session affinity and no service match",
    overrides: { service: { rewrite: { uri: "/v2", type: "ReplacePrefixMatch" } }, analysis: { sessionAffinity: { cookieName: "c" } } },
    expected: [
      "error spec.service.rewrite.type: ReplacePrefixMatch needs exactly one PathPrefix match in each HTTPRoute rule (Gateway API), but the session-affinity rules match on the cookie alone; add one service.match with a uri prefix",
    ],
  },
  { name: "ReplacePrefixMatch with one prefix match", overrides: { service: { rewrite: { uri: "/v2", type: "ReplacePrefixMatch" }, match: [{ uri: { prefix: "/v1" } }] } }, expected: [] },
  { name: "webhook URL with another scheme", overrides: { analysis: { webhooks: [{ name: "w", url: "ftp://host/" }] } }, expected: ["error spec.analysis.webhooks[0].url: must be an absolute http or https URL"] },
];

describe("canaryFieldIssues", () => {
  it.each(ROWS)("$name", ({ overrides, expected }) => {
    expect(issues(overrides)).toEqual(expected);
  });
});
