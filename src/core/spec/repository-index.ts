/** What `loadRepository` finds in a GitOps repository. */
import type { SpecIssue } from "../errors.js";
import type { ResolvedAlertProvider, ResolvedCanary, ResolvedMetricTemplate, SourceLocation } from "./model.js";
import type { Locate } from "./yaml-documents.js";

export type ObjectKind =
  | "Canary"
  | "MetricTemplate"
  | "AlertProvider"
  | "Deployment"
  | "HorizontalPodAutoscaler"
  | "ConfigMap"
  | "Secret"
  | "HTTPRoute"
  | "Kustomization";

export type NamespaceSource = "metadata" | "kustomization" | "none";

export interface RepoObject {
  readonly kind: ObjectKind;
  /** As written; a kustomization.yaml without one reads as `kustomize.config.k8s.io/v1beta1`. */
  readonly apiVersion: string;
  /** `metadata.name`; empty for a Kustomization without one. */
  readonly name: string;
  /**
   * `metadata.namespace`, else the `namespace:` of the nearest kustomization.yaml in the object's
   * directory or above. Unset when neither says: the object then matches references from any
   * namespace, since whoever applies it decides.
   */
  readonly namespace?: string;
  readonly namespaceSource: NamespaceSource;
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly documentIndex: number;
  readonly location: SourceLocation;
  /** The document as plain data. */
  readonly manifest: unknown;
  /** `file:line:column` of any field path inside the document. */
  readonly locate: Locate;
}

/** A Canary, MetricTemplate or AlertProvider that cannot be used, with the reasons. */
export interface RejectedObject {
  readonly object: RepoObject;
  readonly issues: readonly SpecIssue[];
}

export interface RepositoryIndex {
  /** Every recognised object, in file order. */
  readonly objects: readonly RepoObject[];
  /** Canaries without errors (warnings allowed), ready for the engine. */
  readonly canaries: readonly ResolvedCanary[];
  readonly metricTemplates: readonly ResolvedMetricTemplate[];
  readonly alertProviders: readonly ResolvedAlertProvider[];
  /** Flagger objects with at least one error. */
  readonly rejected: readonly RejectedObject[];
  /** Every issue (YAML, schema, cross-field, references), sorted by file, line and column. */
  readonly issues: readonly SpecIssue[];
}

export function objectRef(kind: ObjectKind, name: string, namespace: string | undefined): string {
  return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/** Unknown namespaces match anything (see `RepoObject.namespace`). */
export function namespacesMatch(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
