/**
 * Fields Flagger accepts that mean nothing (or something different) with the Gateway API router.
 * Checked on the raw document, before the schema, so each gets its own precise issue instead of
 * a generic parse error, even when other parts of the document are broken.
 *
 * Severity follows what happens if we carry on: a field whose loss changes where traffic goes
 * (Istio gateways, a partial mirror weight, another router) is an error; one that only tunes a
 * mesh feature the Gateway API router never used (trafficPolicy, retries) is a warning.
 */
import type { FieldPath } from "./field-path.js";
import type { FieldIssue } from "./field-issue.js";
import { METRIC_PROVIDER_TYPES, SUPPORTED_METRIC_PROVIDER_TYPES } from "./metric-template-manifest.js";
import { valueAt } from "./field-path.js";

const FLAGGER_PROVIDERS: readonly string[] = [
  "apisix",
  "appmesh",
  "appmesh:v1beta2",
  "contour",
  "gloo",
  "istio",
  "knative",
  "kubernetes",
  "kuma",
  "linkerd",
  "nginx",
  "osm",
  "skipper",
  "smi:v1alpha1",
  "smi:v1alpha2",
  "smi:v1alpha3",
  "traefik",
];

const USE_GATEWAY_API = "use gatewayapi:v1 or gatewayapi:v1beta1";

interface Rule {
  readonly path: FieldPath;
  readonly check: (value: unknown, root: unknown) => Omit<FieldIssue, "path"> | undefined;
}

function otherRouter(router: string, severity: "error" | "warning", hint?: string): Rule["check"] {
  const suffix = hint ?? (severity === "warning" ? "; ignored" : "");
  return () => ({ severity, message: `not supported by the Gateway API router (${router} only)${suffix}` });
}

function providerIssue(value: unknown): Omit<FieldIssue, "path"> | undefined {
  if (typeof value !== "string" || value === "gatewayapi:v1" || value === "gatewayapi:v1beta1") return undefined;
  if (value === "gatewayapi") {
    return { severity: "error", message: `gatewayapi needs an API version (Flagger would fall back to Istio); ${USE_GATEWAY_API}` };
  }
  if (FLAGGER_PROVIDERS.includes(value)) {
    return { severity: "error", message: `${value} is not supported: canary-bot routes traffic with the Gateway API only; ${USE_GATEWAY_API}` };
  }
  return { severity: "error", message: `unknown provider ${JSON.stringify(value)}; ${USE_GATEWAY_API}` };
}

const CANARY_RULES: readonly Rule[] = [
  { path: ["spec", "provider"], check: providerIssue },
  {
    path: ["spec", "targetRef", "kind"],
    check: (kind) =>
      kind === "DaemonSet" || kind === "Service"
        ? { severity: "error", message: `${kind} targets are not supported yet; canary-bot supports Deployment` }
        : undefined,
  },
  {
    path: ["spec", "autoscalerRef", "kind"],
    check: (kind) =>
      kind === "ScaledObject"
        ? { severity: "error", message: "ScaledObject is not supported yet; canary-bot supports HorizontalPodAutoscaler" }
        : undefined,
  },
  {
    path: ["spec", "autoscalerRef", "primaryScalerQueries"],
    check: (_value, root) =>
      valueAt(root, ["spec", "autoscalerRef", "kind"]) === "ScaledObject"
        ? undefined
        : { severity: "warning", message: "used by KEDA ScaledObjects only; ignored for a HorizontalPodAutoscaler" },
  },
  { path: ["spec", "ingressRef"], check: otherRouter("NGINX", "warning") },
  { path: ["spec", "routeRef"], check: otherRouter("APISIX", "warning") },
  { path: ["spec", "upstreamRef"], check: otherRouter("Gloo", "warning") },
  {
    path: ["spec", "canaryAnalysis"],
    check: (_value, root) =>
      valueAt(root, ["spec", "analysis"]) === undefined
        ? { severity: "error", message: "deprecated alias of analysis, which Flagger's CRD requires; rename it to analysis" }
        : { severity: "warning", message: "deprecated alias of analysis; ignored because analysis is set" },
  },
  { path: ["spec", "service", "gateways"], check: otherRouter("Istio", "error", "; attach the route with gatewayRefs") },
  {
    path: ["spec", "service", "delegation"],
    check: (value) => otherRouter("Istio", value === true ? "error" : "warning")(value, undefined),
  },
  { path: ["spec", "service", "trafficPolicy"], check: otherRouter("Istio", "warning") },
  { path: ["spec", "service", "retries"], check: otherRouter("Istio", "warning") },
  { path: ["spec", "service", "meshName"], check: otherRouter("App Mesh", "warning") },
  { path: ["spec", "service", "backends"], check: otherRouter("App Mesh", "warning") },
  {
    path: ["spec", "analysis", "mirrorWeight"],
    check: (value) =>
      value === 100
        ? { severity: "warning", message: "not supported by the Gateway API router (Istio only); ignored (the Gateway API mirrors every request)" }
        : { severity: "error", message: "not supported by the Gateway API router (Istio only): it mirrors every request; remove mirrorWeight" },
  },
];

function runRules(rules: readonly Rule[], root: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const rule of rules) {
    const value = valueAt(root, rule.path);
    if (value === undefined) continue;
    const found = rule.check(value, root);
    if (found !== undefined) issues.push({ path: rule.path, ...found });
  }
  return issues;
}

export function unsupportedCanaryFields(root: unknown): FieldIssue[] {
  return runRules(CANARY_RULES, root);
}

const METRIC_TEMPLATE_RULES: readonly Rule[] = [
  {
    path: ["spec", "provider", "type"],
    check: (type) => {
      if (typeof type !== "string" || SUPPORTED_METRIC_PROVIDER_TYPES.some((t) => t === type)) return undefined;
      if (METRIC_PROVIDER_TYPES.some((t) => t === type)) return { severity: "error", message: `provider ${type} is not supported yet` };
      return { severity: "error", message: `unknown provider ${JSON.stringify(type)}; canary-bot supports ${SUPPORTED_METRIC_PROVIDER_TYPES.join(", ")}` };
    },
  },
];

export function unsupportedMetricTemplateFields(root: unknown): FieldIssue[] {
  return runRules(METRIC_TEMPLATE_RULES, root);
}
