import type { AlertMessage } from "../../ports/notifier.js";
import type { ResolvedAlertProvider } from "../../core/spec/model.js";
import { slackPayload, type SlackColors, type SlackPayload } from "./slack-payload.js";

const ROCKET_COLORS: SlackColors = { normal: "#0076D7", error: "#FF0000" };

/** Rocket.Chat incoming webhooks take Slack's format; Flagger only changes the colours. */
export function rocketPayload(provider: ResolvedAlertProvider, message: AlertMessage): SlackPayload {
  return slackPayload(provider, message, ROCKET_COLORS);
}
