/**
 * The bootstrap change set (Flagger's Initializing): the generated file with the primary
 * objects, the Services and the route at 100/0 (or the adopted route patched in place), the
 * target scaled to 0, and the generated file listed in the Canary directory's kustomization.
 */
import type { SpecIssue } from "../errors.js";
import type { ResolvedCanary } from "../spec/model.js";
import { resolveCanaryContext } from "./canary-context.js";
import { FileEdits } from "./file-edits.js";
import { primaryObjects, serviceObjects } from "./generated-objects.js";
import type { GitPlan } from "./git-plan.js";
import { dirOf, joinPath } from "./repo-index.js";
import type { GitopsResult, RepoFile } from "./types.js";
import { addKustomizationResource, adoptApexService, setReplicas } from "./user-edits.js";
import { finishPlan, routeInto } from "./write-generated.js";

export interface BootstrapInputs {
  readonly files: readonly RepoFile[];
  /** Revision of the target as it is in Git (computed elsewhere); the primary starts on it. */
  readonly revision: string;
}

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export function bootstrapFiles(canary: ResolvedCanary, inputs: BootstrapInputs): GitopsResult<GitPlan> {
  const resolved = resolveCanaryContext(canary, inputs.files);
  if (!resolved.ok) return resolved;
  const context = resolved.value;
  const edits = new FileEdits();
  const issues: SpecIssue[] = [];
  const push = (i: SpecIssue | undefined) => {
    if (i !== undefined) issues.push(i);
  };

  const route = routeInto(canary, context, { primaryWeight: 100, canaryWeight: 0, mirrored: false }, edits);
  if (!route.ok) return route;
  const generated = [...primaryObjects(canary, context, inputs.revision), ...serviceObjects(canary, context), ...route.value.generated];

  push(setReplicas(edits.ctx(context.target.file), context.target, 0));
  if (context.adoptedApexService !== undefined) push(adoptApexService(edits.ctx(context.adoptedApexService.file), context.adoptedApexService, context.label));
  const dir = dirOf(canary.file);
  for (const name of KUSTOMIZATION_NAMES) {
    const kustomization = context.index.files.get(joinPath(dir, name));
    if (kustomization === undefined) continue;
    push(addKustomizationResource(edits.ctx(kustomization), kustomization, context.generatedPath.slice(dir === "" ? 0 : dir.length + 1)));
    break;
  }
  return finishPlan(canary, context, generated, edits, route.value.notes, issues);
}
