/** Everything the Git contract needs to know about one Canary's objects in the repository. */
import type { SpecIssue } from "../errors.js";
import { routeNames } from "../routing/route-names.js";
import type { ResolvedCanary } from "../spec/model.js";
import { generatedFilePath } from "./generated-file.js";
import { primaryName, selectorLabel, trackedConfigs } from "./primary-objects.js";
import type { SelectorLabel, TrackedConfig } from "./primary-objects.js";
import { findObject, indexRepo } from "./repo-index.js";
import type { FindResult, LocatedObject, RepoIndex } from "./repo-index.js";
import { fail, ok } from "./types.js";
import type { GitopsResult, RepoFile } from "./types.js";
import type { YamlFile } from "./yaml/yaml-file.js";

type Json = Record<string, unknown>;

export interface CanaryContext {
  readonly index: RepoIndex;
  readonly generatedPath: string;
  /** The generated file as it is in the repository, when it exists. */
  readonly generated?: YamlFile;
  readonly generatedObjects: readonly Json[];
  readonly target: LocatedObject;
  readonly label: SelectorLabel;
  readonly configs: readonly TrackedConfig[];
  readonly hpa?: LocatedObject;
  /** A user-written HTTPRoute named after the apex: adopted, patched in its own file. */
  readonly adoptedRoute?: LocatedObject;
  /** A user-written apex Service: adopted, only its selector changes. */
  readonly adoptedApexService?: LocatedObject;
}

function canaryIssue(canary: ResolvedCanary, field: string, message: string): SpecIssue {
  return { location: canary.location, field, message, severity: "error" };
}

function describe(found: Extract<FindResult, { ambiguous: unknown }>): string {
  return found.ambiguous.map((o) => o.file.path).join(", ");
}

export function resolveCanaryContext(canary: ResolvedCanary, files: readonly RepoFile[]): GitopsResult<CanaryContext> {
  const index = indexRepo(files);
  const generatedPath = generatedFilePath(canary);
  const generated = index.files.get(generatedPath);
  const generatedObjects = generated === undefined ? [] : index.objects.filter((o) => o.file.path === generatedPath).map((o) => o.json);
  const issues: SpecIssue[] = [];
  const near = canary.file;
  const lookup = (kind: string, name: string, group: string) => findObject(index, { kind, name, namespace: canary.namespace, group, nearPath: near, exclude: generatedPath });

  const targetFound = lookup("Deployment", canary.targetRef.name, "apps");
  if ("missing" in targetFound) {
    const unparsable = index.unparsable.length === 0 ? "" : ` (files that did not parse: ${index.unparsable.map((u) => u.location.file).join(", ")})`;
    return fail([canaryIssue(canary, "spec.targetRef.name", `Deployment ${canary.targetRef.name} (namespace ${canary.namespace}) is not in the repository${unparsable}`), ...index.unparsable]);
  }
  if ("ambiguous" in targetFound) {
    return fail([canaryIssue(canary, "spec.targetRef.name", `Deployment ${canary.targetRef.name} is defined in several files: ${describe(targetFound)}`)]);
  }
  const target = targetFound.object;
  const label = selectorLabel(target);
  if ("location" in label) return fail([label]);

  let hpa: LocatedObject | undefined;
  if (canary.autoscalerRef !== undefined) {
    const found = lookup("HorizontalPodAutoscaler", canary.autoscalerRef.name, "autoscaling");
    if ("object" in found) hpa = found.object;
    else if ("missing" in found) issues.push(canaryIssue(canary, "spec.autoscalerRef.name", `HorizontalPodAutoscaler ${canary.autoscalerRef.name} is not in the repository`));
    else issues.push(canaryIssue(canary, "spec.autoscalerRef.name", `HorizontalPodAutoscaler ${canary.autoscalerRef.name} is defined in several files: ${describe(found)}`));
  }

  const names = routeNames(canary);
  const owned: [string, string, string][] = [
    ["Deployment", primaryName(canary.targetRef.name), "apps"],
    ["Service", names.primary, ""],
    ["Service", names.canary, ""],
  ];
  if (canary.autoscalerRef !== undefined) owned.push(["HorizontalPodAutoscaler", primaryName(canary.autoscalerRef.name), "autoscaling"]);
  for (const [kind, name, group] of owned) {
    const found = lookup(kind, name, group);
    if (!("missing" in found)) {
      const where = "object" in found ? found.object.file.path : describe(found);
      issues.push(canaryIssue(canary, "metadata.name", `${kind} ${name} is canary-bot's to generate (in ${generatedPath}) but already exists in ${where}; remove it there`));
    }
  }

  let adoptedApexService: LocatedObject | undefined;
  const apexService = lookup("Service", names.apex, "");
  if ("object" in apexService) adoptedApexService = apexService.object;
  else if ("ambiguous" in apexService) issues.push(canaryIssue(canary, "spec.service.name", `Service ${names.apex} is defined in several files: ${describe(apexService)}`));

  let adoptedRoute: LocatedObject | undefined;
  const route = lookup("HTTPRoute", names.apex, "gateway.networking.k8s.io");
  if ("object" in route) adoptedRoute = route.object;
  else if ("ambiguous" in route) issues.push(canaryIssue(canary, "spec.service.name", `HTTPRoute ${names.apex} is defined in several files: ${describe(route)}`));

  if (issues.length > 0) return fail(issues);
  const configs = trackedConfigs(canary, index, target, generatedPath);
  return ok({
    index,
    generatedPath,
    ...(generated === undefined ? {} : { generated }),
    generatedObjects,
    target,
    label,
    configs,
    ...(hpa === undefined ? {} : { hpa }),
    ...(adoptedRoute === undefined ? {} : { adoptedRoute }),
    ...(adoptedApexService === undefined ? {} : { adoptedApexService }),
  });
}

export function kindAndName(o: Json): { readonly kind: string; readonly name: string } {
  const meta = o.metadata as Json | undefined;
  return { kind: typeof o.kind === "string" ? o.kind : "", name: typeof meta?.name === "string" ? meta.name : "" };
}
