/**
 * Masks credentials inside free text (messages, error texts, response bodies) that key-based
 * redaction cannot see: GitHub tokens, Bearer tokens, passwords in URLs and the secret parts of
 * chat webhook URLs (an alert provider's address is a credential).
 */
export const MASK = "[redacted]";

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // GitHub tokens: classic and fine-grained PATs, OAuth, user-to-server, installation, refresh.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, MASK],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // `https://user:password@host`, `redis://:password@host`
  [/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, `$1${MASK}@`],
  [/(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s"'<>]+/gi, `$1${MASK}`],
  [/(discord(?:app)?\.com\/api\/webhooks\/)[^\s"'<>]+/gi, `$1${MASK}`],
  [/(\.webhook\.office\.com\/)[^\s"'<>]+/gi, `$1${MASK}`],
  [/(\.logic\.azure\.com(?::\d+)?\/)[^\s"'<>]+/gi, `$1${MASK}`],
  // Google Chat keys and tokens, and any other credential carried in a query string.
  [/([?&](?:key|token|access_token|sig|signature|secret|password)=)[^&\s"'<>]+/gi, `$1${MASK}`],
];

export function scrubSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * `value` with every string inside scrubbed, copied only where something changed. Stops at
 * `maxDepth` (deeper values pass through as they are) and never follows a cycle.
 */
export function scrubValue(value: unknown, maxDepth = 6, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (typeof value !== "object" || value === null || maxDepth <= 0 || seen.has(value)) return value;
  if (value instanceof Error) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    const copy = items.map((item) => scrubValue(item, maxDepth - 1, seen));
    return copy.some((item, i) => item !== items[i]) ? copy : value;
  }
  // Only plain objects are copied; class instances (Dates, Buffers, ...) are left to their serializers.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const scrubbed = scrubValue(item, maxDepth - 1, seen);
    if (scrubbed !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = scrubbed;
    }
  }
  return copy ?? value;
}
