import type { AlertMessage } from "../../ports/notifier.js";
import type { ResolvedAlertProvider } from "../../core/spec/model.js";
import { slackPayload, type SlackPayload } from "./slack-payload.js";

/** Discord accepts Slack's format on the webhook URL with `/slack` appended; Flagger sends that. */
export function discordPayload(provider: ResolvedAlertProvider, message: AlertMessage): SlackPayload {
  return slackPayload(provider, message);
}

/**
 * Flagger's rule: unless the address already ends with `/slack`, join `slack` onto its path
 * (query string kept).
 */
export function discordAddress(address: URL): URL {
  if (address.href.endsWith("/slack")) return address;
  const url = new URL(address.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/slack`;
  return url;
}
