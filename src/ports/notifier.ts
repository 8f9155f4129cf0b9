import type { ResolvedAlertProvider, Severity } from "../core/spec/model.js";

export interface AlertField {
  readonly name: string;
  readonly value: string;
}

export interface AlertMessage {
  readonly severity: Severity;
  readonly canary: { readonly name: string; readonly namespace: string };
  readonly message: string;
  /** Flagger's metadata fields: Target, Failed checks threshold, Progress deadline, Traffic routing. */
  readonly fields: readonly AlertField[];
  /** Optional link to the check run or PR. */
  readonly url?: string;
  readonly clusterName?: string;
}

export type NotifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface NotifyOptions {
  /** Slack bot token from the provider Secret's `token` key, sent as `Authorization: Bearer`. */
  readonly token?: string;
}

export interface Notifier {
  /** `address` is the provider's webhook URL, already resolved from the spec or its Secret. */
  notify(provider: ResolvedAlertProvider, address: string, message: AlertMessage, options?: NotifyOptions): Promise<NotifyResult>;
}
