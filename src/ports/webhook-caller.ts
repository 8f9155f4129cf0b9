import type { WebhookOutcome } from "../core/machine/types.js";
import type { WebhookType } from "../core/spec/model.js";

/** Flagger's `CanaryWebhookPayload`. */
export interface WebhookPayload {
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly checksum: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface WebhookCall {
  readonly name: string;
  readonly type: WebhookType;
  readonly url: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly disableTLS: boolean;
  readonly payload: WebhookPayload;
}

export interface WebhookCaller {
  /** Never throws: transport errors and timeouts are outcomes with `ok: false`. */
  call(call: WebhookCall): Promise<WebhookOutcome>;
}
