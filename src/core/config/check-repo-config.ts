/**
 * Rules across fields of `.github/canary-bot.yml`, checked for the top level and for every
 * Canary's overrides merged over it, so an override that only makes sense with the top level
 * (or contradicts it) is judged as the Canary will see it.
 */
import type { SpecIssue } from "../errors.js";
import { parseCanaryKey } from "../commands/canary-key.js";
import { formatFieldPath, type FieldPath } from "../spec/field-path.js";
import type { Locate } from "../spec/yaml-documents.js";
import { mergeOverrides } from "./resolve-repo-config.js";
import type { DeclaredConfig, DeclaredGitops } from "./repo-config-schema.js";

interface Layer {
  readonly gitops: DeclaredGitops;
  /** Where this layer's gitops fields are written (top level or under the Canary's key). */
  readonly gitopsAt: (field: keyof DeclaredGitops) => FieldPath | undefined;
}

function issueAt(locate: Locate, path: FieldPath, message: string, severity: SpecIssue["severity"]): SpecIssue {
  return { location: locate(path), field: formatFieldPath(path), message, severity };
}

function checkGitops(layer: Layer, locate: Locate): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { gitops } = layer;
  const tool = gitops.tool ?? "none";
  if (tool === "none") {
    for (const field of ["name", "namespace", "cluster"] as const) {
      const at = gitops[field] === undefined ? undefined : layer.gitopsAt(field);
      if (at !== undefined) {
        issues.push(issueAt(locate, at, "has no effect while gitops.tool is none: set gitops.tool to flux or argocd, or remove it", "error"));
      }
    }
  }
  const nudgeAt = tool === "argocd" && gitops.nudge === true ? layer.gitopsAt("nudge") : undefined;
  if (nudgeAt !== undefined) issues.push(issueAt(locate, nudgeAt, "applies to Flux only; Argo CD is not nudged", "warning"));
  return issues;
}

/** Where a field of the merged gitops was written: the override when it sets it, else the top level. */
function writtenAt(declared: DeclaredConfig, key: string | undefined) {
  return (field: keyof DeclaredGitops): FieldPath | undefined => {
    const override = key === undefined ? undefined : declared.canaries?.[key]?.gitops;
    if (override?.[field] !== undefined && key !== undefined) return ["canaries", key, "gitops", field];
    return declared.gitops?.[field] !== undefined ? ["gitops", field] : undefined;
  };
}

export function checkRepoConfig(declared: DeclaredConfig, locate: Locate): SpecIssue[] {
  const issues: SpecIssue[] = [...checkGitops({ gitops: declared.gitops ?? {}, gitopsAt: writtenAt(declared, undefined) }, locate)];
  const seen = new Set(issues.map((i) => `${i.field} ${i.message}`));
  for (const [key, overrides] of Object.entries(declared.canaries ?? {})) {
    if (parseCanaryKey(key) === undefined) {
      issues.push(issueAt(locate, ["canaries", key], `must be a Canary as namespace/name (e.g. test/podinfo), got ${JSON.stringify(key)}`, "error"));
      continue;
    }
    const merged = mergeOverrides(declared, overrides);
    for (const issue of checkGitops({ gitops: merged.gitops ?? {}, gitopsAt: writtenAt(declared, key) }, locate)) {
      // A top-level problem shows once, not once more per Canary.
      const id = `${issue.field} ${issue.message}`;
      if (!seen.has(id)) issues.push(issue);
      seen.add(id);
    }
  }
  return issues;
}
