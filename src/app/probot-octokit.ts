/**
 * Probot's Octokit class for production, with the bot's rate-limit and retry policy (the same
 * as `createOctokit` outside Probot): throttle handlers that wait out short limits and fail long
 * ones as TransientErrors (the engine requeues), and no retries of 409/429 by plugin-retry.
 *
 * Uses the FUNCTION form of `ProbotOctokit.defaults`: Probot injects its own throttle options
 * (and, with Redis, the shared Bottleneck connection) into every instance, which would replace
 * an object-form `throttle`. The function receives those options and keeps everything but the
 * two handlers, so clustering through Redis keeps working.
 */
import { ProbotOctokit } from "probot";
import { DEFAULT_RATE_LIMIT_POLICY, DO_NOT_RETRY, throttleHandlers, type OctokitLog, type RateLimitPolicy } from "../adapters/github/create-octokit.js";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

export function probotOctokitOptions(options: OctokitOptions, log: OctokitLog, policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY): OctokitOptions {
  return {
    ...options,
    throttle: { ...options.throttle, ...throttleHandlers(log, policy) },
    retry: { ...options.retry, doNotRetry: [...DO_NOT_RETRY] },
  };
}

/** Pass as `new Probot({ Octokit: probotOctokit(log) })` or `run(app, { Octokit })`. */
export function probotOctokit(log: OctokitLog, policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: OctokitOptions) => probotOctokitOptions(options, log, policy));
}
