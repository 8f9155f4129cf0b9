/**
 * The resolved Canary model: what the engine, the router and the analysis consume.
 *
 * The manifest schema (what users write, Flagger-compatible) lives beside this file and is
 * turned into this model by `resolveCanary`, which applies Flagger's defaults. Everything here
 * is already validated: no optional field means "unknown", only "not configured".
 */

/** A position in a source file, 1-based, as editors and `file:line:column` messages use. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type GatewayApiVersion = "v1" | "v1beta1";

export type Strategy =
  | "canary"
  | "ab-testing"
  | "blue-green"
  | "blue-green-mirroring"
  | "canary-session-affinity";

/** Istio-shaped string match, as Flagger accepts it in `service.match` and `analysis.match`. */
export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly regex?: string;
}

/** Istio-shaped `HTTPMatchRequest`; routing maps it to a Gateway API `HTTPRouteMatch`. */
export interface HttpMatchRequest {
  readonly name?: string;
  readonly uri?: StringMatch;
  readonly method?: StringMatch;
  readonly headers?: Readonly<Record<string, StringMatch>>;
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
  /** Fields Flagger's Gateway API router ignores; kept so validation can name them. */
  readonly ignored?: readonly string[];
}

export interface ParentReference {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

export interface HeaderOperations {
  /** Sorted by name, then value, so generated routes are deterministic (as Flagger does). */
  readonly add: readonly HeaderValue[];
  readonly set: readonly HeaderValue[];
  readonly remove: readonly string[];
}

export interface HeaderValue {
  readonly name: string;
  readonly value: string;
}

export interface UrlRewrite {
  readonly uri?: string;
  readonly authority?: string;
  readonly type: "ReplaceFullPath" | "ReplacePrefixMatch";
}

export interface MirrorBackend {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly port?: number;
}

export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number;
  readonly allowCredentials?: boolean;
}

export interface ObjectMetadata {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ResolvedService {
  /** `service.name` or the target's name: the apex Service and the HTTPRoute name. */
  readonly apex: string;
  readonly port: number;
  readonly portName: string;
  readonly targetPort: number | string;
  readonly appProtocol?: string;
  readonly gatewayRefs: readonly ParentReference[];
  readonly hosts: readonly string[];
  /** Empty means Flagger's default: one match `PathPrefix /`. */
  readonly match: readonly HttpMatchRequest[];
  readonly timeout?: string;
  readonly backendTimeout?: string;
  readonly rewrite?: UrlRewrite;
  readonly requestHeaders?: HeaderOperations;
  readonly responseHeaders?: HeaderOperations;
  readonly mirror: readonly MirrorBackend[];
  readonly cors?: CorsPolicy;
  readonly apexMetadata: ObjectMetadata;
  readonly primaryMetadata: ObjectMetadata;
  readonly canaryMetadata: ObjectMetadata;
  /** Service fields Flagger's Kubernetes router applies with every provider; unset when not configured. */
  readonly trafficDistribution?: "PreferClose" | "PreferSameZone" | "PreferSameNode";
  /** Also expose every other container port (except `istio-proxy`/`envoy` sidecars) on the Services. */
  readonly portDiscovery?: boolean;
  readonly headless?: boolean;
  /** Label and annotation keys left alone on the generated Services. */
  readonly unmanagedMetadata?: { readonly labels: readonly string[]; readonly annotations: readonly string[] };
}

export interface SessionAffinity {
  readonly cookieName: string;
  readonly primaryCookieName?: string;
  readonly maxAge: number;
  readonly domain?: string;
  readonly httpOnly?: boolean;
  readonly partitioned?: boolean;
  readonly path?: string;
  readonly sameSite?: "Strict" | "Lax" | "None";
  readonly secure?: boolean;
}

export type WebhookType =
  | "confirm-rollout"
  | "pre-rollout"
  | "rollout"
  | "confirm-traffic-increase"
  | "confirm-promotion"
  | "post-rollout"
  | "rollback"
  | "event";

export interface ResolvedWebhook {
  readonly name: string;
  /** Flagger treats an empty type as `rollout`; resolution already did that. */
  readonly type: WebhookType;
  readonly url: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly muteAlert: boolean;
  readonly disableTLS: boolean;
}

export interface ThresholdRange {
  readonly min?: number;
  readonly max?: number;
}

export interface TemplateRef {
  readonly name: string;
  readonly namespace: string;
}

export interface ResolvedMetric {
  readonly name: string;
  /** Query window, Flagger's per-metric `interval` (default 1m), as written (`1m`, `30s`). */
  readonly interval: string;
  readonly intervalSeconds: number;
  readonly thresholdRange?: ThresholdRange;
  /** Deprecated Flagger field; see core/analysis for how it is compared. */
  readonly threshold?: number;
  /** Deprecated inline PromQL, sent to the Canary's `metricsServer`. */
  readonly query?: string;
  readonly templateRef?: TemplateRef;
  readonly templateVariables: Readonly<Record<string, string>>;
}

export type Severity = "info" | "warn" | "error";

export interface ResolvedAlert {
  readonly name: string;
  /** Empty in the manifest defaults to `info` (Flagger's docs; its code never fires one). */
  readonly severity: Severity;
  readonly providerRef: { readonly name: string; readonly namespace: string };
}

export interface ResolvedAnalysis {
  readonly intervalSeconds: number;
  readonly threshold: number;
  readonly maxWeight: number;
  readonly stepWeight?: number;
  readonly stepWeights?: readonly number[];
  readonly stepWeightPromotion: number;
  readonly iterations?: number;
  readonly mirror: boolean;
  readonly mirrorWeight: number;
  readonly match: readonly HttpMatchRequest[];
  readonly sessionAffinity?: SessionAffinity;
  readonly primaryReadyThreshold: number;
  readonly canaryReadyThreshold: number;
  readonly metrics: readonly ResolvedMetric[];
  readonly webhooks: readonly ResolvedWebhook[];
  readonly alerts: readonly ResolvedAlert[];
}

export interface ResolvedAutoscalerRef {
  readonly apiVersion: string;
  readonly kind: "HorizontalPodAutoscaler";
  readonly name: string;
  readonly primaryScalerReplicas?: { readonly minReplicas?: number; readonly maxReplicas?: number };
}

export interface ResolvedCanary {
  readonly name: string;
  readonly namespace: string;
  /** Repository path of the file that defines the Canary. */
  readonly file: string;
  readonly location: SourceLocation;
  readonly gatewayApi: GatewayApiVersion;
  readonly strategy: Strategy;
  readonly targetRef: { readonly apiVersion: string; readonly kind: "Deployment"; readonly name: string };
  readonly autoscalerRef?: ResolvedAutoscalerRef;
  readonly service: ResolvedService;
  readonly analysis: ResolvedAnalysis;
  readonly skipAnalysis: boolean;
  readonly suspend: boolean;
  readonly progressDeadlineSeconds: number;
  readonly revertOnDeletion: boolean;
  readonly metricsServer?: string;
}

export type MetricProviderType =
  | "prometheus"
  | "datadog"
  | "cloudwatch"
  | "newrelic"
  | "graphite"
  | "stackdriver"
  | "influxdb"
  | "dynatrace"
  | "keptn"
  | "splunk"
  | "externalmetrics";

export interface ResolvedMetricTemplate {
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly location: SourceLocation;
  readonly provider: {
    readonly type: MetricProviderType;
    readonly address?: string;
    readonly headers: Readonly<Record<string, readonly string[]>>;
    readonly secretRef?: { readonly name: string };
    readonly insecureSkipVerify: boolean;
    readonly region?: string;
  };
  /** Go text/template source, as Flagger's. */
  readonly query: string;
}

export type AlertProviderType = "slack" | "msteams" | "discord" | "rocket" | "gchat";

export interface ResolvedAlertProvider {
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly location: SourceLocation;
  readonly type: AlertProviderType;
  readonly channel: string;
  readonly username: string;
  readonly address?: string;
  readonly proxy?: string;
  readonly secretRef?: { readonly name: string };
}
