import { retry } from "@octokit/plugin-retry";
import { throttling, type ThrottlingOptions } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { GitHubClient } from "./github-client.js";

export interface OctokitLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How long a request may wait in-process for GitHub's rate limits before it gives up. */
export interface RateLimitPolicy {
  /** Waits longer than this fail the request as a TransientError; the engine requeues it. */
  readonly maxWaitSeconds: number;
  /** Retries per request after a rate-limit answer. */
  readonly maxRetries: number;
  /** Milliseconds per second of `retry-after`; only tests change it. */
  readonly retryAfterBaseValue: number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { maxWaitSeconds: 60, maxRetries: 2, retryAfterBaseValue: 1000 };

/**
 * Statuses plugin-retry must not retry. Its defaults plus 409 (a compare-and-swap write refused:
 * repeating it cannot succeed) and 429 (rate limits are plugin-throttling's job; plugin-retry
 * would come back after 1, 4 and 9 s, far sooner than GitHub's "wait at least a minute").
 */
export const DO_NOT_RETRY: readonly number[] = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/**
 * Throttle handlers: retry a rate-limited request while the wait is short, otherwise let it fail.
 * A failed request becomes a TransientError carrying the wait (`translate-error.ts`), so a rate
 * limit delays a rollout and never fails it.
 *
 * The Probot app uses the same handlers for its installation clients, through the function form
 * of `ProbotOctokit.defaults` (the object form is overridden by Probot's own throttle options):
 * `ProbotOctokit.defaults((o) => ({ ...o, throttle: { ...o.throttle, ...throttleHandlers(log) },
 * retry: { doNotRetry: DO_NOT_RETRY } }))`, and passes `context.octokit` to the adapters.
 */
export function throttleHandlers(
  log: OctokitLog,
  policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY,
): Pick<ThrottlingOptions & { enabled: true }, "onRateLimit" | "onSecondaryRateLimit" | "retryAfterBaseValue"> {
  const decide = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const wait = retryAfter <= policy.maxWaitSeconds && retryCount < policy.maxRetries;
    log.warn(
      `${kind} for ${options.method} ${options.url}: ${wait ? `retrying in ${String(retryAfter)} s` : `not waiting ${String(retryAfter)} s here, the work is requeued`} (retry ${String(retryCount + 1)} of ${String(policy.maxRetries)})`,
    );
    return wait;
  };
  return {
    onRateLimit: decide("GitHub rate limit"),
    onSecondaryRateLimit: decide("GitHub secondary rate limit"),
    retryAfterBaseValue: policy.retryAfterBaseValue,
  };
}

export interface CreateOctokitOptions {
  /** A token: installation token, fine-grained or classic PAT. */
  readonly auth: string;
  /** REST base URL; `https://<host>/api/v3` for GitHub Enterprise Server. */
  readonly baseUrl?: string;
  readonly userAgent?: string;
  readonly log: OctokitLog;
  readonly rateLimits?: RateLimitPolicy;
  /** plugin-retry's retries for 5xx and network failures (default 3: after 1, 4 and 9 s). */
  readonly retries?: number;
  /** Distinct throttle id isolates limiters (they are shared per id across the process). */
  readonly throttleId?: string;
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);

/**
 * An Octokit for use outside Probot (CLI, scripts, tests): plugin-throttling spaces writes and
 * handles rate limits, plugin-retry retries 5xx and network failures.
 */
export function createOctokit(options: CreateOctokitOptions): GitHubClient {
  return new ThrottledOctokit({
    auth: options.auth,
    log: options.log,
    userAgent: options.userAgent ?? "canary-bot",
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    throttle: {
      ...throttleHandlers(options.log, options.rateLimits),
      ...(options.throttleId === undefined ? {} : { id: options.throttleId }),
    },
    retry: {
      doNotRetry: [...DO_NOT_RETRY],
      retries: options.retries ?? 3,
      retryAfterBaseValue: (options.rateLimits ?? DEFAULT_RATE_LIMIT_POLICY).retryAfterBaseValue,
    },
  });
}
