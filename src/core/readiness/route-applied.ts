import type { AppliedState } from "../machine/types.js";
import type { ConditionLike } from "./condition.js";
import { describeCondition, findCondition } from "./condition.js";

/** A Gateway API `ParentReference` as written in spec or status. */
export interface ParentRefLike {
  readonly group?: string | undefined;
  readonly kind?: string | undefined;
  readonly namespace?: string | undefined;
  readonly name: string;
  readonly sectionName?: string | undefined;
  readonly port?: number | undefined;
}

export interface BackendRefLike {
  readonly group?: string | undefined;
  readonly kind?: string | undefined;
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly port?: number | undefined;
  readonly weight?: number | undefined;
}

export interface RouteMatchLike {
  readonly headers?: readonly { readonly name: string; readonly type?: string | undefined }[] | undefined;
}

/** The fields of a live `HTTPRoute` (`gateway.networking.k8s.io` v1 or v1beta1) the barrier reads. */
export interface HTTPRouteLike {
  readonly metadata: { readonly namespace: string; readonly name: string; readonly generation?: number | undefined };
  readonly spec?:
    | {
        readonly parentRefs?: readonly ParentRefLike[] | undefined;
        readonly rules?:
          | readonly {
              readonly matches?: readonly RouteMatchLike[] | undefined;
              readonly backendRefs?: readonly BackendRefLike[] | undefined;
            }[]
          | undefined;
      }
    | undefined;
  readonly status?:
    | {
        readonly parents?:
          | readonly {
              readonly parentRef: ParentRefLike;
              readonly controllerName?: string | undefined;
              readonly conditions?: readonly ConditionLike[] | undefined;
            }[]
          | undefined;
      }
    | undefined;
}

export interface ExpectedWeight {
  readonly backend: string;
  readonly weight: number;
}

/**
 * Does the live HTTPRoute carry the committed weights, accepted by its Gateways?
 *
 * Weights: every rule that routes to all the expected backends must give each of them its
 * expected weight (a missing weight is the Gateway API default, 1). Session-affinity rules that
 * match only on the `Cookie` header pin a backend on purpose and are skipped, as Flagger reads
 * weights from the weighted rule. At least one rule must route to all expected backends.
 *
 * Gateways: Flagger's readiness gate (v1 router, `GetRoutes`): for each status parent whose
 * `parentRef` is one of the spec's (compared with Gateway API defaults: group
 * `gateway.networking.k8s.io`, kind `Gateway`, the route's namespace), `Accepted` must be `True`
 * with `observedGeneration >= metadata.generation`. `ResolvedRefs=False` for the current
 * generation also holds the step, since traffic to an unresolved backend fails.
 *
 * Better than Flagger: an implementation that writes `Accepted=True` without `observedGeneration`
 * (linkerd/linkerd2#14964) blocks Flagger forever; here it counts as accepted and the result
 * carries a note saying the generation could not be confirmed. Parents absent from status are not
 * checked (as in Flagger); when no parent has reported at all, the note says so.
 */
export function routeApplied(route: HTTPRouteLike, expected: readonly ExpectedWeight[]): AppliedState {
  const { namespace, name, generation } = route.metadata;
  const id = `HTTPRoute ${namespace}/${name}`;

  const weights = weightsProblem(route, expected);
  if (weights !== undefined) return { state: "pending", reason: `${id} ${weights}` };

  const notes: string[] = [];
  const accepted: string[] = [];
  const specParents = route.spec?.parentRefs ?? [];
  const reported = (route.status?.parents ?? []).filter((p) =>
    specParents.some((s) => sameParent(s, p.parentRef, namespace)),
  );
  for (const parent of reported) {
    const who = parentLabel(parent.parentRef, namespace);
    const acceptedCondition = findCondition(parent.conditions, "Accepted");
    if (acceptedCondition === undefined) {
      return { state: "pending", reason: `${id}: parent ${who} has not reported Accepted yet` };
    }
    if (acceptedCondition.status !== "True") {
      return {
        state: "pending",
        reason: `${id}: parent ${who} reports Accepted=${acceptedCondition.status} (${describeCondition(acceptedCondition)})`,
      };
    }
    const observed = acceptedCondition.observedGeneration;
    if (generation !== undefined && observed === undefined) {
      notes.push(`parent ${who} reports Accepted without observedGeneration, so acceptance of generation ${generation} is assumed`);
    } else if (generation !== undefined && observed !== undefined && observed < generation) {
      return {
        state: "pending",
        reason: `${id}: waiting for parent ${who} to accept generation ${generation} (it has accepted generation ${observed})`,
      };
    }
    const resolved = findCondition(parent.conditions, "ResolvedRefs");
    if (
      resolved?.status === "False" &&
      (generation === undefined || resolved.observedGeneration === undefined || resolved.observedGeneration >= generation)
    ) {
      return { state: "pending", reason: `${id}: parent ${who} reports ResolvedRefs=False (${describeCondition(resolved)})` };
    }
    accepted.push(who);
  }
  if (specParents.length > 0 && reported.length === 0) {
    notes.push("no parent has reported status for this route, so only the weights were verified");
  }

  const at = generation === undefined ? "" : ` generation ${generation}`;
  const by = accepted.length === 0 ? "" : `, accepted by ${accepted.join(", ")}`;
  const via = `${id}${at} routes ${formatWeights(expected)}${by}`;
  return notes.length === 0
    ? { state: "applied", verified: true, via }
    : { state: "applied", verified: true, via, note: notes.join("; ") };
}

function weightsProblem(route: HTTPRouteLike, expected: readonly ExpectedWeight[]): string | undefined {
  const rules = route.spec?.rules ?? [];
  const routing = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => expected.every((e) => serviceRef(rule.backendRefs, e.backend) !== undefined));
  if (routing.length === 0) {
    return `has no rule routing to ${expected.map((e) => e.backend).join(" and ")}`;
  }
  const weighted = routing.filter(({ rule }) => !isCookieRule(rule.matches));
  const checked = weighted.length > 0 ? weighted : routing;
  for (const { rule, index } of checked) {
    const actual = expected.map((e) => ({ backend: e.backend, weight: serviceRef(rule.backendRefs, e.backend)?.weight ?? 1 }));
    if (actual.some((a, i) => a.weight !== expected[i]?.weight)) {
      return `routes ${formatWeights(actual)} in rule ${index + 1}, expected ${formatWeights(expected)}`;
    }
  }
  return undefined;
}

function serviceRef(refs: readonly BackendRefLike[] | undefined, name: string): BackendRefLike | undefined {
  return refs?.find((r) => r.name === name && (r.kind ?? "Service") === "Service" && (r.group ?? "") === "");
}

/** Flagger's sticky and cleanup rules match on the Cookie header alone. */
function isCookieRule(matches: readonly RouteMatchLike[] | undefined): boolean {
  if (matches === undefined || matches.length === 0) return false;
  return matches.every((m) => (m.headers ?? []).some((h) => h.name.toLowerCase() === "cookie"));
}

function sameParent(a: ParentRefLike, b: ParentRefLike, routeNamespace: string): boolean {
  return (
    (a.group ?? "gateway.networking.k8s.io") === (b.group ?? "gateway.networking.k8s.io") &&
    (a.kind ?? "Gateway") === (b.kind ?? "Gateway") &&
    (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
    a.name === b.name &&
    a.sectionName === b.sectionName &&
    a.port === b.port
  );
}

function parentLabel(ref: ParentRefLike, routeNamespace: string): string {
  const kind = ref.kind ?? "Gateway";
  const section = ref.sectionName === undefined ? "" : `#${ref.sectionName}`;
  return `${kind} ${ref.namespace ?? routeNamespace}/${ref.name}${section}`;
}

function formatWeights(weights: readonly ExpectedWeight[]): string {
  return weights.map((w) => `${w.backend}=${w.weight}`).join(", ");
}
