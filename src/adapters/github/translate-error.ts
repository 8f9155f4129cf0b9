import { AppError, ConflictError, ForbiddenError, InvariantError, TransientError } from "../../core/errors.js";

/**
 * Octokit's errors, narrowed by shape: `@octokit/request-error` (HttpError) and
 * `@octokit/graphql` (GraphqlResponseError) are not dependencies of this project, only of Octokit.
 */
interface HttpErrorLike {
  readonly name: "HttpError";
  readonly status: number;
  readonly message: string;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly headers?: Readonly<Record<string, unknown>>; readonly data?: unknown };
}

interface GraphqlErrorEntry {
  readonly type?: string;
  readonly message: string;
}

interface GraphqlErrorLike {
  readonly name: "GraphqlResponseError";
  readonly errors: readonly GraphqlErrorEntry[];
  readonly headers?: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isHttpError(error: unknown): error is HttpErrorLike {
  return error instanceof Error && error.name === "HttpError" && typeof (error as Partial<HttpErrorLike>).status === "number";
}

export function isGraphqlError(error: unknown): error is GraphqlErrorLike {
  return error instanceof Error && error.name === "GraphqlResponseError" && Array.isArray((error as Partial<GraphqlErrorLike>).errors);
}

/** HTTP status of an Octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  return isHttpError(error) ? error.status : undefined;
}

function header(headers: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/** `METHOD /path` of the failed request, with `%2F` in refs and paths made readable again. */
function callOf(error: HttpErrorLike, fallback: string): string {
  const method = error.request?.method;
  const url = error.request?.url;
  if (method === undefined || url === undefined) return fallback;
  try {
    const pathname = decodeURIComponent(new URL(url, "https://api.github.com").pathname).replace(/^\/api\/v3(?=\/)/, "");
    return pathname === "/graphql" ? fallback : `${method} ${pathname}`;
  } catch {
    return fallback;
  }
}

/** GitHub's own words: the body's `message` plus each detail in `errors`, verbatim. */
export function gitHubMessage(error: HttpErrorLike): string {
  const data = error.response?.data;
  if (isRecord(data) && typeof data.message === "string") {
    const details = Array.isArray(data.errors)
      ? data.errors
          .map((e: unknown) => (typeof e === "string" ? e : isRecord(e) && typeof e.message === "string" ? e.message : undefined))
          .filter((m): m is string => m !== undefined && m !== "" && !data.message?.toString().includes(m))
      : [];
    return [data.message.trim(), ...details].join("; ");
  }
  // Octokit appends the documentation link to the message; the link is not GitHub's message.
  return error.message.replace(/ - https:\/\/docs\.github\.com\S*$/, "").trim();
}

const SECONDARY = /secondary rate limit/i;
const FALLBACK_SECONDARY_WAIT_MS = 60_000;

/**
 * How long GitHub asks us to wait: `retry-after` (seconds), else the primary limit's
 * `x-ratelimit-reset` (epoch seconds) when nothing remains, else a minute for a secondary limit.
 */
export function retryAfterMs(headers: Readonly<Record<string, unknown>> | undefined, message: string, now: number): number | undefined {
  const retryAfter = Number(header(headers, "retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const reset = Number(header(headers, "x-ratelimit-reset"));
  if (header(headers, "x-ratelimit-remaining") === "0" && Number.isFinite(reset) && reset > 0) {
    return Math.max(1000, reset * 1000 - now);
  }
  return SECONDARY.test(message) ? FALLBACK_SECONDARY_WAIT_MS : undefined;
}

function isRateLimited(error: HttpErrorLike, message: string): boolean {
  return (
    error.status === 429 ||
    SECONDARY.test(message) ||
    /rate limit exceeded/i.test(message) ||
    header(error.response?.headers, "x-ratelimit-remaining") === "0"
  );
}

function fromHttpError(error: HttpErrorLike, call: string, now: number): AppError {
  const message = gitHubMessage(error);
  const text = `${call}: ${String(error.status)} ${message}`;
  const options = { cause: error };
  const status = error.status;
  if ((status === 403 || status === 429) && isRateLimited(error, message)) {
    return new TransientError(text, retryAfterMs(error.response?.headers, message, now), options);
  }
  if (status >= 500 || status === 429) {
    return new TransientError(text, retryAfterMs(error.response?.headers, message, now), options);
  }
  if (status === 409) {
    // The Git database answers 409 on an empty repository: nothing to re-read, a person must push first.
    return /repository is empty/i.test(message) ? new ForbiddenError(text, options) : new ConflictError(text, options);
  }
  if (status === 422 && /not a fast[- ]forward|expected head sha|head branch was modified/i.test(message)) {
    return new ConflictError(text, options);
  }
  if (status === 400) return new InvariantError(text);
  // 401, 403, 404 (GitHub hides what an installation may not see), 405, 410, 422, 451.
  return new ForbiddenError(text, options);
}

function fromGraphqlError(error: GraphqlErrorLike, call: string, now: number): AppError {
  const message = error.errors.map((e) => e.message.trim()).join("; ");
  const types = error.errors.map((e) => e.type ?? "");
  const text = `${call}: ${message}`;
  const options = { cause: error };
  if (types.includes("STALE_DATA") || /expected branch to point to/i.test(message)) return new ConflictError(text, options);
  if (types.includes("RATE_LIMITED") || SECONDARY.test(message)) {
    return new TransientError(text, retryAfterMs(error.headers, message, now) ?? FALLBACK_SECONDARY_WAIT_MS, options);
  }
  if (/something went wrong while executing your query|timeout/i.test(message)) return new TransientError(text, undefined, options);
  // FORBIDDEN, BRANCH_PROTECTION_RULE_VIOLATION, rulesets' UNPROCESSABLE, NOT_FOUND, …
  return new ForbiddenError(text, options);
}

/**
 * Translates whatever an Octokit call threw into an AppError naming the failing call, e.g.
 * `PATCH /repos/acme/deploys/git/refs/heads/main: 422 Update is not a fast forward`.
 * `call` names the request when the error does not (GraphQL, network failures).
 */
export function toAppError(error: unknown, call: string, now: number = Date.now()): AppError {
  if (error instanceof AppError) return error;
  if (isHttpError(error)) return fromHttpError(error, callOf(error, call), now);
  if (isGraphqlError(error)) return fromGraphqlError(error, call, now);
  // plugin-throttling throws a plain Error when it gives up on a GraphQL RATE_LIMITED answer.
  if (error instanceof Error && /rate limit/i.test(error.message)) {
    const headers = isRecord(error) && isRecord(error.response) && isRecord(error.response.headers) ? error.response.headers : undefined;
    return new TransientError(`${call}: ${error.message}`, retryAfterMs(headers, error.message, now) ?? FALLBACK_SECONDARY_WAIT_MS, { cause: error });
  }
  // Octokit reports network failures and timeouts as HttpError 500, so anything else is ours.
  const detail = error instanceof Error ? error.message : String(error);
  return new InvariantError(`${call}: ${detail}`);
}

/** Runs one GitHub call and translates its failure at the boundary. */
export async function gitHubCall<T>(call: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error: unknown) {
    throw toAppError(error, call);
  }
}

/** Like `gitHubCall`, with 404 answered as undefined: for reads where "absent" is an answer. */
export async function gitHubLookup<T>(call: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error: unknown) {
    if (statusOf(error) === 404) return undefined;
    throw toAppError(error, call);
  }
}
