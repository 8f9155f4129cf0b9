/**
 * The Redis address as it may appear in logs and error messages: the password (and only the
 * password) replaced by `***`. An unparseable URL is not echoed at all, since it may hold one.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "redis (REDIS_URL is not a valid URL)";
  }
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

/** The password in a Redis URL, decoded, so error texts can be scrubbed of it; "" when none. */
export function redisPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return "";
  }
}
