import type { ResolvedAlert, ResolvedAlertProvider, ResolvedCanary, Severity } from "../spec/model.js";
import { alertReceives } from "./severity-routing.js";

export interface AlertDelivery {
  readonly alert: ResolvedAlert;
  readonly provider: ResolvedAlertProvider;
}

export interface MissingProvider {
  readonly alert: ResolvedAlert;
  /** e.g. `alert "on-call": AlertProvider flagger/on-call not found`. */
  readonly reason: string;
}

export type AlertRouting =
  /** The Canary has no `alerts`: Flagger sends every severity to the global notifier, if any. */
  | { readonly kind: "global" }
  | { readonly kind: "providers"; readonly deliveries: readonly AlertDelivery[]; readonly missing: readonly MissingProvider[] };

/**
 * Which providers receive a notification of `severity`, in the order of the Canary's `alerts`.
 * Provider references were resolved with the Canary's namespace as default. A reference to an
 * AlertProvider that does not exist is reported, not thrown, so the other alerts still go out.
 * Two alerts naming the same provider send twice, as Flagger does.
 */
export function selectAlertProviders(
  canary: ResolvedCanary,
  severity: Severity,
  providers: readonly ResolvedAlertProvider[],
): AlertRouting {
  if (canary.analysis.alerts.length === 0) return { kind: "global" };
  const deliveries: AlertDelivery[] = [];
  const missing: MissingProvider[] = [];
  for (const alert of canary.analysis.alerts) {
    if (!alertReceives(alert.severity, severity)) continue;
    const { name, namespace } = alert.providerRef;
    const provider = providers.find((p) => p.name === name && p.namespace === namespace);
    if (provider) deliveries.push({ alert, provider });
    else missing.push({ alert, reason: `alert "${alert.name}": AlertProvider ${namespace}/${name} not found` });
  }
  return { kind: "providers", deliveries, missing };
}
