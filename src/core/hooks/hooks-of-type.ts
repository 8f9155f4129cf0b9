import type { ResolvedCanary, ResolvedWebhook, WebhookType } from "../spec/model.js";

/** The Canary's hooks of one type, in spec order (Flagger calls them in that order). */
export function hooksOfType(canary: ResolvedCanary, type: WebhookType): readonly ResolvedWebhook[] {
  return canary.analysis.webhooks.filter((hook) => hook.type === type);
}
