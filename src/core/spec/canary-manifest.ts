/**
 * The Canary as users write it (`flagger.app/v1beta1`, kind `Canary`), field for field as
 * Flagger's CRD and Go types define it. Fields of other routers are accepted here so that
 * `unsupportedCanaryFields` can say precisely why they do not apply; defaults are applied by
 * `resolveCanary`, cross-field rules live in `validateCanary`.
 */
import * as z from "zod";
import {
  flaggerDuration,
  gatewayDuration,
  goDuration,
  httpMatchSchema,
  objectMetaSchema,
  stringMap,
  stringMatchSchema,
} from "./manifest-common.js";
import { describeValue } from "./zod-issues.js";

const port = z.int().min(1).max(65535);

const targetRefSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.enum(["Deployment", "DaemonSet", "Service"]),
  name: z.string().min(1),
});

const autoscalerRefSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.enum(["HorizontalPodAutoscaler", "ScaledObject"]),
  name: z.string().min(1),
  primaryScalerQueries: stringMap.optional().describe("KEDA ScaledObject only"),
  primaryScalerReplicas: z
    .strictObject({ minReplicas: z.int().min(1).optional(), maxReplicas: z.int().min(1).optional() })
    .optional(),
});

const otherRouterRefSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

const parentRefSchema = z.strictObject({
  group: z.string().optional().describe("default gateway.networking.k8s.io"),
  kind: z.string().optional().describe("default Gateway"),
  namespace: z.string().optional(),
  name: z.string().min(1),
  sectionName: z.string().optional(),
  port: port.optional(),
});

const headerOperationsSchema = z.strictObject({
  add: stringMap.optional(),
  set: stringMap.optional(),
  remove: z.array(z.string()).optional(),
});

const serviceMetadataSchema = z.strictObject({
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const mirrorSchema = z.strictObject({
  backendRef: z.strictObject({
    group: z.string().optional().describe('default ""'),
    kind: z.string().optional().describe("default Service"),
    name: z.string().min(1),
    namespace: z.string().optional(),
    port: port.optional(),
  }),
});

const corsPolicySchema = z.strictObject({
  allowOrigin: z.array(z.string()).optional(),
  allowOrigins: z.array(stringMatchSchema).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowHeaders: z.array(z.string()).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: goDuration.optional(),
  allowCredentials: z.boolean().optional(),
});

const serviceSchema = z.strictObject({
  name: z.string().min(1).optional().describe("apex Service and HTTPRoute name; default targetRef.name"),
  port: port.describe("Service port, routed by the HTTPRoute"),
  portName: z.string().optional().describe("default http"),
  targetPort: z.union([z.int(), z.string()], { error: "must be a port number or a port name" }).optional(),
  appProtocol: z.string().optional(),
  trafficDistribution: z.enum(["PreferClose", "PreferSameZone", "PreferSameNode"]).optional(),
  portDiscovery: z.boolean().optional(),
  headless: z.boolean().optional(),
  timeout: gatewayDuration.optional().describe("HTTPRoute rule timeouts.request"),
  backendTimeout: gatewayDuration.optional().describe("HTTPRoute rule timeouts.backendRequest"),
  gatewayRefs: z.array(parentRefSchema).max(32).optional().describe("HTTPRoute parentRefs; required"),
  hosts: z.array(z.string()).optional().describe("HTTPRoute hostnames"),
  match: z.array(httpMatchSchema).optional(),
  rewrite: z
    .strictObject({
      uri: z.string().optional(),
      authority: z.string().optional(),
      type: z.enum(["ReplaceFullPath", "ReplacePrefixMatch"]).optional(),
    })
    .optional(),
  headers: z.strictObject({ request: headerOperationsSchema.optional(), response: headerOperationsSchema.optional() }).optional(),
  mirror: z.array(mirrorSchema).optional(),
  corsPolicy: corsPolicySchema.optional(),
  apex: serviceMetadataSchema.optional().describe("metadata of the apex Service and the HTTPRoute"),
  primary: serviceMetadataSchema.optional(),
  canary: serviceMetadataSchema.optional(),
  unmanagedMetadata: z
    .strictObject({ annotations: z.array(z.string()).optional(), labels: z.array(z.string()).optional() })
    .optional(),
  gateways: z.array(z.string()).optional().describe("Istio only"),
  delegation: z.boolean().optional().describe("Istio only"),
  trafficPolicy: z.record(z.string(), z.unknown()).optional().describe("Istio only"),
  retries: z
    .strictObject({ attempts: z.int().optional(), perTryTimeout: z.string().optional(), retryOn: z.string().optional() })
    .optional()
    .describe("Istio only"),
  meshName: z.string().optional().describe("App Mesh only"),
  backends: z.array(z.string()).optional().describe("App Mesh only"),
});

const metricSchema = z.strictObject({
  name: z.string().min(1),
  interval: flaggerDuration.optional().describe("query window; default 1m"),
  thresholdRange: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  threshold: z.number().optional().describe("deprecated: use thresholdRange"),
  query: z.string().optional().describe("deprecated inline PromQL, sent to spec.metricsServer"),
  templateRef: z
    .strictObject({
      name: z.string().min(1),
      namespace: z.string().optional().describe("default: the Canary's namespace"),
      apiVersion: z.string().optional(),
      kind: z.string().optional(),
    })
    .optional(),
  templateVariables: stringMap.optional(),
});

export const WEBHOOK_TYPES = [
  "",
  "confirm-rollout",
  "pre-rollout",
  "rollout",
  "confirm-traffic-increase",
  "confirm-promotion",
  "post-rollout",
  "rollback",
  "event",
] as const;

/** An enum whose message leaves out the empty value Flagger also accepts (it means the default). */
function enumWithDefault<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  const named = values.filter((v) => v !== "");
  const list = `${named.slice(0, -1).join(", ")} or ${named[named.length - 1] ?? ""}`;
  return z.enum(values, { error: (issue) => `must be ${list} (empty means ${what}), got ${describeValue(issue.input)}` });
}

const webhookSchema = z.strictObject({
  name: z.string().min(1),
  type: enumWithDefault(WEBHOOK_TYPES, "rollout").optional().describe("empty means rollout"),
  url: z.string().min(1),
  timeout: flaggerDuration.optional().describe("default 10s"),
  retries: z.int().min(0).optional(),
  metadata: stringMap.optional(),
  muteAlert: z.boolean().optional(),
  disableTLS: z.boolean().optional(),
});

const alertSchema = z.strictObject({
  name: z.string().min(1),
  severity: enumWithDefault(["", "info", "warn", "error"], "info").optional().describe("default info"),
  providerRef: z.strictObject({ name: z.string().min(1), namespace: z.string().optional() }),
});

const sessionAffinitySchema = z.strictObject({
  cookieName: z
    .string()
    .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, { error: "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)" }),
  primaryCookieName: z
    .string()
    .regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/, { error: "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)" })
    .optional(),
  maxAge: z.int().min(0).optional().describe("seconds; default 86400"),
  domain: z.string().optional(),
  httpOnly: z.boolean().optional(),
  partitioned: z.boolean().optional(),
  path: z.string().optional(),
  sameSite: z.enum(["Strict", "Lax", "None"]).optional(),
  secure: z.boolean().optional(),
});

export const analysisSchema = z.strictObject({
  interval: flaggerDuration.optional().describe("tick period; default 60s, at least 10s"),
  threshold: z.int().optional().describe("failed checks before rollback; default 1"),
  maxWeight: z.int().optional().describe("default 100"),
  stepWeight: z.int().optional(),
  stepWeights: z.array(z.int()).optional(),
  stepWeightPromotion: z.int().optional(),
  iterations: z.int().optional(),
  mirror: z.boolean().optional(),
  mirrorWeight: z.int().optional().describe("Istio only"),
  primaryReadyThreshold: z.int().optional().describe("percent; default 100"),
  canaryReadyThreshold: z.int().optional().describe("percent; default 100"),
  match: z.array(httpMatchSchema).optional(),
  sessionAffinity: sessionAffinitySchema.optional(),
  metrics: z.array(metricSchema).optional(),
  webhooks: z.array(webhookSchema).optional(),
  alerts: z.array(alertSchema).optional(),
});

export const CANARY_PROVIDERS = ["gatewayapi:v1", "gatewayapi:v1beta1"] as const;

const canarySpecSchema = z.strictObject({
  provider: z.enum(CANARY_PROVIDERS).optional().describe("default gatewayapi:v1"),
  metricsServer: z.string().optional().describe("Prometheus for builtin and inline-query metrics"),
  targetRef: targetRefSchema,
  autoscalerRef: autoscalerRefSchema.optional(),
  ingressRef: otherRouterRefSchema.optional().describe("NGINX only"),
  routeRef: otherRouterRefSchema.optional().describe("APISIX only"),
  upstreamRef: otherRouterRefSchema.optional().describe("Gloo only"),
  service: serviceSchema,
  analysis: analysisSchema,
  canaryAnalysis: z.record(z.string(), z.unknown()).optional().describe("deprecated alias of analysis"),
  progressDeadlineSeconds: z.int().min(0).optional().describe("default 600"),
  skipAnalysis: z.boolean().optional(),
  revertOnDeletion: z.boolean().optional(),
  suspend: z.boolean().optional(),
});

export const canaryManifestSchema = z
  .strictObject({
    apiVersion: z.literal("flagger.app/v1beta1"),
    kind: z.literal("Canary"),
    metadata: objectMetaSchema,
    spec: canarySpecSchema,
    status: z.unknown().optional(),
  })
  .meta({
    title: "Canary",
    description: "Flagger-compatible Canary (flagger.app/v1beta1) as canary-bot reads it from Git, with the Gateway API router.",
  });

export type CanaryManifest = z.infer<typeof canaryManifestSchema>;
export type CanarySpecManifest = CanaryManifest["spec"];
export type AnalysisManifest = z.infer<typeof analysisSchema>;
