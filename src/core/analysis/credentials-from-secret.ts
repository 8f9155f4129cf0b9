/**
 * Credentials of a Prometheus MetricTemplate from its Secret's data (decoded): `token` gives a
 * bearer token, otherwise `username` and `password` give basic auth (Flagger's
 * `NewPrometheusProvider`). Messages name keys, never values.
 *
 * One trailing newline is dropped from each value: Secrets made with `echo … | kubectl create
 * secret` carry one, and a newline makes the Authorization header invalid (Flagger then fails
 * every query).
 */

/** Same shape as the metrics port's `ProviderCredentials`. */
export type SecretCredentials =
  | { readonly kind: "none" }
  | { readonly kind: "bearer"; readonly token: string }
  | { readonly kind: "basic"; readonly username: string; readonly password: string };

function clean(value: string): string {
  return value.replace(/\r?\n$/, "");
}

export function credentialsFromSecret(
  data: Readonly<Record<string, string>>,
): SecretCredentials | { readonly error: string } {
  const has = (key: string) => Object.hasOwn(data, key);
  if (has("token")) {
    const token = clean(data.token ?? "");
    if (token === "") return { error: 'key "token" is empty' };
    return { kind: "bearer", token };
  }
  const hasUser = has("username");
  const hasPassword = has("password");
  if (hasUser && hasPassword) {
    const username = clean(data.username ?? "");
    const password = clean(data.password ?? "");
    if (username === "" || password === "") return { error: 'keys "username" and "password" must not be empty' };
    return { kind: "basic", username, password };
  }
  if (hasUser) return { error: 'key "username" is set but "password" is missing' };
  if (hasPassword) return { error: 'key "password" is set but "username" is missing' };
  const keys = Object.keys(data).sort();
  const found = keys.length ? keys.map((k) => JSON.stringify(k)).join(", ") : "no keys";
  return { error: `expected key "token", or keys "username" and "password"; found ${found}` };
}
