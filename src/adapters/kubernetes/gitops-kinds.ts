/** The custom resources the observer reads, at the API versions current Flux and Argo CD serve. */
export interface CustomKind {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
}

export const FLUX_KUSTOMIZATION: CustomKind = {
  group: "kustomize.toolkit.fluxcd.io",
  version: "v1",
  plural: "kustomizations",
  kind: "Kustomization",
};

export const FLUX_GIT_REPOSITORY: CustomKind = {
  group: "source.toolkit.fluxcd.io",
  version: "v1",
  plural: "gitrepositories",
  kind: "GitRepository",
};

export const ARGO_APPLICATION: CustomKind = {
  group: "argoproj.io",
  version: "v1alpha1",
  plural: "applications",
  kind: "Application",
};

/** The annotation Flux watches to reconcile now; its value is echoed in `status.lastHandledReconcileAt`. */
export const FLUX_RECONCILE_ANNOTATION = "reconcile.fluxcd.io/requestedAt";

export function httpRouteKind(apiVersion: string): CustomKind {
  const slash = apiVersion.indexOf("/");
  return {
    group: slash === -1 ? "gateway.networking.k8s.io" : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    plural: "httproutes",
    kind: "HTTPRoute",
  };
}
