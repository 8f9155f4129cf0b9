/**
 * A schema-valid Canary manifest → the resolved model, with Flagger's defaults
 * (pkg/apis/flagger/v1beta1/canary.go getters). Pure mapping: rules that can fail live in
 * `validateCanary`.
 */
import type { AnalysisManifest, CanaryManifest, CanarySpecManifest } from "./canary-manifest.js";
import { parseGoDuration } from "./duration.js";
import type {
  CorsPolicy,
  GatewayApiVersion,
  HeaderOperations,
  HeaderValue,
  MirrorBackend,
  ObjectMetadata,
  ParentReference,
  ResolvedAlert,
  ResolvedAnalysis,
  ResolvedCanary,
  ResolvedMetric,
  ResolvedService,
  ResolvedWebhook,
  SessionAffinity,
  Severity,
  SourceLocation,
  WebhookType,
} from "./model.js";
import { optionalField } from "./optional-field.js";
import { resolveMatch } from "./resolve-match.js";
import { strategyOf } from "./strategy.js";

export interface CanaryContext {
  readonly file: string;
  readonly location: SourceLocation;
  /** `metadata.namespace`, else the one the repository's kustomization gives it. */
  readonly namespace: string;
}

export const DEFAULT_INTERVAL_SECONDS = 60;
export const MIN_INTERVAL_SECONDS = 10;
export const DEFAULT_METRIC_INTERVAL = "1m";
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 86_400;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

type ServiceManifest = CanarySpecManifest["service"];
type HeaderOperationsManifest = NonNullable<NonNullable<ServiceManifest["headers"]>["request"]>;

function seconds(duration: string | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const ms = parseGoDuration(duration);
  return ms === undefined ? undefined : ms / 1000;
}

/** Flagger: default 60s, unparsable → 60s, below 10s raised to 10s. */
function intervalSeconds(interval: string | undefined): number {
  const value = seconds(interval) ?? DEFAULT_INTERVAL_SECONDS;
  return Math.max(MIN_INTERVAL_SECONDS, value);
}

function headerValues(entries: Readonly<Record<string, string>> | undefined): HeaderValue[] {
  return Object.entries(entries ?? {})
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => (a.name === b.name ? compare(a.value, b.value) : compare(a.name, b.name)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerOperations(ops: HeaderOperationsManifest | undefined): HeaderOperations | undefined {
  if (ops === undefined) return undefined;
  return { add: headerValues(ops.add), set: headerValues(ops.set), remove: ops.remove ?? [] };
}

function metadata(m: { readonly labels?: Record<string, string> | undefined; readonly annotations?: Record<string, string> | undefined } | undefined): ObjectMetadata {
  return { labels: m?.labels ?? {}, annotations: m?.annotations ?? {} };
}

function parentRef(ref: NonNullable<ServiceManifest["gatewayRefs"]>[number]): ParentReference {
  return {
    group: ref.group ?? "gateway.networking.k8s.io",
    kind: ref.kind ?? "Gateway",
    ...optionalField("namespace", ref.namespace),
    name: ref.name,
    ...optionalField("sectionName", ref.sectionName),
    ...optionalField("port", ref.port),
  };
}

function mirrorBackend(m: NonNullable<ServiceManifest["mirror"]>[number]): MirrorBackend {
  const ref = m.backendRef;
  return {
    group: ref.group ?? "",
    kind: ref.kind ?? "Service",
    ...optionalField("namespace", ref.namespace),
    name: ref.name,
    ...optionalField("port", ref.port),
  };
}

/**
 * Flagger copies `allowOrigin` and drops `allowOrigins` (string matches) with a log line; we
 * keep the exact ones too, and validation rejects prefix/regex origins instead of dropping them.
 */
function corsPolicy(cors: ServiceManifest["corsPolicy"]): CorsPolicy | undefined {
  if (cors === undefined) return undefined;
  const exactOrigins = (cors.allowOrigins ?? []).flatMap((m) => (m.exact === undefined ? [] : [m.exact]));
  const maxAge = seconds(cors.maxAge);
  return {
    allowOrigins: [...(cors.allowOrigin ?? []), ...exactOrigins],
    allowMethods: cors.allowMethods ?? [],
    allowHeaders: cors.allowHeaders ?? [],
    exposeHeaders: cors.exposeHeaders ?? [],
    ...optionalField("maxAgeSeconds", maxAge === undefined ? undefined : Math.floor(maxAge)),
    ...optionalField("allowCredentials", cors.allowCredentials),
  };
}

function resolveService(service: ServiceManifest, targetName: string): ResolvedService {
  const unmanaged = service.unmanagedMetadata;
  return {
    apex: service.name ?? targetName,
    port: service.port,
    portName: service.portName ?? "http",
    targetPort: service.targetPort ?? service.port,
    ...optionalField("appProtocol", service.appProtocol),
    gatewayRefs: (service.gatewayRefs ?? []).map(parentRef),
    hosts: service.hosts ?? [],
    match: (service.match ?? []).map(resolveMatch),
    ...optionalField("timeout", service.timeout),
    ...optionalField("backendTimeout", service.backendTimeout),
    ...optionalField(
      "rewrite",
      service.rewrite === undefined
        ? undefined
        : {
            ...optionalField("uri", service.rewrite.uri),
            ...optionalField("authority", service.rewrite.authority),
            type: service.rewrite.type ?? "ReplaceFullPath",
          },
    ),
    ...optionalField("requestHeaders", headerOperations(service.headers?.request)),
    ...optionalField("responseHeaders", headerOperations(service.headers?.response)),
    mirror: (service.mirror ?? []).map(mirrorBackend),
    ...optionalField("cors", corsPolicy(service.corsPolicy)),
    apexMetadata: metadata(service.apex),
    primaryMetadata: metadata(service.primary),
    canaryMetadata: metadata(service.canary),
    ...optionalField("trafficDistribution", service.trafficDistribution),
    ...optionalField("portDiscovery", service.portDiscovery),
    ...optionalField("headless", service.headless),
    ...optionalField(
      "unmanagedMetadata",
      unmanaged === undefined ? undefined : { labels: unmanaged.labels ?? [], annotations: unmanaged.annotations ?? [] },
    ),
  };
}

function resolveMetric(metric: NonNullable<AnalysisManifest["metrics"]>[number], namespace: string): ResolvedMetric {
  const interval = metric.interval ?? DEFAULT_METRIC_INTERVAL;
  const range = metric.thresholdRange;
  return {
    name: metric.name,
    interval,
    intervalSeconds: seconds(interval) ?? 60,
    ...optionalField(
      "thresholdRange",
      range === undefined ? undefined : { ...optionalField("min", range.min), ...optionalField("max", range.max) },
    ),
    ...optionalField("threshold", metric.threshold),
    ...optionalField("query", metric.query),
    ...optionalField(
      "templateRef",
      metric.templateRef === undefined ? undefined : { name: metric.templateRef.name, namespace: metric.templateRef.namespace ?? namespace },
    ),
    templateVariables: metric.templateVariables ?? {},
  };
}

function resolveWebhook(hook: NonNullable<AnalysisManifest["webhooks"]>[number]): ResolvedWebhook {
  const type: WebhookType = hook.type === undefined || hook.type === "" ? "rollout" : hook.type;
  return {
    name: hook.name,
    type,
    url: hook.url,
    timeoutMs: parseGoDuration(hook.timeout ?? "") ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    retries: hook.retries ?? 0,
    metadata: hook.metadata ?? {},
    muteAlert: hook.muteAlert ?? false,
    disableTLS: hook.disableTLS ?? false,
  };
}

/**
 * An empty severity means `info`, as Flagger's docs say. Flagger's code only matches the literal
 * `info`, so there such an alert never fires; here it receives every alert, as documented.
 */
function resolveAlert(alert: NonNullable<AnalysisManifest["alerts"]>[number], namespace: string): ResolvedAlert {
  const severity: Severity = alert.severity === undefined || alert.severity === "" ? "info" : alert.severity;
  return {
    name: alert.name,
    severity,
    providerRef: { name: alert.providerRef.name, namespace: alert.providerRef.namespace ?? namespace },
  };
}

function resolveSessionAffinity(sa: AnalysisManifest["sessionAffinity"]): SessionAffinity | undefined {
  if (sa === undefined) return undefined;
  return {
    cookieName: sa.cookieName,
    ...optionalField("primaryCookieName", sa.primaryCookieName),
    maxAge: sa.maxAge === undefined || sa.maxAge <= 0 ? DEFAULT_SESSION_MAX_AGE_SECONDS : sa.maxAge,
    ...optionalField("domain", sa.domain),
    ...optionalField("httpOnly", sa.httpOnly),
    ...optionalField("partitioned", sa.partitioned),
    ...optionalField("path", sa.path),
    ...optionalField("sameSite", sa.sameSite),
    ...optionalField("secure", sa.secure),
  };
}

/** Flagger's `GetMaxWeight`: the last of `stepWeights` (at most 100), else `maxWeight`, else 100. */
function maxWeightOf(analysis: AnalysisManifest): number {
  const steps = analysis.stepWeights ?? [];
  const last = steps[steps.length - 1];
  if (last !== undefined) return Math.min(100, last);
  return analysis.maxWeight === undefined || analysis.maxWeight <= 0 ? 100 : analysis.maxWeight;
}

function resolveAnalysis(analysis: AnalysisManifest, namespace: string): ResolvedAnalysis {
  const match = (analysis.match ?? []).map(resolveMatch);
  const sessionAffinity = resolveSessionAffinity(analysis.sessionAffinity);
  return {
    intervalSeconds: intervalSeconds(analysis.interval),
    threshold: analysis.threshold === undefined || analysis.threshold <= 0 ? 1 : analysis.threshold,
    maxWeight: maxWeightOf(analysis),
    ...optionalField("stepWeight", analysis.stepWeight),
    ...optionalField("stepWeights", analysis.stepWeights),
    stepWeightPromotion: analysis.stepWeightPromotion ?? 0,
    ...optionalField("iterations", analysis.iterations),
    mirror: analysis.mirror ?? false,
    mirrorWeight: analysis.mirrorWeight ?? 100,
    match,
    ...optionalField("sessionAffinity", sessionAffinity),
    primaryReadyThreshold: analysis.primaryReadyThreshold ?? 100,
    canaryReadyThreshold: analysis.canaryReadyThreshold ?? 100,
    metrics: (analysis.metrics ?? []).map((m) => resolveMetric(m, namespace)),
    webhooks: (analysis.webhooks ?? []).map(resolveWebhook),
    alerts: (analysis.alerts ?? []).map((a) => resolveAlert(a, namespace)),
  };
}

/**
 * Flagger takes the router from the controller flag when `provider` is missing; canary-bot has
 * only the Gateway API router, so a missing provider means `gatewayapi:v1`.
 */
export function gatewayApiVersionOf(provider: CanarySpecManifest["provider"]): GatewayApiVersion {
  return provider === "gatewayapi:v1beta1" ? "v1beta1" : "v1";
}

export function resolveCanary(manifest: CanaryManifest, context: CanaryContext): ResolvedCanary {
  const spec = manifest.spec;
  const analysis = resolveAnalysis(spec.analysis, context.namespace);
  const autoscaler = spec.autoscalerRef;
  return {
    name: manifest.metadata.name,
    namespace: context.namespace,
    file: context.file,
    location: context.location,
    gatewayApi: gatewayApiVersionOf(spec.provider),
    strategy: strategyOf(analysis),
    targetRef: { apiVersion: spec.targetRef.apiVersion, kind: "Deployment", name: spec.targetRef.name },
    ...optionalField(
      "autoscalerRef",
      autoscaler === undefined
        ? undefined
        : {
            apiVersion: autoscaler.apiVersion,
            kind: "HorizontalPodAutoscaler" as const,
            name: autoscaler.name,
            ...optionalField(
              "primaryScalerReplicas",
              autoscaler.primaryScalerReplicas === undefined
                ? undefined
                : {
                    ...optionalField("minReplicas", autoscaler.primaryScalerReplicas.minReplicas),
                    ...optionalField("maxReplicas", autoscaler.primaryScalerReplicas.maxReplicas),
                  },
            ),
          },
    ),
    service: resolveService(spec.service, spec.targetRef.name),
    analysis,
    skipAnalysis: spec.skipAnalysis ?? false,
    suspend: spec.suspend ?? false,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
    revertOnDeletion: spec.revertOnDeletion ?? false,
    ...optionalField("metricsServer", spec.metricsServer),
  };
}
