import type { ResolvedCanary } from "../spec/model.js";

/** Names Flagger derives from the apex: the route and apex Service, and the two backends. */
export interface RouteNames {
  readonly apex: string;
  readonly primary: string;
  readonly canary: string;
}

export function routeNames(canary: ResolvedCanary): RouteNames {
  const apex = canary.service.apex;
  return { apex, primary: `${apex}-primary`, canary: `${apex}-canary` };
}

export function apiVersionOf(canary: ResolvedCanary): "gateway.networking.k8s.io/v1" | "gateway.networking.k8s.io/v1beta1" {
  return canary.gatewayApi === "v1" ? "gateway.networking.k8s.io/v1" : "gateway.networking.k8s.io/v1beta1";
}
