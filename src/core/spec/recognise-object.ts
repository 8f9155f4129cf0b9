/** Which documents of a repository canary-bot reads, by apiVersion and kind. Others are ignored. */
import type { FieldIssue } from "./field-issue.js";
import type { ObjectKind } from "./repository-index.js";
import type { YamlDocument } from "./yaml-documents.js";

export const FLAGGER_API_VERSION = "flagger.app/v1beta1";
export const KUSTOMIZE_API_VERSION = "kustomize.config.k8s.io/v1beta1";
const KUSTOMIZATION_FILES: readonly string[] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

const KINDS: readonly { readonly apiVersions: readonly string[]; readonly kind: ObjectKind }[] = [
  { apiVersions: ["apps/v1"], kind: "Deployment" },
  { apiVersions: ["autoscaling/v2", "autoscaling/v2beta2"], kind: "HorizontalPodAutoscaler" },
  { apiVersions: ["v1"], kind: "ConfigMap" },
  { apiVersions: ["v1"], kind: "Secret" },
  { apiVersions: ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"], kind: "HTTPRoute" },
];

const FLAGGER_KINDS: readonly ObjectKind[] = ["Canary", "MetricTemplate", "AlertProvider"];

export interface Recognised {
  readonly kind: ObjectKind;
  readonly apiVersion: string;
  readonly name: string;
  readonly metadataNamespace?: string;
  /** The document to parse: a Flagger object of another version is read as v1beta1. */
  readonly value: Readonly<Record<string, unknown>>;
  readonly issues: readonly FieldIssue[];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILES.includes(path.slice(path.lastIndexOf("/") + 1));
}

function kindOf(apiVersion: unknown, kind: unknown, file: string): ObjectKind | undefined {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return apiVersion === undefined && kind === undefined && isKustomizationFile(file) ? "Kustomization" : undefined;
  }
  if (apiVersion.startsWith("flagger.app/")) return FLAGGER_KINDS.find((k) => k === kind);
  if (apiVersion.startsWith("kustomize.config.k8s.io/") && kind === "Kustomization") return "Kustomization";
  return KINDS.find((k) => k.kind === kind && k.apiVersions.includes(apiVersion))?.kind;
}

export function recogniseObject(doc: YamlDocument): Recognised | undefined {
  const value = doc.value;
  if (!isRecord(value)) return undefined;
  const kind = kindOf(value.apiVersion, value.kind, doc.file);
  if (kind === undefined) return undefined;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === "string" ? metadata.name : "";
  const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : undefined;
  const apiVersion = typeof value.apiVersion === "string" ? value.apiVersion : KUSTOMIZE_API_VERSION;
  const issues: FieldIssue[] = [];
  let parsed = value;
  if (FLAGGER_KINDS.includes(kind) && apiVersion !== FLAGGER_API_VERSION) {
    issues.push({
      path: ["apiVersion"],
      message: `${apiVersion} is not served by Flagger's CRDs; read as ${FLAGGER_API_VERSION}, change it to that`,
      severity: "warning",
    });
    parsed = { ...value, apiVersion: FLAGGER_API_VERSION };
  }
  return { kind, apiVersion, name, ...(namespace === undefined ? {} : { metadataNamespace: namespace }), value: parsed, issues };
}
