/**
 * Building the traffic a commit writes. Session cookies follow Flagger's router: generated with
 * the first canary weight above 0, kept for the whole run, and moved to `previousCookie` (which
 * the route answers with `Max-Age=-1`) when the canary weight returns to 0.
 */
import type { ResolvedCanary } from "../spec/model.js";
import { TOTAL_WEIGHT, clampWeight } from "./next-weight.js";
import { sessionCookieValues } from "./session-cookie.js";
import type { RolloutRecord, TrafficState } from "./types.js";

/** All traffic on the primary, nothing mirrored, no cookies: what bootstrap writes. */
export const PRIMARY_ONLY: TrafficState = { primaryWeight: TOTAL_WEIGHT, canaryWeight: 0, mirrored: false };

export function trafficWith(
  canary: ResolvedCanary,
  record: RolloutRecord,
  canaryWeight: number,
  mirrored = false,
): TrafficState {
  const weight = clampWeight(canaryWeight);
  const base = { primaryWeight: TOTAL_WEIGHT - weight, canaryWeight: weight, mirrored };
  const affinity = canary.strategy === "canary-session-affinity" ? canary.analysis.sessionAffinity : undefined;
  if (affinity === undefined) return base;

  const previous = record.traffic;
  if (weight === 0) {
    const previousCookie = previous.canaryCookie ?? previous.previousCookie;
    return previousCookie === undefined ? base : { ...base, previousCookie };
  }

  const values = sessionCookieValues({
    namespace: canary.namespace,
    name: canary.name,
    revision: record.revision,
    startedAt: record.startedAt ?? record.lastTransitionAt,
  });
  const canaryCookie = previous.canaryCookie ?? `${affinity.cookieName}=${values.canary}`;
  const primaryCookie =
    affinity.primaryCookieName === undefined
      ? undefined
      : (previous.primaryCookie ?? `${affinity.primaryCookieName}=${values.primary}`);
  return {
    ...base,
    canaryCookie,
    ...(primaryCookie === undefined ? {} : { primaryCookie }),
    ...(previous.previousCookie === undefined ? {} : { previousCookie: previous.previousCookie }),
  };
}

export function sameTraffic(a: TrafficState, b: TrafficState): boolean {
  return a.primaryWeight === b.primaryWeight && a.canaryWeight === b.canaryWeight && a.mirrored === b.mirrored;
}
