/** The files a rollout changes, and the objects in them. */
import { generatedFilePath } from "../gitops/generated-file.js";
import { primaryName } from "../gitops/primary-objects.js";
import { findObject } from "../spec/canary-references.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { RepoObject, RepositoryIndex } from "../spec/repository-index.js";
import type { PlannedWrite } from "./types.js";

function namespaceOf(canary: ResolvedCanary): string | undefined {
  return canary.namespace === "" ? undefined : canary.namespace;
}

/** A user-written HTTPRoute named after the apex, which canary-bot adopts instead of generating one. */
export function adoptedRoute(canary: ResolvedCanary, index: RepositoryIndex | undefined): RepoObject | undefined {
  if (index === undefined) return undefined;
  const generated = generatedFilePath(canary);
  const routes = index.objects.filter((o) => o.file !== generated && o.apiVersion.startsWith("gateway.networking.k8s.io/"));
  return findObject(routes, "HTTPRoute", canary.service.apex, namespaceOf(canary));
}

export function targetObject(canary: ResolvedCanary, index: RepositoryIndex | undefined): RepoObject | undefined {
  if (index === undefined) return undefined;
  const generated = generatedFilePath(canary);
  return findObject(index.objects.filter((o) => o.file !== generated), "Deployment", canary.targetRef.name, namespaceOf(canary));
}

/** True when the repository does not hold the generated file yet (the bootstrap PR comes first). */
export function needsBootstrap(canary: ResolvedCanary, index: RepositoryIndex | undefined): boolean {
  if (index === undefined) return false;
  const generated = generatedFilePath(canary);
  return !index.objects.some((o) => o.file === generated);
}

/**
 * - the generated file: the route (unless adopted) at every step, the primary Deployment and the
 *   `-primary` copies of tracked configs at promotion;
 * - the target's file: `spec.replicas`, scaled up for the run and to 0 after it;
 * - an adopted route's file: the backendRefs of the rules that route to the apex Service.
 */
export function plannedWrites(
  canary: ResolvedCanary,
  index: RepositoryIndex | undefined,
  trackedConfigs: readonly string[],
): PlannedWrite[] {
  const route = adoptedRoute(canary, index);
  const apex = canary.service.apex;
  const generatedObjects = [
    ...(route === undefined ? [`HTTPRoute ${apex}`] : []),
    `Deployment ${primaryName(canary.targetRef.name)}`,
    ...trackedConfigs.map((ref) => {
      const [kind = "", name = ""] = ref.split("/");
      return `${kind === "secret" ? "Secret" : "ConfigMap"} ${primaryName(name)}`;
    }),
  ];
  const writes: PlannedWrite[] = [
    {
      path: generatedFilePath(canary),
      owner: "canary-bot",
      objects: generatedObjects,
      reason: route === undefined ? "generated: route weights at every step, primary at promotion" : "generated: primary at promotion",
    },
  ];
  const target = targetObject(canary, index);
  if (target !== undefined) {
    writes.push({
      path: target.file,
      owner: "user",
      objects: [`Deployment ${target.name}: spec.replicas`],
      reason: "canary scaled up for the rollout and to 0 after it",
    });
  }
  if (route !== undefined) {
    writes.push({
      path: route.file,
      owner: "user",
      objects: [`HTTPRoute ${route.name}: backendRefs of the rules to Service ${apex}`],
      reason: "adopted route: weights at every step; its other rules and fields stay as written",
    });
  }
  return mergeByPath(writes);
}

/** One entry per file: a route adopted in the target's own file is one write, not two. */
function mergeByPath(writes: readonly PlannedWrite[]): PlannedWrite[] {
  const merged: PlannedWrite[] = [];
  for (const write of writes) {
    const at = merged.findIndex((w) => w.path === write.path);
    const existing = merged[at];
    if (existing === undefined) merged.push(write);
    else merged[at] = { ...existing, objects: [...existing.objects, ...write.objects], reason: `${existing.reason}; ${write.reason}` };
  }
  return merged;
}
