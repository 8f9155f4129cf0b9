import type { AlertMessage } from "../../ports/notifier.js";
import { alertFields, canaryTitle } from "./alert-fields.js";

/** Flagger's `MSTeamsPayload`: an Office 365 connector MessageCard. */
export interface MessageCardPayload {
  readonly "@type": "MessageCard";
  readonly "@context": "http://schema.org/extensions";
  readonly themeColor: string;
  readonly summary: string;
  readonly sections: readonly {
    readonly activityTitle: string;
    readonly activitySubtitle: string;
    readonly facts: readonly { readonly name: string; readonly value: string }[];
  }[];
}

/** What Teams Workflows (Power Automate) webhooks accept: a message with an Adaptive Card. */
export interface AdaptiveCardPayload {
  readonly type: "message";
  readonly attachments: readonly {
    readonly contentType: "application/vnd.microsoft.card.adaptive";
    readonly contentUrl: null;
    readonly content: {
      readonly $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
      readonly type: "AdaptiveCard";
      readonly version: "1.4";
      readonly body: readonly Record<string, unknown>[];
    };
  }[];
}

/** Flagger's pkg/notifier/teams.go: blue theme, red for `error`, facts from the fields. */
export function messageCardPayload(message: AlertMessage): MessageCardPayload {
  const title = canaryTitle(message);
  return {
    "@type": "MessageCard",
    "@context": "http://schema.org/extensions",
    themeColor: message.severity === "error" ? "FF0000" : "0076D7",
    summary: title,
    sections: [
      {
        activityTitle: message.message,
        activitySubtitle: title,
        facts: alertFields(message).map((f) => ({ name: f.name, value: f.value })),
      },
    ],
  };
}

/**
 * Microsoft retired Office 365 connectors, and Teams Workflows webhooks reject MessageCards
 * ("Property 'type' must be 'AdaptiveCard'"); Flagger still sends only MessageCards
 * (fluxcd/flagger#1753). Same content as an Adaptive Card.
 */
export function adaptiveCardPayload(message: AlertMessage): AdaptiveCardPayload {
  const facts = alertFields(message).map((f) => ({ title: f.name, value: f.value }));
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: message.message, weight: "Bolder", size: "Medium", wrap: true, ...(message.severity === "error" ? { color: "Attention" } : {}) },
    { type: "TextBlock", text: canaryTitle(message), isSubtle: true, spacing: "None", wrap: true },
  ];
  if (facts.length > 0) body.push({ type: "FactSet", facts });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: { $schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4", body },
      },
    ],
  };
}

/**
 * Workflows webhook URLs live on Power Platform / Logic Apps hosts; every other address (legacy
 * `*.webhook.office.com` connectors, relays) gets Flagger's MessageCard.
 */
export function isTeamsWorkflowsAddress(address: URL): boolean {
  const host = address.hostname.toLowerCase();
  return host.endsWith(".logic.azure.com") || host.endsWith(".powerplatform.com") || host.endsWith(".powerautomate.com");
}

export function msteamsPayload(address: URL, message: AlertMessage): MessageCardPayload | AdaptiveCardPayload {
  return isTeamsWorkflowsAddress(address) ? adaptiveCardPayload(message) : messageCardPayload(message);
}
