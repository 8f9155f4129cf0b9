/**
 * The bot-owned copies of user objects, built as Flagger builds them (pkg/canary/deployment_controller.go,
 * config_tracker.go): `<target>-primary` with the selector label rewritten to `<value>-primary`,
 * `-primary` copies of Git-held ConfigMaps/Secrets and the references rewritten to them, and
 * `<hpa>-primary` scaling the primary.
 */
import type { SpecIssue } from "../errors.js";
import type { ResolvedCanary } from "../spec/model.js";
import { configRefs, rewriteConfigRefs } from "./config-refs.js";
import type { ConfigKind } from "./config-refs.js";
import { findObject, locationOf } from "./repo-index.js";
import type { LocatedObject, RepoIndex } from "./repo-index.js";

export const REVISION_ANNOTATION = "canary-bot.io/revision";

/** Flagger's default `-selector-labels`, in the order it tries them. */
export const SELECTOR_LABELS = ["app", "name", "app.kubernetes.io/name"] as const;

/** Secret types Flagger's config tracker copies; others (service-account tokens, …) are left alone. */
const TRACKED_SECRET_TYPES = new Set(["Opaque", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/tls"]);

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

export interface SelectorLabel {
  readonly key: string;
  readonly value: string;
}

export function selectorLabel(target: LocatedObject): SelectorLabel | SpecIssue {
  const matchLabels = obj(obj(obj(target.json.spec)?.selector)?.matchLabels) ?? {};
  for (const key of SELECTOR_LABELS) {
    const value = matchLabels[key];
    if (typeof value === "string" && value !== "") return { key, value };
  }
  return {
    location: locationOf(target),
    field: "spec.selector.matchLabels",
    message: `Deployment ${target.name} needs one of the selector labels ${SELECTOR_LABELS.join(", ")} (as Flagger does) so the primary and canary pods can be told apart`,
    severity: "error",
  };
}

export interface TrackedConfig {
  readonly kind: ConfigKind;
  readonly name: string;
  readonly object: LocatedObject;
}

function isTracked(o: LocatedObject): boolean {
  const annotations = obj(obj(o.json.metadata)?.annotations) ?? {};
  if (annotations["flagger.app/config-tracking"] === "disabled") return false;
  // Encrypted Secrets (SOPS) cannot be copied under another name without re-encryption.
  if (o.json.sops !== undefined) return false;
  if (o.kind === "Secret") {
    const type = typeof o.json.type === "string" ? o.json.type : "Opaque";
    return TRACKED_SECRET_TYPES.has(type);
  }
  return true;
}

/** The target's ConfigMaps/Secrets that live in Git and are tracked; others stay shared. */
export function trackedConfigs(canary: ResolvedCanary, index: RepoIndex, target: LocatedObject, generatedPath: string): TrackedConfig[] {
  const podSpec = obj(obj(obj(target.json.spec)?.template)?.spec);
  const out: TrackedConfig[] = [];
  for (const ref of configRefs(podSpec)) {
    const found = findObject(index, { kind: ref.kind, name: ref.name, namespace: canary.namespace, group: "", nearPath: target.file.path, exclude: generatedPath });
    if ("object" in found && isTracked(found.object)) out.push({ kind: ref.kind, name: ref.name, object: found.object });
  }
  return out;
}

function primaryLabels(labels: unknown, label: SelectorLabel): Json {
  const out: Json = { ...(obj(labels) ?? {}) };
  out[label.key] = `${label.value}-primary`;
  return out;
}

function withoutKeys(record: Json | undefined, drop: (key: string) => boolean): Json | undefined {
  if (record === undefined) return undefined;
  const out: Json = {};
  for (const [k, v] of Object.entries(record)) if (!drop(k)) out[k] = v;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Annotations that belong to the object applied, not to a copy of it. */
function isOwnAnnotation(key: string): boolean {
  return key === "kubectl.kubernetes.io/last-applied-configuration" || key.startsWith("kustomize.toolkit.fluxcd.io/") || key === REVISION_ANNOTATION;
}

export function primaryName(name: string): string {
  return `${name}-primary`;
}

/**
 * The primary Deployment. Replicas: the target's (when set and above 0), but never with an
 * autoscaler, whose primary HPA owns the count (a count in Git would make Flux undo every
 * scaling decision). `keepReplicas` carries the current primary's count across promotions.
 */
export function primaryDeployment(
  canary: ResolvedCanary,
  target: LocatedObject,
  label: SelectorLabel,
  configs: readonly TrackedConfig[],
  revision: string,
  keepReplicas?: number,
): Json {
  const source = clone(target.json);
  const meta = obj(source.metadata) ?? {};
  const spec = obj(source.spec) ?? {};
  const template = obj(spec.template) ?? {};
  const templateMeta = obj(template.metadata) ?? {};
  const podSpec = obj(template.spec) ?? {};
  const tracked = new Set(configs.map((c) => `${c.kind}/${c.name}`));
  rewriteConfigRefs(podSpec, (kind, name) => (tracked.has(`${kind}/${name}`) ? primaryName(name) : undefined));

  const annotations = { ...(withoutKeys(obj(meta.annotations), isOwnAnnotation) ?? {}), [REVISION_ANNOTATION]: revision };
  const metadata: Json = {
    name: primaryName(canary.targetRef.name),
    namespace: canary.namespace,
    ...(obj(meta.labels) === undefined ? {} : { labels: primaryLabels(meta.labels, label) }),
    annotations,
  };
  const targetReplicas = typeof spec.replicas === "number" && spec.replicas > 0 ? spec.replicas : undefined;
  const replicas = canary.autoscalerRef === undefined ? (keepReplicas ?? targetReplicas) : undefined;
  const newSpec: Json = {};
  if (replicas !== undefined) newSpec.replicas = replicas;
  for (const [k, v] of Object.entries(spec)) {
    if (k === "replicas") continue;
    if (k === "selector") {
      const selector = obj(v) ?? {};
      newSpec.selector = { ...selector, matchLabels: primaryLabels(selector.matchLabels, label) };
    } else if (k === "template") {
      newSpec.template = { ...template, metadata: { ...templateMeta, labels: primaryLabels(templateMeta.labels, label) }, spec: podSpec };
    } else {
      newSpec[k] = v;
    }
  }
  return { apiVersion: source.apiVersion, kind: "Deployment", metadata, spec: newSpec };
}

export function primaryConfig(canary: ResolvedCanary, config: TrackedConfig): Json {
  const source = clone(config.object.json);
  const meta = obj(source.metadata) ?? {};
  const out: Json = {
    apiVersion: source.apiVersion,
    kind: config.kind,
    metadata: {
      name: primaryName(config.name),
      namespace: canary.namespace,
      ...(obj(meta.labels) === undefined ? {} : { labels: meta.labels }),
      ...(withoutKeys(obj(meta.annotations), isOwnAnnotation) === undefined ? {} : { annotations: withoutKeys(obj(meta.annotations), isOwnAnnotation) }),
    },
  };
  for (const [k, v] of Object.entries(source)) {
    if (k !== "apiVersion" && k !== "kind" && k !== "metadata" && k !== "status") out[k] = v;
  }
  return out;
}

export function primaryHpa(canary: ResolvedCanary, hpa: LocatedObject): Json {
  const source = clone(hpa.json);
  const meta = obj(source.metadata) ?? {};
  const spec = { ...(obj(source.spec) ?? {}) };
  const scaleTargetRef = obj(spec.scaleTargetRef) ?? {};
  spec.scaleTargetRef = { ...scaleTargetRef, name: primaryName(canary.targetRef.name) };
  const override = canary.autoscalerRef?.primaryScalerReplicas;
  if (override?.minReplicas !== undefined) spec.minReplicas = override.minReplicas;
  if (override?.maxReplicas !== undefined) spec.maxReplicas = override.maxReplicas;
  const annotations = withoutKeys(obj(meta.annotations), isOwnAnnotation);
  return {
    apiVersion: source.apiVersion,
    kind: "HorizontalPodAutoscaler",
    metadata: {
      name: primaryName(hpa.name),
      namespace: canary.namespace,
      ...(obj(meta.labels) === undefined ? {} : { labels: meta.labels }),
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec,
  };
}
