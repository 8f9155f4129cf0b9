import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * Whether the request carries `Authorization: Bearer <expected>`. Compared in constant time
 * over fixed-length digests, so neither the token's content nor its length leaks through timing.
 */
export function hasBearerToken(request: IncomingMessage, expected: string): boolean {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const given = match?.[1] ?? "";
  // Always compare, even without a token, so a missing header costs the same as a wrong one.
  const equal = timingSafeEqual(digest(given), digest(expected));
  return match !== null && equal;
}
