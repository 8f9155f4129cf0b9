import { findObject } from "../spec/canary-references.js";
import type { ResolvedCanary } from "../spec/model.js";
import { namespacesMatch } from "../spec/repository-index.js";
import type { RepositoryIndex } from "../spec/repository-index.js";
import { valueAt } from "../spec/field-path.js";
import { computeRevision } from "./compute-revision.js";
import type { ConfigObject, Revision } from "./compute-revision.js";

/**
 * The revision of a Canary's target as the repository holds it, or undefined when the target
 * Deployment is not in the repository. Configs come from the target's namespace; one defined
 * with an explicit namespace wins over one whose namespace Git does not say.
 */
export function canaryRevision(index: RepositoryIndex, canary: ResolvedCanary): Revision | undefined {
  const namespace = canary.namespace === "" ? undefined : canary.namespace;
  const target = findObject(index.objects, "Deployment", canary.targetRef.name, namespace);
  if (target === undefined) return undefined;
  const configs: ConfigObject[] = [];
  for (const kind of ["ConfigMap", "Secret"] as const) {
    const names = new Set(index.objects.filter((o) => o.kind === kind && namespacesMatch(o.namespace, namespace)).map((o) => o.name));
    for (const name of names) {
      const object = findObject(index.objects, kind, name, namespace);
      if (object !== undefined) configs.push({ kind, name, manifest: object.manifest });
    }
  }
  return computeRevision(valueAt(target.manifest, ["spec", "template"]), configs);
}
