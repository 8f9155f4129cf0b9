import type { AlertMessage } from "../../ports/notifier.js";
import { alertFields, canaryTitle } from "./alert-fields.js";

interface TextParagraphSection {
  readonly widgets: readonly { readonly textParagraph: { readonly text: string } }[];
}

/** Google Chat's legacy card format, as Flagger's pkg/notifier/gchat.go sends it. */
export interface GChatPayload {
  readonly cards: readonly {
    readonly header: { readonly title: string; readonly subtitle: string };
    readonly sections: readonly TextParagraphSection[];
  }[];
}

/**
 * One section with the grey, bold message, then one section per field (name, line break, grey
 * bold value). Flagger's header says "Flagger" with Flagger's favicon; this one names canary-bot
 * and carries no image, which Google Chat allows.
 */
export function gchatPayload(message: AlertMessage): GChatPayload {
  const paragraph = (text: string): TextParagraphSection => ({ widgets: [{ textParagraph: { text } }] });
  return {
    cards: [
      {
        header: { title: "canary-bot", subtitle: canaryTitle(message) },
        sections: [
          paragraph(`<font color=#848484><strong>${message.message}</strong></font>`),
          ...alertFields(message).map((f) => paragraph(`${f.name}<br><font color=#848484><strong>${f.value}</strong></font>`)),
        ],
      },
    ],
  };
}
