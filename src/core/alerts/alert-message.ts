import type { NotifyEffect } from "../machine/types.js";
import type { ResolvedCanary, Severity } from "../spec/model.js";
import { alertMetadataFields } from "./alert-metadata.js";

export interface AlertField {
  readonly name: string;
  readonly value: string;
}

/**
 * One notification, ready for any provider. Same shape as the port's `AlertMessage`; declared
 * here because the core imports nothing outside the core.
 */
export interface AlertContent {
  readonly severity: Severity;
  readonly canary: { readonly name: string; readonly namespace: string };
  readonly message: string;
  /** Flagger's metadata fields when the effect asks for them, else none. */
  readonly fields: readonly AlertField[];
  /** Link to the check run or PR. */
  readonly url?: string;
  /** Sent as Flagger's leading "Cluster" field (its `-cluster-name` flag), on every alert. */
  readonly clusterName?: string;
}

export interface AlertOptions {
  readonly url?: string;
  readonly clusterName?: string;
}

/** Turns the machine's notify effect into provider-neutral content. */
export function buildAlertMessage(effect: NotifyEffect, canary: ResolvedCanary, options: AlertOptions = {}): AlertContent {
  return {
    severity: effect.severity,
    canary: { name: canary.name, namespace: canary.namespace },
    message: effect.message,
    fields: effect.withMetadata ? alertMetadataFields(canary) : [],
    ...(options.url === undefined || options.url === "" ? {} : { url: options.url }),
    ...(options.clusterName === undefined || options.clusterName === "" ? {} : { clusterName: options.clusterName }),
  };
}
