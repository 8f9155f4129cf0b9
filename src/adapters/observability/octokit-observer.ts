/**
 * Counts GitHub API calls and reads the rate-limit budget from the answers, through Octokit's
 * request hooks. Hooks added after construction wrap the plugins' (throttling, retry), so one
 * count is one call the bot made; retries inside it are not counted again.
 */
import type { BotSeries } from "./bot-series.js";

type Headers = Readonly<Record<string, string | number | undefined>>;

export interface RequestHookOptions {
  readonly method: string;
  readonly url: string;
}

/** The part of an Octokit instance (`@octokit/rest`'s or Probot's) the observer uses. */
export interface ObservableOctokit {
  readonly hook: {
    after(name: "request", hook: (response: { readonly status: number; readonly headers: Headers }, options: RequestHookOptions) => void): void;
    error(name: "request", hook: (error: unknown, options: RequestHookOptions) => never): void;
  };
}

function headerNumber(headers: Headers | undefined, name: string): number | undefined {
  const value = headers?.[name];
  if (value === undefined || value === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Status and headers of the answer a failed request got; none when no answer came (Octokit then says 500). */
function responseOf(error: unknown): { status: number | undefined; headers: Headers | undefined } {
  const response = typeof error === "object" && error !== null && "response" in error ? error.response : undefined;
  if (typeof response !== "object" || response === null) return { status: undefined, headers: undefined };
  const status = "status" in response && typeof response.status === "number" ? response.status : undefined;
  const headers = "headers" in response && typeof response.headers === "object" && response.headers !== null ? (response.headers as Headers) : undefined;
  return { status, headers };
}

export function octokitObserver(series: BotSeries): (octokit: ObservableOctokit) => void {
  const record = (method: string, status: number | undefined, headers: Headers | undefined) => {
    series.githubRequests.inc({ method: method.toUpperCase(), status: status === undefined || status === 0 ? "error" : String(status) });
    const remaining = headerNumber(headers, "x-ratelimit-remaining");
    if (remaining === undefined) return;
    const resource = headers?.["x-ratelimit-resource"];
    series.rateLimitRemaining.set({ resource: typeof resource === "string" && resource !== "" ? resource : "core" }, remaining);
  };
  // Observing an instance twice would count its calls twice.
  const observed = new WeakSet<ObservableOctokit>();
  return (octokit) => {
    if (observed.has(octokit)) return;
    observed.add(octokit);
    octokit.hook.after("request", (response, options) => {
      record(options.method, response.status, response.headers);
    });
    octokit.hook.error("request", (error, options) => {
      const { status, headers } = responseOf(error);
      record(options.method, status, headers);
      throw error;
    });
  };
}
