import { Octokit } from "@octokit/rest";
import { TransientError } from "../../../src/core/errors.js";
import type { GitHubClient } from "../../../src/adapters/github/github-client.js";

/** A plain Octokit: no throttling or retries, so each mocked request happens exactly once. */
export function testOctokit(): GitHubClient {
  return new Octokit({ auth: "ghs_test", log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
}

/** The rejection of `promise`, for asserting on error class and exact message together. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** The wait a TransientError carries; fails for any other error. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof TransientError)) throw new Error(`expected a TransientError, got ${String(error)}`, { cause: error });
  return error.retryAfterMs;
}
