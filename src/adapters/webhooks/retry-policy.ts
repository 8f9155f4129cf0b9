/**
 * hashicorp/go-retryablehttp's default policy, which Flagger's webhook client uses with
 * `RetryMax = retries`: retry transport errors (except certificate and malformed-URL errors), 429
 * and every 5xx except 501; wait `min * 2^attempt`, capped at `max`, or what `Retry-After` says
 * on a 429/503.
 */
import type { HttpPostResult } from "./http-post.js";

export interface BackoffConfig {
  /** go-retryablehttp's RetryWaitMin: 1 s. */
  readonly minMs: number;
  /** go-retryablehttp's RetryWaitMax: 30 s. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { minMs: 1_000, maxMs: 30_000 };

export function shouldRetry(result: HttpPostResult): boolean {
  if (result.kind === "error") return result.code !== "tls-certificate";
  const { status } = result;
  return status === 429 || status === 0 || (status >= 500 && status !== 501);
}

/**
 * Wait before retry number `attempt + 1` (attempt counts from 0). go-retryablehttp honours any
 * `Retry-After` without a cap; here it is capped at `maxMs`, because a tick that sleeps for an
 * hour on one webhook stalls the whole rollout.
 */
export function backoffMs(attempt: number, result: HttpPostResult, config: BackoffConfig): number {
  if (result.kind === "response" && (result.status === 429 || result.status === 503)) {
    const retryAfter = parseRetryAfter(result.headers["retry-after"]);
    if (retryAfter !== undefined) return Math.min(retryAfter, config.maxMs);
  }
  const wait = config.minMs * 2 ** attempt;
  return Number.isFinite(wait) ? Math.min(wait, config.maxMs) : config.maxMs;
}

/** Seconds (go-retryablehttp) or an HTTP date (its newer releases); past dates mean no wait. */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - Date.now());
}
