import type { AlertContent as AlertMessage } from "../core/alerts/alert-message.js";
import type { ResolvedAlertProvider } from "../core/spec/model.js";

/** One notification, ready for any provider (built by core/alerts). */
export type { AlertContent as AlertMessage, AlertField } from "../core/alerts/alert-message.js";

export type NotifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface NotifyOptions {
  /** Slack bot token from the provider Secret's `token` key, sent as `Authorization: Bearer`. */
  readonly token?: string;
}

export interface Notifier {
  /** `address` is the provider's webhook URL, already resolved from the spec or its Secret. */
  notify(provider: ResolvedAlertProvider, address: string, message: AlertMessage, options?: NotifyOptions): Promise<NotifyResult>;
}
