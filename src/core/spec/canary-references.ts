/**
 * A Canary's references into the repository: its target Deployment, its HPA, the
 * MetricTemplates and AlertProviders it names. Flagger finds these in the cluster at every tick
 * and fails the tick when one is missing; here the problem shows up before the merge.
 */
import type { SpecIssue } from "../errors.js";
import { formatSpecIssue } from "../errors.js";
import type { FieldIssue } from "./field-issue.js";
import type { ResolvedCanary } from "./model.js";
import { namespacesMatch, objectRef } from "./repository-index.js";
import type { ObjectKind, RepoObject } from "./repository-index.js";
import { valueAt } from "./field-path.js";

/** Flagger's default `-selector-labels`: the primary needs one of them to select its own pods. */
export const SELECTOR_LABELS: readonly string[] = ["app", "name", "app.kubernetes.io/name"];

export interface ReferenceLookup {
  /** The object of that kind and name in that namespace; objects with unknown namespaces match too. */
  readonly find: (kind: ObjectKind, name: string, namespace: string | undefined) => RepoObject | undefined;
  /** Errors of a Flagger object (MetricTemplate, AlertProvider) that make it unusable. */
  readonly errorsOf: (object: RepoObject) => readonly SpecIssue[];
}

export interface ReferenceIssues {
  /** Issues in the Canary's own document. */
  readonly inCanary: readonly FieldIssue[];
  /** Issues that belong to another file (the target Deployment). */
  readonly elsewhere: readonly SpecIssue[];
}

/** Candidate objects, best first: same namespace before unknown namespace, full workloads before patches. */
export function findObject(
  objects: readonly RepoObject[],
  kind: ObjectKind,
  name: string,
  namespace: string | undefined,
): RepoObject | undefined {
  const candidates = objects.filter((o) => o.kind === kind && o.name === name && namespacesMatch(o.namespace, namespace));
  const score = (o: RepoObject): number =>
    (o.namespace !== undefined && o.namespace === namespace ? 2 : 0) + (valueAt(o.manifest, ["spec", "template"]) === undefined ? 0 : 1);
  return [...candidates].sort((a, b) => score(b) - score(a))[0];
}

function unusable(object: RepoObject, errors: readonly SpecIssue[]): string {
  const [first] = errors;
  const detail = first === undefined ? "" : `: ${formatSpecIssue(first)}`;
  return `${objectRef(object.kind, object.name, object.namespace)} has errors${detail}`;
}

function selectorIssue(deployment: RepoObject): SpecIssue | undefined {
  const matchLabels = valueAt(deployment.manifest, ["spec", "selector", "matchLabels"]);
  const labels = typeof matchLabels === "object" && matchLabels !== null ? Object.keys(matchLabels) : [];
  if (labels.some((l) => SELECTOR_LABELS.includes(l))) return undefined;
  // A strategic-merge patch carries no selector; the full Deployment elsewhere is checked instead.
  if (valueAt(deployment.manifest, ["spec", "template"]) === undefined) return undefined;
  const path = ["spec", "selector", "matchLabels"];
  return {
    location: deployment.locate(path),
    field: "spec.selector.matchLabels",
    message: `needs one of the labels ${SELECTOR_LABELS.join(", ")} so the primary can select its own pods (Flagger's selector labels)`,
    severity: "error",
  };
}

export function canaryReferenceIssues(canary: ResolvedCanary, lookup: ReferenceLookup): ReferenceIssues {
  // An empty namespace means neither the Canary nor a kustomization sets one.
  const namespace = canary.namespace === "" ? undefined : canary.namespace;
  const inCanary: FieldIssue[] = [];
  const elsewhere: SpecIssue[] = [];
  const notFound = (kind: ObjectKind, name: string, ns: string | undefined): string => `${objectRef(kind, name, ns)} not found in the repository`;

  const target = lookup.find("Deployment", canary.targetRef.name, namespace);
  if (target === undefined) {
    inCanary.push({ path: ["spec", "targetRef", "name"], message: notFound("Deployment", canary.targetRef.name, namespace), severity: "error" });
  } else {
    const issue = selectorIssue(target);
    if (issue !== undefined) elsewhere.push(issue);
  }

  const hpa = canary.autoscalerRef;
  if (hpa !== undefined && lookup.find("HorizontalPodAutoscaler", hpa.name, namespace) === undefined) {
    inCanary.push({ path: ["spec", "autoscalerRef", "name"], message: notFound("HorizontalPodAutoscaler", hpa.name, namespace), severity: "error" });
  }

  canary.analysis.metrics.forEach((metric, i) => {
    const ref = metric.templateRef;
    if (ref === undefined) return;
    const ns = ref.namespace === "" ? namespace : ref.namespace;
    const template = lookup.find("MetricTemplate", ref.name, ns);
    const path = ["spec", "analysis", "metrics", i, "templateRef"];
    if (template === undefined) inCanary.push({ path, message: notFound("MetricTemplate", ref.name, ns), severity: "error" });
    else {
      const errors = lookup.errorsOf(template);
      if (errors.length > 0) inCanary.push({ path, message: unusable(template, errors), severity: "error" });
    }
  });

  canary.analysis.alerts.forEach((alert, i) => {
    const ref = alert.providerRef;
    const ns = ref.namespace === "" ? namespace : ref.namespace;
    const provider = lookup.find("AlertProvider", ref.name, ns);
    const path = ["spec", "analysis", "alerts", i, "providerRef"];
    if (provider === undefined) inCanary.push({ path, message: notFound("AlertProvider", ref.name, ns), severity: "error" });
    else {
      const errors = lookup.errorsOf(provider);
      if (errors.length > 0) inCanary.push({ path, message: unusable(provider, errors), severity: "error" });
    }
  });

  return { inCanary, elsewhere };
}
