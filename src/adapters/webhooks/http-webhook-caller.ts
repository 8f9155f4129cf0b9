import { setTimeout as sleep } from "node:timers/promises";
import { marshalJson } from "../../core/hooks/marshal-json.js";
import type { WebhookOutcome } from "../../core/machine/types.js";
import type { WebhookCall, WebhookCaller } from "../../ports/webhook-caller.js";
import { httpPost, type HttpPostResult } from "./http-post.js";
import { backoffMs, DEFAULT_BACKOFF, shouldRetry, type BackoffConfig } from "./retry-policy.js";

export interface HttpWebhookCallerOptions {
  /** Retry waits; tests use a few milliseconds. Default: go-retryablehttp's 1 s … 30 s. */
  readonly backoff?: BackoffConfig;
  /** Response bytes kept in `detail` when a hook fails. Default 1 KiB. */
  readonly maxDetailBytes?: number;
  readonly userAgent?: string;
}

/**
 * Calls Canary webhooks the way Flagger does (pkg/controller/webhook.go): POST the JSON payload
 * with `Content-Type: application/json`, the hook's timeout per attempt, its `retries` with
 * go-retryablehttp's policy, and certificate checks off when `disableTLS` is set. Success is a
 * status of at most 202: 200, 201 and 202 pass; 204 and everything above fail.
 *
 * Differences from Flagger, on purpose:
 * - Redirects are not followed. Go's client follows them and turns a POST into a GET on
 *   301/302/303, which silently drops the payload; here a 3xx is a failure that says where it
 *   pointed.
 * - When retries run out on a 5xx, the last response body is kept (go-retryablehttp discards it
 *   and reports only "giving up after N attempts").
 */
export class HttpWebhookCaller implements WebhookCaller {
  readonly #backoff: BackoffConfig;
  readonly #maxDetailBytes: number;
  readonly #userAgent: string;

  constructor(options: HttpWebhookCallerOptions = {}) {
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#maxDetailBytes = options.maxDetailBytes ?? 1024;
    this.#userAgent = options.userAgent ?? "canary-bot";
  }

  async call(call: WebhookCall): Promise<WebhookOutcome> {
    const started = performance.now();
    const base = { name: call.name, type: call.type };
    const elapsed = (): number => Math.round(performance.now() - started);
    try {
      const url = parseHookUrl(call.url);
      if (typeof url === "string") return { ...base, ok: false, durationMs: elapsed(), detail: url };

      const body = marshalJson(call.payload);
      const attempts = Math.max(0, Math.trunc(call.retries)) + 1;
      let result: HttpPostResult | undefined;
      let attempt = 0;
      for (; attempt < attempts; attempt++) {
        if (attempt > 0 && result) await sleep(backoffMs(attempt - 1, result, this.#backoff));
        result = await httpPost({
          url,
          body,
          headers: { "content-type": "application/json", "user-agent": this.#userAgent },
          timeoutMs: call.timeoutMs,
          insecureSkipVerify: call.disableTLS,
          maxBodyBytes: this.#maxDetailBytes,
        });
        if (!shouldRetry(result)) break;
      }
      if (!result) return { ...base, ok: false, durationMs: elapsed(), detail: "no attempt was made" };
      const tries = Math.min(attempt + 1, attempts);
      return { ...base, ...this.#judge(result, tries, call.disableTLS), durationMs: elapsed() };
    } catch (error: unknown) {
      return { ...base, ok: false, durationMs: elapsed(), detail: `internal error: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  #judge(result: HttpPostResult, tries: number, disableTLS: boolean): Pick<WebhookOutcome, "ok" | "status" | "detail"> {
    const after = tries > 1 ? ` (gave up after ${String(tries)} attempts)` : "";
    if (result.kind === "error") {
      const hint = result.code === "tls-certificate" && !disableTLS ? "; set disableTLS: true to skip verification" : "";
      return { ok: false, detail: `${result.message}${hint}${after}` };
    }
    const { status } = result;
    if (status <= 202) return { ok: true, status };
    return { ok: false, status, detail: `${describeFailure(result)}${after}` };
  }
}

function describeFailure(result: Extract<HttpPostResult, { kind: "response" }>): string {
  const body = result.body.trim();
  if (body !== "") return result.truncated ? `${body}…` : body;
  if (result.status === 204) return "HTTP 204 No Content: webhooks pass only with 200, 201 or 202";
  if (result.status >= 300 && result.status < 400) {
    const location = result.headers.location;
    return location === undefined ? `HTTP ${String(result.status)}: redirects are not followed` : `HTTP ${String(result.status)}: redirect to ${location} not followed`;
  }
  return `HTTP ${String(result.status)} with an empty body`;
}

function parseHookUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "invalid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `unsupported URL scheme ${url.protocol} (http and https only)`;
  return url;
}
