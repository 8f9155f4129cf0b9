import type { AlertProviderManifest } from "./alert-provider-manifest.js";
import type { FieldIssue } from "./field-issue.js";
import type { ResolvedAlertProvider } from "./model.js";
import { optionalField } from "./optional-field.js";
import type { FlaggerObjectContext } from "./resolve-metric-template.js";

/** Flagger's defaults: channel `general`, username `flagger`. */
export function resolveAlertProvider(manifest: AlertProviderManifest, context: FlaggerObjectContext): ResolvedAlertProvider {
  const spec = manifest.spec;
  return {
    name: manifest.metadata.name,
    namespace: context.namespace,
    file: context.file,
    location: context.location,
    type: spec.type,
    channel: spec.channel === undefined || spec.channel === "" ? "general" : spec.channel,
    username: spec.username === undefined || spec.username === "" ? "flagger" : spec.username,
    ...optionalField("address", spec.address),
    ...optionalField("proxy", spec.proxy),
    ...optionalField("secretRef", spec.secretRef),
  };
}

/**
 * Flagger's CRD says `oneOf` address / secretRef, yet its own docs set both (the secret wins);
 * what matters is that one of them is there.
 */
export function alertProviderFieldIssues(manifest: AlertProviderManifest): FieldIssue[] {
  const spec = manifest.spec;
  if ((spec.address === undefined || spec.address === "") && spec.secretRef === undefined) {
    return [{ path: ["spec"], message: "needs address or secretRef (a Secret with the key address)", severity: "error" }];
  }
  return [];
}
