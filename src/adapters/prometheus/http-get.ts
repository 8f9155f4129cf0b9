/**
 * One HTTP GET with an overall deadline (connect, redirects and body included), a body size
 * limit and optional TLS verification skip — the parts `fetch` cannot do per request without
 * a separate dispatcher. Never throws: every failure is a result.
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";

export interface HttpGetRequest {
  readonly url: URL;
  readonly headers: OutgoingHttpHeaders;
  readonly timeoutMs: number;
  readonly insecureSkipVerify: boolean;
  readonly maxBodyBytes: number;
  readonly maxRedirects: number;
}

export type HttpGetResult =
  | { readonly kind: "response"; readonly status: number; readonly contentType: string; readonly body: string }
  | { readonly kind: "timeout" }
  /** Node refused to build the request, e.g. a header value with a newline. */
  | { readonly kind: "invalid-request"; readonly message: string }
  | { readonly kind: "too-large"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

const INVALID_REQUEST_CODES = new Set(["ERR_INVALID_CHAR", "ERR_HTTP_INVALID_HEADER_VALUE", "ERR_INVALID_HTTP_TOKEN"]);

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`the response is larger than ${String(limit)} bytes`);
    this.name = "BodyTooLargeError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function requestOnce(
  url: URL,
  headers: OutgoingHttpHeaders,
  insecureSkipVerify: boolean,
  maxBodyBytes: number,
  signal: AbortSignal,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const options = { method: "GET", headers, signal };
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) res.destroy(new BodyTooLargeError(maxBodyBytes));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", reject);
      res.on("close", () => {
        if (!res.complete) reject(new Error("the connection closed before the response was complete"));
      });
    };
    const req =
      url.protocol === "https:"
        ? https.request(url, { ...options, rejectUnauthorized: !insecureSkipVerify }, onResponse)
        : http.request(url, options, onResponse);
    req.on("error", reject);
    req.end();
  });
}

/** The message of a Node network error; `AggregateError`s (several addresses) list each one. */
export function describeNetworkError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeNetworkError).join("; ");
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message) return error.message;
    return typeof code === "string" ? code : error.name;
  }
  return String(error);
}

export async function httpGet(request: HttpGetRequest): Promise<HttpGetResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, request.timeoutMs);
  let url = request.url;
  let headers = request.headers;
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await requestOnce(url, headers, request.insecureSkipVerify, request.maxBodyBytes, controller.signal);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || location === undefined) {
        return { kind: "response", status: res.status, contentType: res.headers["content-type"] ?? "", body: res.body };
      }
      if (redirects >= request.maxRedirects) {
        return { kind: "failed", message: `stopped after ${String(request.maxRedirects)} redirects` };
      }
      const next = new URL(location, url);
      if (next.protocol !== "http:" && next.protocol !== "https:") {
        return { kind: "failed", message: `redirected to a ${next.protocol} URL` };
      }
      // Like browsers and Go: credentials never follow a redirect to another origin.
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== "authorization"));
      }
      url = next;
    }
  } catch (error: unknown) {
    if (controller.signal.aborted) return { kind: "timeout" };
    if (error instanceof BodyTooLargeError) return { kind: "too-large", message: error.message };
    const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    if (typeof code === "string" && INVALID_REQUEST_CODES.has(code)) {
      return { kind: "invalid-request", message: describeNetworkError(error) };
    }
    return { kind: "failed", message: describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
  }
}
