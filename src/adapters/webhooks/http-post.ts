/**
 * One HTTP POST over node:http/https, returning what happened as a value. Shared by the webhook
 * caller and the alert notifier. It uses node:http rather than fetch because the per-request TLS
 * and proxy settings fetch needs come from undici's dispatchers, and undici is not a direct
 * dependency of this project.
 */
import http from "node:http";
import https from "node:https";
import tls from "node:tls";

export interface HttpPostRequest {
  readonly url: URL;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whole exchange: connect, send, and read the response body. */
  readonly timeoutMs: number;
  /** Skip certificate verification (Flagger's `disableTLS`). */
  readonly insecureSkipVerify?: boolean;
  /** Forward proxy: absolute-form requests for http targets, CONNECT tunnels for https. */
  readonly proxy?: URL;
  /** Trusted in addition to the system roots (private CAs). */
  readonly extraCaCertificates?: readonly string[];
  /** Response bytes kept; the rest is read and discarded. */
  readonly maxBodyBytes: number;
}

export type TransportErrorCode =
  | "timeout"
  | "connection-refused"
  | "dns"
  | "connection-reset"
  | "tls-certificate"
  | "tls"
  | "proxy"
  | "network";

export type HttpPostResult =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly body: string;
      readonly truncated: boolean;
      readonly headers: Readonly<Record<string, string | undefined>>;
    }
  | { readonly kind: "error"; readonly code: TransportErrorCode; readonly message: string };

const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Never rejects. Messages name the failure, never the URL (alert addresses are secrets). */
export function httpPost(request: HttpPostRequest): Promise<HttpPostResult> {
  return new Promise((resolve) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    const finish = (result: HttpPostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: unknown): void => {
      finish(classify(error));
    };
    const timer = setTimeout(() => {
      finish({ kind: "error", code: "timeout", message: `timed out after ${String(request.timeoutMs)} ms` });
      current?.destroy();
    }, request.timeoutMs);

    const send = (createConnection?: () => tls.TLSSocket): void => {
      const req = buildRequest(request, createConnection);
      current = req;
      req.on("error", fail);
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          if (kept >= request.maxBodyBytes) {
            truncated = true;
            return;
          }
          const room = request.maxBodyBytes - kept;
          if (chunk.length > room) truncated = true;
          const part = chunk.subarray(0, room);
          chunks.push(part);
          kept += part.length;
        });
        res.on("error", fail);
        res.on("end", () => {
          finish({
            kind: "response",
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            truncated,
            headers: { "retry-after": headerValue(res.headers["retry-after"]), location: headerValue(res.headers.location) },
          });
        });
      });
      req.end(request.body);
    };

    try {
      if (request.proxy && request.url.protocol === "https:") {
        openTunnel(request, (socket) => { send(() => socket); }, (result) => { finish(result); }, (req) => { current = req; });
      } else {
        send();
      }
    } catch (error: unknown) {
      fail(error);
    }
  });
}

function buildRequest(request: HttpPostRequest, createConnection?: () => tls.TLSSocket): http.ClientRequest {
  const { url, proxy } = request;
  const headers: Record<string, string> = {
    ...request.headers,
    "content-length": String(Buffer.byteLength(request.body)),
    host: url.host,
  };
  if (createConnection) {
    // TLS already established through the proxy tunnel: plain HTTP framing over that socket.
    return http.request({ method: "POST", path: pathOf(url), headers, createConnection });
  }
  if (proxy) {
    // http target through a forward proxy: absolute-form request line.
    const auth = proxyAuthorization(proxy);
    return http.request({
      method: "POST",
      host: bareHost(proxy.hostname),
      port: portOf(proxy),
      path: url.href,
      headers: auth === undefined ? headers : { ...headers, "proxy-authorization": auth },
      agent: false,
    });
  }
  const options: https.RequestOptions = {
    method: "POST",
    host: bareHost(url.hostname),
    port: portOf(url),
    path: pathOf(url),
    headers,
    agent: false,
  };
  if (url.protocol === "https:") {
    return https.request({ ...options, ...tlsOptions(request, url) });
  }
  return http.request(options);
}

function openTunnel(
  request: HttpPostRequest,
  onSocket: (socket: tls.TLSSocket) => void,
  onError: (result: HttpPostResult) => void,
  track: (req: http.ClientRequest) => void,
): void {
  const { url } = request;
  const proxy = request.proxy;
  if (!proxy) return;
  const authority = `${bareHost(url.hostname)}:${String(portOf(url))}`;
  const auth = proxyAuthorization(proxy);
  const connect = http.request({
    method: "CONNECT",
    host: bareHost(proxy.hostname),
    port: portOf(proxy),
    path: authority,
    headers: auth === undefined ? { host: authority } : { host: authority, "proxy-authorization": auth },
    agent: false,
  });
  track(connect);
  connect.on("error", (error: unknown) => {
    const result = classify(error);
    onError(result.kind === "error" ? { kind: "error", code: "proxy", message: `proxy: ${result.message}` } : result);
  });
  connect.on("connect", (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      onError({ kind: "error", code: "proxy", message: `proxy refused the tunnel with HTTP ${String(res.statusCode)}` });
      return;
    }
    const secure = tls.connect({ socket, ...tlsOptions(request, url) });
    onSocket(secure);
  });
  connect.end();
}

function tlsOptions(request: HttpPostRequest, url: URL): tls.ConnectionOptions {
  const host = bareHost(url.hostname);
  const options: tls.ConnectionOptions = { rejectUnauthorized: request.insecureSkipVerify !== true };
  // SNI must not be an IP address.
  if (!/^[\d.]+$/.test(host) && !host.includes(":")) options.servername = host;
  if (request.extraCaCertificates && request.extraCaCertificates.length > 0) {
    options.ca = [...tls.rootCertificates, ...request.extraCaCertificates];
  }
  return options;
}

function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === "") return undefined;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

function pathOf(url: URL): string {
  return `${url.pathname || "/"}${url.search}`;
}

function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** `URL.hostname` keeps IPv6 brackets; node:http wants the bare address. */
function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function classify(error: unknown): HttpPostResult {
  const code = errorCode(error);
  if (code === "ECONNREFUSED") return { kind: "error", code: "connection-refused", message: "connection refused" };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "error", code: "dns", message: `host name not resolved (${code})` };
  if (code === "ECONNRESET" || code === "EPIPE") return { kind: "error", code: "connection-reset", message: `connection reset (${code})` };
  if (code !== undefined && CERTIFICATE_CODES.has(code)) {
    return { kind: "error", code: "tls-certificate", message: `TLS certificate rejected (${code})` };
  }
  if (code !== undefined && (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code === "EPROTO")) {
    return { kind: "error", code: "tls", message: `TLS handshake failed (${code})` };
  }
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT") return { kind: "error", code: "timeout", message: `timed out (${code})` };
  return { kind: "error", code: "network", message: code === undefined ? "network error" : `network error (${code})` };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return undefined;
}
