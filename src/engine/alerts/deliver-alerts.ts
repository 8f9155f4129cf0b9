import { buildAlertMessage } from "../../core/alerts/alert-message.js";
import { resolveProviderTarget } from "../../core/alerts/provider-target.js";
import { selectAlertProviders } from "../../core/alerts/select-alert-providers.js";
import type { NotifyEffect } from "../../core/machine/types.js";
import type { ResolvedAlertProvider, ResolvedCanary } from "../../core/spec/model.js";
import type { Notifier } from "../../ports/notifier.js";
import type { SecretReader } from "../analysis/secret-credentials-resolver.js";

export interface AlertDeliveryResult {
  /** `namespace/name` of the AlertProvider. */
  readonly provider: string;
  readonly ok: boolean;
  /** Why it was not sent; never contains the provider's address or token. */
  readonly reason?: string;
}

export interface DeliverAlertsInput {
  readonly effect: NotifyEffect;
  readonly canary: ResolvedCanary;
  readonly providers: readonly ResolvedAlertProvider[];
  readonly notifier: Notifier;
  readonly readSecret: SecretReader;
  /** Link to the check run, shown in the alert. */
  readonly url?: string;
  readonly clusterName?: string;
}

/**
 * Sends one notify effect to every AlertProvider whose alert severity receives it. One provider
 * failing never stops the others, and nothing here throws: results say what happened.
 */
export async function deliverAlerts(input: DeliverAlertsInput): Promise<readonly AlertDeliveryResult[]> {
  const routing = selectAlertProviders(input.canary, input.effect.severity, input.providers);
  if (routing.kind === "global") return [];
  const content = buildAlertMessage(input.effect, input.canary, {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.clusterName !== undefined ? { clusterName: input.clusterName } : {}),
  });
  const results: AlertDeliveryResult[] = routing.missing.map((m) => ({
    provider: `${m.alert.providerRef.namespace}/${m.alert.providerRef.name}`,
    ok: false,
    reason: m.reason,
  }));
  for (const { provider } of routing.deliveries) {
    const id = `${provider.namespace}/${provider.name}`;
    let secretData: Readonly<Record<string, string>> | undefined;
    if (provider.secretRef) {
      const secret = await input.readSecret(provider.namespace, provider.secretRef.name);
      secretData = "data" in secret ? secret.data : undefined;
    }
    const target = resolveProviderTarget(provider, secretData);
    if (!target.ok) {
      results.push({ provider: id, ok: false, reason: target.reason });
      continue;
    }
    const sent = await input.notifier.notify(provider, target.target.address, content, target.target.token !== undefined ? { token: target.target.token } : undefined);
    results.push(sent.ok ? { provider: id, ok: true } : { provider: id, ok: false, reason: sent.reason });
  }
  return results;
}
