import { credentialsFromSecret } from "../../core/analysis/credentials-from-secret.js";
import type { CredentialsResolver } from "./run-metrics.js";

/** Reads a Secret's decoded data; an `{ error }` says why it cannot (not found, forbidden…). */
export type SecretReader = (
  namespace: string,
  name: string,
) => Promise<{ readonly data: Readonly<Record<string, string>> } | { readonly error: string }>;

/** A credentials resolver over any Secret source, with Flagger's Prometheus key rules. */
export function secretCredentialsResolver(readSecret: SecretReader): CredentialsResolver {
  return async (namespace, secretName) => {
    const secret = await readSecret(namespace, secretName);
    if (!("data" in secret)) return { error: secret.error };
    return credentialsFromSecret(secret.data);
  };
}
