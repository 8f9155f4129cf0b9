/** The objects of the generated file, built from the repository and the rollout's inputs. */
import type { TrafficState } from "../machine/types.js";
import { renderHttpRoute } from "../routing/render-http-route.js";
import type { ResolvedCanary, SourceLocation } from "../spec/model.js";
import type { SpecIssue } from "../errors.js";
import type { CanaryContext } from "./canary-context.js";
import { primaryConfig, primaryDeployment, primaryHpa } from "./primary-objects.js";
import { generatedServices } from "./services.js";

type Json = Record<string, unknown>;

/** Primary Deployment, primary HPA and `-primary` config copies. */
export function primaryObjects(canary: ResolvedCanary, context: CanaryContext, revision: string, keepReplicas?: number): Json[] {
  const out: Json[] = [primaryDeployment(canary, context.target, context.label, context.configs, revision, keepReplicas)];
  if (context.hpa !== undefined) out.push(primaryHpa(canary, context.hpa));
  for (const c of context.configs) out.push(primaryConfig(canary, c));
  return out;
}

/** Services canary-bot generates (the apex one only when the user has none). */
export function serviceObjects(canary: ResolvedCanary, context: CanaryContext): Json[] {
  const s = generatedServices(canary, context.label);
  return context.adoptedApexService === undefined ? [s.apex, s.primary, s.canary] : [s.primary, s.canary];
}

export function routeObject(canary: ResolvedCanary, traffic: TrafficState): { readonly route: Json } | { readonly issues: readonly SpecIssue[] } {
  const r = renderHttpRoute(canary, traffic);
  if ("errors" in r) {
    const location: SourceLocation = canary.location;
    return { issues: r.errors.map((e) => ({ location, field: e.field, message: e.message, severity: "error" as const })) };
  }
  return { route: r.route as unknown as Json };
}
