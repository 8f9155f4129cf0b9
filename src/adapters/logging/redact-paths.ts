/**
 * Keys whose values never reach a log line, at any depth up to four levels (pino's redaction
 * matches a wildcard against one level, so each key is listed once per depth).
 */
export const SECRET_KEYS: readonly string[] = [
  "token",
  "accessToken",
  "refreshToken",
  "statusToken",
  "password",
  "privateKey",
  "webhookSecret",
  "clientSecret",
  "secret",
  "authorization",
  "Authorization",
  "cookie",
  // An alert provider's address is the webhook URL itself, which grants posting; so is its proxy's userinfo.
  "address",
  "proxy",
  "redisUrl",
];

const DEPTHS = 4;

export function redactPaths(keys: readonly string[] = SECRET_KEYS): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    for (let depth = 0; depth < DEPTHS; depth++) paths.push([...Array<string>(depth).fill("*"), key].join("."));
  }
  return paths;
}
