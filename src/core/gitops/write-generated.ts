/** Writes the generated file and the user-file edits of one decision into a plan. */
import type { SpecIssue } from "../errors.js";
import type { TrafficState } from "../machine/types.js";
import type { ResolvedCanary } from "../spec/model.js";
import type { CanaryContext } from "./canary-context.js";
import type { FileEdits } from "./file-edits.js";
import { renderGeneratedFile } from "./generated-file.js";
import { routeObject } from "./generated-objects.js";
import type { GitPlan } from "./git-plan.js";
import { patchHttpRouteEdits } from "./patch-http-route.js";
import { fail, ok } from "./types.js";
import type { FileChange, GitopsResult } from "./types.js";

type Json = Record<string, unknown>;

/** The route objects to put in the generated file (none when the route is adopted), or the patch edits. */
export function routeInto(
  canary: ResolvedCanary,
  context: CanaryContext,
  traffic: TrafficState,
  edits: FileEdits,
): GitopsResult<{ readonly generated: readonly Json[]; readonly notes: readonly string[] }> {
  if (context.adoptedRoute !== undefined) {
    const r = patchHttpRouteEdits(edits.ctx(context.adoptedRoute.file), context.adoptedRoute, canary, traffic);
    return r.ok ? ok({ generated: [], notes: r.value }) : r;
  }
  const r = routeObject(canary, traffic);
  return "issues" in r ? fail(r.issues) : ok({ generated: [r.route], notes: [] });
}

export function finishPlan(canary: ResolvedCanary, context: CanaryContext, generatedObjects: readonly Json[] | undefined, edits: FileEdits, notes: readonly string[], issues: readonly SpecIssue[]): GitopsResult<GitPlan> {
  if (issues.length > 0) return fail(issues);
  const userChanges = edits.changes();
  if (!userChanges.ok) return userChanges;
  const changes: FileChange[] = [];
  if (generatedObjects !== undefined) {
    const text = renderGeneratedFile(canary, generatedObjects);
    if (text !== context.generated?.text) changes.push({ path: context.generatedPath, content: text });
  }
  changes.push(...userChanges.value.filter((c) => c.path !== context.generatedPath));
  return ok({ changes, notes });
}
