/**
 * Reads a GitOps repository's files into a `RepositoryIndex`: every Flagger object validated and
 * resolved, the workloads and configs they refer to indexed with their positions, and every
 * problem as a `file:line:column` issue. Pure: the caller supplies the file contents.
 */
import type { SpecIssue } from "../errors.js";
import { formatSpecIssue } from "../errors.js";
import { alertProviderManifestSchema } from "./alert-provider-manifest.js";
import { canaryManifestSchema } from "./canary-manifest.js";
import { findObject } from "./canary-references.js";
import type { ReferenceLookup } from "./canary-references.js";
import { locateIssues } from "./field-issue.js";
import type { FieldIssue } from "./field-issue.js";
import { metricTemplateManifestSchema } from "./metric-template-manifest.js";
import type { ResolvedAlertProvider, ResolvedCanary, ResolvedMetricTemplate, SourceLocation } from "./model.js";
import { readObjects } from "./read-objects.js";
import type { RepositoryFile } from "./read-objects.js";
import { objectRef } from "./repository-index.js";
import type { RejectedObject, RepoObject, RepositoryIndex } from "./repository-index.js";
import { alertProviderFieldIssues, resolveAlertProvider } from "./resolve-alert-provider.js";
import { resolveCanary } from "./resolve-canary.js";
import { metricTemplateFieldIssues, resolveMetricTemplate } from "./resolve-metric-template.js";
import { unsupportedCanaryFields, unsupportedMetricTemplateFields } from "./unsupported-fields.js";
import { validateCanary } from "./validate-canary.js";
import { zodIssuesToSpecIssues } from "./zod-issues.js";

export type { RepositoryFile } from "./read-objects.js";

function compareIssues(a: SpecIssue, b: SpecIssue): number {
  const fa = a.location.file;
  const fb = b.location.file;
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a.location.line - b.location.line || a.location.column - b.location.column;
}

function uniqueIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity} ${formatSpecIssue(issue)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function hasErrors(issues: readonly SpecIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

function position(location: SourceLocation): string {
  return `${location.file}:${String(location.line)}:${String(location.column)}`;
}

/** Issues collected per object, so an object with errors can be set aside with its reasons. */
class IssueLedger {
  readonly #byObject = new Map<RepoObject, SpecIssue[]>();

  add(object: RepoObject, issues: readonly SpecIssue[]): void {
    const list = this.#byObject.get(object) ?? [];
    list.push(...issues);
    this.#byObject.set(object, list);
  }

  addFields(object: RepoObject, issues: readonly FieldIssue[]): void {
    this.add(object, locateIssues(issues, object.locate));
  }

  of(object: RepoObject): SpecIssue[] {
    return uniqueIssues(this.#byObject.get(object) ?? []).sort(compareIssues);
  }

  errorsOf(object: RepoObject): SpecIssue[] {
    return this.of(object).filter((i) => i.severity === "error");
  }
}

const FLAGGER_KINDS: readonly string[] = ["Canary", "MetricTemplate", "AlertProvider"];

/** Later definitions of the same Flagger object (kind, namespace, name) are errors; returns them. */
function checkDuplicates(objects: readonly RepoObject[], ledger: IssueLedger): Set<RepoObject> {
  const first = new Map<string, RepoObject>();
  const duplicated = new Set<RepoObject>();
  for (const object of objects) {
    if (!FLAGGER_KINDS.includes(object.kind) || object.name === "") continue;
    const key = `${object.kind}/${object.namespace ?? ""}/${object.name}`;
    const original = first.get(key);
    if (original === undefined) {
      first.set(key, object);
      continue;
    }
    duplicated.add(object);
    const message = `duplicate ${objectRef(object.kind, object.name, object.namespace)}, also defined at ${position(original.location)}`;
    ledger.addFields(object, [{ path: ["metadata", "name"], message, severity: "error" }]);
  }
  return duplicated;
}

function contextOf(object: RepoObject): { file: string; location: SourceLocation; namespace: string } {
  return { file: object.file, location: object.location, namespace: object.namespace ?? "" };
}

function loadMetricTemplate(object: RepoObject, value: unknown, ledger: IssueLedger): ResolvedMetricTemplate | undefined {
  const unsupported = unsupportedMetricTemplateFields(value);
  ledger.addFields(object, unsupported);
  const result = metricTemplateManifestSchema.safeParse(value);
  if (!result.success) {
    const covered = unsupported.map((i) => i.path);
    ledger.add(object, zodIssuesToSpecIssues(result.error.issues, { raw: value, schema: metricTemplateManifestSchema, locate: object.locate, covered }));
    return undefined;
  }
  ledger.addFields(object, metricTemplateFieldIssues(result.data));
  return hasErrors(ledger.of(object)) ? undefined : resolveMetricTemplate(result.data, contextOf(object));
}

function loadAlertProvider(object: RepoObject, value: unknown, ledger: IssueLedger): ResolvedAlertProvider | undefined {
  const result = alertProviderManifestSchema.safeParse(value);
  if (!result.success) {
    ledger.add(object, zodIssuesToSpecIssues(result.error.issues, { raw: value, schema: alertProviderManifestSchema, locate: object.locate }));
    return undefined;
  }
  ledger.addFields(object, alertProviderFieldIssues(result.data));
  return hasErrors(ledger.of(object)) ? undefined : resolveAlertProvider(result.data, contextOf(object));
}

/** Resolved even when it has errors, so the caller can check which Deployment it claims. */
function loadCanary(object: RepoObject, value: unknown, ledger: IssueLedger, lookup: ReferenceLookup): ResolvedCanary | undefined {
  const unsupported = unsupportedCanaryFields(value);
  ledger.addFields(object, unsupported);
  const result = canaryManifestSchema.safeParse(value);
  if (!result.success) {
    const covered = unsupported.map((i) => i.path);
    ledger.add(object, zodIssuesToSpecIssues(result.error.issues, { raw: value, schema: canaryManifestSchema, locate: object.locate, covered }));
    return undefined;
  }
  if (object.namespace === undefined) {
    const message = "is required: set it here or with namespace: in a kustomization.yaml of this directory or above";
    ledger.addFields(object, [{ path: ["metadata", "namespace"], message, severity: "error" }]);
  }
  const canary = resolveCanary(result.data, contextOf(object));
  ledger.add(object, validateCanary(canary, result.data, object.locate, lookup));
  return canary;
}

export function loadRepository(files: readonly RepositoryFile[]): RepositoryIndex {
  const read = readObjects(files);
  const objects = read.objects.map((r) => r.object);
  const ledger = new IssueLedger();
  const duplicated = checkDuplicates(objects, ledger);

  const metricTemplates: ResolvedMetricTemplate[] = [];
  const alertProviders: ResolvedAlertProvider[] = [];
  for (const { object, value } of read.objects) {
    if (object.kind === "MetricTemplate") {
      const template = loadMetricTemplate(object, value, ledger);
      if (template !== undefined) metricTemplates.push(template);
    } else if (object.kind === "AlertProvider") {
      const provider = loadAlertProvider(object, value, ledger);
      if (provider !== undefined) alertProviders.push(provider);
    }
  }

  const lookup: ReferenceLookup = {
    find: (kind, name, namespace) => findObject(objects, kind, name, namespace),
    errorsOf: (object) => ledger.errorsOf(object),
  };
  const canaries: ResolvedCanary[] = [];
  const claimedBy = new Map<RepoObject, RepoObject>();
  for (const { object, value } of read.objects) {
    if (object.kind !== "Canary") continue;
    const canary = loadCanary(object, value, ledger, lookup);
    if (canary === undefined) continue;
    // A duplicate Canary is reported as such, not again as a second Canary for the same target.
    const target = duplicated.has(object) ? undefined : lookup.find("Deployment", canary.targetRef.name, object.namespace);
    const owner = target === undefined ? undefined : claimedBy.get(target);
    if (target !== undefined && owner !== undefined) {
      const message = `${objectRef("Deployment", target.name, target.namespace)} is already the target of ${objectRef("Canary", owner.name, owner.namespace)} at ${position(owner.location)}`;
      ledger.addFields(object, [{ path: ["spec", "targetRef", "name"], message, severity: "error" }]);
    } else if (target !== undefined) claimedBy.set(target, object);
    if (!hasErrors(ledger.of(object))) canaries.push(canary);
  }

  const issues: SpecIssue[] = [...read.issues];
  const rejected: RejectedObject[] = [];
  for (const object of objects) {
    const own = ledger.of(object);
    issues.push(...own);
    if (hasErrors(own)) rejected.push({ object, issues: own });
  }
  return { objects, canaries, metricTemplates, alertProviders, rejected, issues: uniqueIssues(issues).sort(compareIssues) };
}
