import type { FieldIssue } from "./field-issue.js";
import type { MetricTemplateManifest } from "./metric-template-manifest.js";
import type { ResolvedMetricTemplate, SourceLocation } from "./model.js";
import { optionalField } from "./optional-field.js";

export interface FlaggerObjectContext {
  readonly file: string;
  readonly location: SourceLocation;
  /** Empty when neither the object nor a kustomization sets one. */
  readonly namespace: string;
}

export function resolveMetricTemplate(manifest: MetricTemplateManifest, context: FlaggerObjectContext): ResolvedMetricTemplate {
  const provider = manifest.spec.provider;
  return {
    name: manifest.metadata.name,
    namespace: context.namespace,
    file: context.file,
    location: context.location,
    provider: {
      type: provider.type,
      ...optionalField("address", provider.address),
      headers: provider.headers ?? {},
      ...optionalField("secretRef", provider.secretRef),
      insecureSkipVerify: provider.insecureSkipVerify ?? false,
      ...optionalField("region", provider.region),
    },
    query: manifest.spec.query,
  };
}

/** Rules across fields of a schema-valid MetricTemplate. */
export function metricTemplateFieldIssues(manifest: MetricTemplateManifest): FieldIssue[] {
  const provider = manifest.spec.provider;
  const issues: FieldIssue[] = [];
  if (provider.type === "prometheus") {
    if (provider.address === undefined || provider.address === "") {
      issues.push({ path: ["spec", "provider", "address"], message: "is required for the prometheus provider", severity: "error" });
    } else {
      const url = URL.parse(provider.address);
      if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
        issues.push({ path: ["spec", "provider", "address"], message: "must be an absolute http or https URL", severity: "error" });
      }
    }
  }
  if (manifest.spec.query.trim() === "") issues.push({ path: ["spec", "query"], message: "must not be empty", severity: "error" });
  return issues;
}
