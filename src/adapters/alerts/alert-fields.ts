import type { AlertField, AlertMessage } from "../../ports/notifier.js";

/**
 * The fields every provider shows: Flagger's "Cluster" first when a cluster name is configured
 * (fluxcd/flagger#1306: on every alert), then the metadata fields, then a "Details" link to the
 * check run or PR, which Flagger does not have.
 */
export function alertFields(message: AlertMessage): readonly AlertField[] {
  const fields: AlertField[] = [];
  if (message.clusterName !== undefined && message.clusterName !== "") fields.push({ name: "Cluster", value: message.clusterName });
  fields.push(...message.fields);
  if (message.url !== undefined && message.url !== "") fields.push({ name: "Details", value: message.url });
  return fields;
}

/** Flagger's title line: `<canary>.<namespace>`. */
export function canaryTitle(message: AlertMessage): string {
  return `${message.canary.name}.${message.canary.namespace}`;
}
