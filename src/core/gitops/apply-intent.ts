/** Turns a commit intent of the state machine into the file changes of that commit. */
import type { SpecIssue } from "../errors.js";
import type { CommitIntent } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import { kindAndName, resolveCanaryContext } from "./canary-context.js";
import type { CanaryContext } from "./canary-context.js";
import { FileEdits } from "./file-edits.js";
import { primaryObjects, serviceObjects } from "./generated-objects.js";
import type { GitPlan } from "./git-plan.js";
import { primaryName } from "./primary-objects.js";
import { fail } from "./types.js";
import type { GitopsResult, RepoFile } from "./types.js";
import { setReplicas } from "./user-edits.js";
import { finishPlan, routeInto } from "./write-generated.js";

type Json = Record<string, unknown>;

function isKind(kind: string, name?: string): (o: Json) => boolean {
  return (o) => {
    const k = kindAndName(o);
    return k.kind === kind && (name === undefined || k.name === name);
  };
}

function currentPrimaryReplicas(canary: ResolvedCanary, context: CanaryContext): number | undefined {
  const primary = context.generatedObjects.find(isKind("Deployment", primaryName(canary.targetRef.name)));
  const replicas = (primary?.spec as Json | undefined)?.replicas;
  return typeof replicas === "number" ? replicas : undefined;
}

export function applyIntent(canary: ResolvedCanary, intent: CommitIntent, files: readonly RepoFile[]): GitopsResult<GitPlan> {
  const resolved = resolveCanaryContext(canary, files);
  if (!resolved.ok) return resolved;
  const context = resolved.value;
  if (context.generated === undefined) {
    return fail([{ location: canary.location, field: "metadata.name", message: `Canary ${canary.namespace}/${canary.name} is not bootstrapped: ${context.generatedPath} is missing`, severity: "error" }]);
  }
  const edits = new FileEdits();
  const issues: SpecIssue[] = [];
  const push = (i: SpecIssue | undefined) => {
    if (i !== undefined) issues.push(i);
  };
  const isRoute = isKind("HTTPRoute");
  const isService = isKind("Service");
  const kept = (drop: (o: Json) => boolean) => context.generatedObjects.filter((o) => !drop(o));

  switch (intent.type) {
    case "scale-up-canary":
      push(setReplicas(edits.ctx(context.target.file), context.target, intent.replicas));
      return finishPlan(canary, context, undefined, edits, [], issues);
    case "route":
    case "route-to-canary": {
      const route = routeInto(canary, context, intent.traffic, edits);
      if (!route.ok) return route;
      const generated = [...kept((o) => isRoute(o) || isService(o)), ...serviceObjects(canary, context), ...route.value.generated];
      return finishPlan(canary, context, generated, edits, route.value.notes, issues);
    }
    case "finalise":
    case "rollback": {
      const route = routeInto(canary, context, intent.traffic, edits);
      if (!route.ok) return route;
      push(setReplicas(edits.ctx(context.target.file), context.target, 0));
      const generated = [...kept((o) => isRoute(o) || isService(o)), ...serviceObjects(canary, context), ...route.value.generated];
      return finishPlan(canary, context, generated, edits, route.value.notes, issues);
    }
    case "promote": {
      const primary = primaryObjects(canary, context, intent.revision, currentPrimaryReplicas(canary, context));
      const generated = [...primary, ...serviceObjects(canary, context), ...context.generatedObjects.filter(isRoute)];
      return finishPlan(canary, context, generated, edits, [], issues);
    }
  }
}
