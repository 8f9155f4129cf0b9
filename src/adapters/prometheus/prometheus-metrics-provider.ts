/**
 * Prometheus instant queries for the analysis: `GET <address>/api/v1/query?query=…&time=…` at
 * an explicit evaluation time, like Flagger's provider (a path prefix in the address is kept,
 * user info in the address means basic auth, as Go's HTTP client does).
 *
 * Never throws. Reasons name the address without user info or query string, and every secret
 * the request carried (token, password, Authorization header values) is masked in them.
 */
import type { OutgoingHttpHeaders } from "node:http";
import type { MetricQuery, MetricValue, MetricsProvider, ProviderCredentials } from "../../ports/metrics-provider.js";
import { describeNetworkError, httpGet } from "./http-get.js";
import { parseQueryResponse, prometheusErrorMessage } from "./parse-query-response.js";

export interface PrometheusProviderOptions {
  /** Larger answers are an error; an instant query for one value is a few hundred bytes. */
  readonly maxBodyBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
}

const MASK = "[redacted]";

/** `time=` as Prometheus reads it: Unix seconds with millisecond decimals. */
export function prometheusTime(epochMs: number): string {
  return (epochMs / 1000).toFixed(3);
}

function authorization(credentials: ProviderCredentials, userinfo: { username: string; password: string } | undefined) {
  switch (credentials.kind) {
    case "bearer":
      return `Bearer ${credentials.token}`;
    case "basic":
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    case "none":
      return userinfo ? `Basic ${Buffer.from(`${userinfo.username}:${userinfo.password}`).toString("base64")}` : undefined;
  }
}

function secretsOf(q: MetricQuery, userinfo: { password: string } | undefined, auth: string | undefined): string[] {
  const secrets: string[] = [];
  if (q.credentials.kind === "bearer") secrets.push(q.credentials.token);
  if (q.credentials.kind === "basic") secrets.push(q.credentials.password);
  if (userinfo) secrets.push(userinfo.password);
  if (auth !== undefined) secrets.push(auth, auth.replace(/^\S+\s+/, ""));
  for (const [name, values] of Object.entries(q.headers)) {
    if (/authorization|token|key|secret|cookie/i.test(name)) secrets.push(...values);
  }
  // Longest first, so a secret containing another is masked whole.
  return [...new Set(secrets.filter((s) => s !== ""))].sort((a, b) => b.length - a.length);
}

function masker(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
}

export class PrometheusMetricsProvider implements MetricsProvider {
  private readonly maxBodyBytes: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;

  constructor(options: PrometheusProviderOptions = {}) {
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.userAgent = options.userAgent ?? "canary-bot";
  }

  async query(q: MetricQuery): Promise<MetricValue> {
    let mask = masker(secretsOf(q, undefined, undefined));
    try {
      if (q.providerType !== "prometheus") {
        return { kind: "error", reason: `provider "${q.providerType}" is not supported by the Prometheus client` };
      }
      if (!URL.canParse(q.address)) return { kind: "error", reason: mask(`"${q.address}" is not a valid URL`) };
      const base = new URL(q.address);
      const userinfo = base.username
        ? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) }
        : undefined;
      base.username = "";
      base.password = "";
      const path = base.pathname.replace(/\/+$/, "");
      const shown = `${base.origin}${path}`;
      const url = new URL(base.href);
      url.pathname = `${path}/api/v1/query`;
      url.hash = "";
      url.search = new URLSearchParams({ query: q.query, time: prometheusTime(q.time) }).toString();

      const auth = authorization(q.credentials, userinfo);
      mask = masker(secretsOf(q, userinfo, auth));
      const headers: OutgoingHttpHeaders = { "user-agent": this.userAgent, accept: "application/json" };
      for (const [name, values] of Object.entries(q.headers)) headers[name.toLowerCase()] = [...values];
      if (auth !== undefined) headers.authorization = auth;

      const result = await httpGet({
        url,
        headers,
        timeoutMs: q.timeoutMs,
        insecureSkipVerify: q.insecureSkipVerify,
        maxBodyBytes: this.maxBodyBytes,
        maxRedirects: this.maxRedirects,
      });
      switch (result.kind) {
        case "timeout":
          return { kind: "error", reason: `Prometheus ${shown} timed out after ${String(q.timeoutMs)} ms` };
        case "too-large":
          return { kind: "error", reason: `Prometheus ${shown}: ${result.message}` };
        case "invalid-request":
          return { kind: "error", reason: mask(`cannot send the query to Prometheus at ${shown}: ${result.message}`) };
        case "failed":
          return { kind: "error", reason: mask(`cannot reach Prometheus at ${shown}: ${result.message}`) };
        case "response":
          break;
      }
      if (result.status >= 400) {
        const message = prometheusErrorMessage(result.body);
        return { kind: "error", reason: mask(`Prometheus ${shown} answered HTTP ${String(result.status)}: ${message}`) };
      }
      const value = parseQueryResponse(result.body, result.contentType);
      if (value.kind === "error") return { kind: "error", reason: mask(`Prometheus ${shown}: ${value.reason}`) };
      return value;
    } catch (error: unknown) {
      return { kind: "error", reason: mask(`querying Prometheus failed: ${describeNetworkError(error)}`) };
    }
  }
}
