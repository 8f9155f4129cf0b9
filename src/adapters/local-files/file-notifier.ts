import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ResolvedAlertProvider } from "../../core/spec/model.js";
import type { AlertMessage, Notifier, NotifyResult } from "../../ports/notifier.js";
import type { OutputFolder } from "./output-folder.js";

/** Writes alerts to `alerts.md` instead of sending them: a local run never posts to a chat. */
export class FileNotifier implements Notifier {
  readonly #out: OutputFolder;

  constructor(out: OutputFolder) {
    this.#out = out;
  }

  async notify(provider: ResolvedAlertProvider, _address: string, message: AlertMessage): Promise<NotifyResult> {
    await mkdir(this.#out.dir, { recursive: true });
    const fields = message.fields.map((f) => `  - ${f.name}: ${f.value}`).join("\n");
    const line = `- **${message.severity}** → ${provider.type} ${provider.namespace}/${provider.name}: ${message.message} (${message.canary.namespace}/${message.canary.name})${fields ? `\n${fields}` : ""}\n`;
    await appendFile(join(this.#out.dir, "alerts.md"), line, "utf8");
    return { ok: true };
  }
}
