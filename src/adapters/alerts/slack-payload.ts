import type { AlertMessage } from "../../ports/notifier.js";
import type { ResolvedAlertProvider } from "../../core/spec/model.js";
import { alertFields, canaryTitle } from "./alert-fields.js";

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short: boolean;
}

export interface SlackAttachment {
  readonly color: string;
  readonly author_name: string;
  readonly text: string;
  readonly mrkdwn_in: readonly string[];
  readonly fields: readonly SlackField[];
}

/** Flagger's `SlackPayload`, field for field (`icon_url` is sent empty, `text` omitted). */
export interface SlackPayload {
  readonly channel: string;
  readonly username: string;
  readonly icon_url: string;
  readonly icon_emoji: string;
  readonly attachments: readonly SlackAttachment[];
}

/** Colours of one Slack-format notifier: Slack and Discord use Slack's names, Rocket.Chat hex. */
export interface SlackColors {
  readonly normal: string;
  readonly error: string;
}

export const SLACK_COLORS: SlackColors = { normal: "good", error: "danger" };

/**
 * Slack incoming-webhook (or chat.postMessage) payload as Flagger's pkg/notifier/slack.go builds
 * it: one attachment, coloured by severity (only `error` is red), author `<canary>.<namespace>`,
 * the message as markdown text, and the fields.
 */
export function slackPayload(provider: ResolvedAlertProvider, message: AlertMessage, colors: SlackColors = SLACK_COLORS): SlackPayload {
  return {
    channel: provider.channel,
    username: provider.username,
    icon_url: "",
    icon_emoji: ":rocket:",
    attachments: [
      {
        color: message.severity === "error" ? colors.error : colors.normal,
        author_name: canaryTitle(message),
        text: message.message,
        mrkdwn_in: ["text"],
        fields: alertFields(message).map((f) => ({ title: f.name, value: f.value, short: false })),
      },
    ],
  };
}
