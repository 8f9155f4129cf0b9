/** Facts the engine reads from the generated objects in Git. */
import type { ResolvedCanary } from "../spec/model.js";
import { resolveCanaryContext } from "./canary-context.js";
import { kindAndName } from "./canary-context.js";
import { primaryName, REVISION_ANNOTATION } from "./primary-objects.js";
import { ok } from "./types.js";
import type { GitopsResult, RepoFile } from "./types.js";

type Json = Record<string, unknown>;

function find(objects: readonly Json[], kind: string, name: string): Json | undefined {
  return objects.find((o) => {
    const k = kindAndName(o);
    return k.kind === kind && k.name === name;
  });
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/**
 * Replicas for the canary when it is scaled up: the primary's, else the autoscaler's
 * minReplicas (primary HPA, else the user's HPA; Kubernetes defaults it to 1), else 1.
 */
export function canaryReplicas(canary: ResolvedCanary, files: readonly RepoFile[]): GitopsResult<number> {
  const resolved = resolveCanaryContext(canary, files);
  if (!resolved.ok) return resolved;
  const context = resolved.value;
  const primary = find(context.generatedObjects, "Deployment", primaryName(canary.targetRef.name));
  const fromPrimary = num((primary?.spec as Json | undefined)?.replicas);
  if (fromPrimary !== undefined && fromPrimary > 0) return ok(fromPrimary);
  if (canary.autoscalerRef !== undefined) {
    const hpa = find(context.generatedObjects, "HorizontalPodAutoscaler", primaryName(canary.autoscalerRef.name)) ?? context.hpa?.json;
    if (hpa !== undefined) return ok(num((hpa.spec as Json | undefined)?.minReplicas) ?? 1);
  }
  return ok(1);
}

/** The revision on the primary, from the generated primary's annotation; undefined before bootstrap. */
export function primaryRevision(canary: ResolvedCanary, files: readonly RepoFile[]): GitopsResult<string | undefined> {
  const resolved = resolveCanaryContext(canary, files);
  if (!resolved.ok) return resolved;
  const primary = find(resolved.value.generatedObjects, "Deployment", primaryName(canary.targetRef.name));
  const annotations = (primary?.metadata as Json | undefined)?.annotations as Json | undefined;
  const revision = annotations?.[REVISION_ANNOTATION];
  return ok(typeof revision === "string" ? revision : undefined);
}
