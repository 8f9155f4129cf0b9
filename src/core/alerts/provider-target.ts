import type { ResolvedAlertProvider } from "../spec/model.js";

/** Where and how to post: the address is a secret and must never be logged. */
export interface ProviderTarget {
  readonly address: string;
  /** Slack bot token (Secret key `token`), sent as `Authorization: Bearer`. */
  readonly token?: string;
}

export type ProviderTargetResult =
  | { readonly ok: true; readonly target: ProviderTarget }
  | { readonly ok: false; readonly reason: string };

/**
 * Flagger's address resolution: with `secretRef`, the Secret's `address` key is required and
 * overrides `spec.address`, and its optional `token` key is the Slack bot token; without it,
 * `spec.address` is used. `secretData` holds the Secret's decoded data, or `undefined` when the
 * Secret could not be read. Reasons name the provider and the Secret, never the address.
 */
export function resolveProviderTarget(
  provider: ResolvedAlertProvider,
  secretData: Readonly<Record<string, string>> | undefined,
): ProviderTargetResult {
  const id = `AlertProvider ${provider.namespace}/${provider.name}`;
  if (provider.secretRef) {
    const secret = `Secret ${provider.namespace}/${provider.secretRef.name}`;
    if (secretData === undefined) return { ok: false, reason: `${id}: ${secret} not found` };
    const address = secretData.address?.trim();
    if (address === undefined || address === "") {
      return { ok: false, reason: `${id}: ${secret} has no "address" key` };
    }
    const token = secretData.token?.trim();
    return { ok: true, target: token === undefined || token === "" ? { address } : { address, token } };
  }
  const address = provider.address?.trim();
  if (address === undefined || address === "") {
    return { ok: false, reason: `${id}: neither spec.address nor spec.secretRef is set` };
  }
  return { ok: true, target: { address } };
}
