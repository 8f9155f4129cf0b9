import { marshalJson } from "../../core/hooks/marshal-json.js";
import type { AlertProviderType, ResolvedAlertProvider } from "../../core/spec/model.js";
import type { AlertMessage, Notifier, NotifyOptions, NotifyResult } from "../../ports/notifier.js";
import { httpPost, type HttpPostResult } from "../webhooks/http-post.js";
import { discordAddress, discordPayload } from "./discord-payload.js";
import { gchatPayload } from "./gchat-payload.js";
import { msteamsPayload } from "./msteams-payload.js";
import { redactSecrets } from "./redact-secrets.js";
import { rocketPayload } from "./rocket-payload.js";
import { slackPayload } from "./slack-payload.js";

export interface HttpNotifierOptions {
  /** Whole request; Flagger uses 5 s. */
  readonly timeoutMs?: number;
  /** PEM certificates trusted in addition to the system roots (private CAs, relays). */
  readonly extraCaCertificates?: readonly string[];
  readonly userAgent?: string;
}

interface PreparedRequest {
  readonly url: URL;
  readonly payload: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

const MAX_REASON_BODY_BYTES = 512;

/**
 * Posts alerts to Slack, Discord, Rocket.Chat, Microsoft Teams and Google Chat with Flagger's
 * payloads (pkg/notifier). `spec.proxy` (an http:// forward proxy, optionally with credentials)
 * is honoured for http and https addresses.
 *
 * Never throws. The address is a secret: it never appears in a reason, and any echo of it, of
 * the token or of proxy credentials in a response body is masked.
 *
 * Flagger accepts only HTTP 200; any 2xx is accepted here because Teams Workflows answer 202.
 * Slack's chat.postMessage answers 200 with `{"ok":false}` on errors, which Flagger reports as
 * sent; here that is a failure with Slack's error code.
 */
export class HttpNotifier implements Notifier {
  readonly #timeoutMs: number;
  readonly #extraCa: readonly string[];
  readonly #userAgent: string;

  constructor(options: HttpNotifierOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#extraCa = options.extraCaCertificates ?? [];
    this.#userAgent = options.userAgent ?? "canary-bot";
  }

  async notify(provider: ResolvedAlertProvider, address: string, message: AlertMessage, options: NotifyOptions = {}): Promise<NotifyResult> {
    const label = `${provider.type} alert provider ${provider.namespace}/${provider.name}`;
    const secrets = [address, options.token, provider.proxy];
    const failure = (reason: string): NotifyResult => ({ ok: false, reason: redactSecrets(`${label}: ${reason}`, secrets) });
    try {
      const url = parseHttpUrl(address);
      if (!url) return failure("the address is not a valid http(s) URL");
      let proxy: URL | undefined;
      if (provider.proxy !== undefined && provider.proxy.trim() !== "") {
        proxy = parseHttpUrl(provider.proxy.trim());
        if (proxy?.protocol !== "http:") return failure("spec.proxy must be an http:// URL");
      }

      const request = prepare(provider, url, message, options.token);
      const result = await httpPost({
        url: request.url,
        body: marshalJson(request.payload),
        headers: { "content-type": "application/json", "user-agent": this.#userAgent, ...request.headers },
        timeoutMs: this.#timeoutMs,
        ...(proxy ? { proxy } : {}),
        extraCaCertificates: this.#extraCa,
        maxBodyBytes: MAX_REASON_BODY_BYTES,
      });
      const problem = judge(provider.type, options.token, result);
      return problem === undefined ? { ok: true } : failure(problem);
    } catch (error: unknown) {
      return failure(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function prepare(provider: ResolvedAlertProvider, url: URL, message: AlertMessage, token: string | undefined): PreparedRequest {
  const type: AlertProviderType = provider.type;
  switch (type) {
    case "slack":
      return {
        url,
        payload: slackPayload(provider, message),
        headers: token === undefined || token === "" ? {} : { authorization: `Bearer ${token}` },
      };
    case "discord":
      return { url: discordAddress(url), payload: discordPayload(provider, message), headers: {} };
    case "rocket":
      return { url, payload: rocketPayload(provider, message), headers: {} };
    case "msteams":
      return { url, payload: msteamsPayload(url, message), headers: {} };
    case "gchat":
      return { url, payload: gchatPayload(message), headers: {} };
  }
}

/** `undefined` when the provider accepted the alert, else why not. */
function judge(type: AlertProviderType, token: string | undefined, result: HttpPostResult): string | undefined {
  if (result.kind === "error") return result.message;
  const body = result.body.trim();
  if (result.status < 200 || result.status > 299) {
    const shown = body === "" ? "empty response body" : `${body}${result.truncated ? "…" : ""}`;
    return `HTTP ${String(result.status)}: ${shown}`;
  }
  if (type === "slack" && token !== undefined && token !== "") return slackApiError(body);
  return undefined;
}

function slackApiError(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || !("ok" in parsed) || parsed.ok !== false) return undefined;
  const code = "error" in parsed && typeof parsed.error === "string" ? parsed.error : "unknown error";
  return `Slack API error: ${code}`;
}

function parseHttpUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}
