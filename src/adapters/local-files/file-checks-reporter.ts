import type { CheckRunRef, CheckRunReport, ChecksReporter } from "../../ports/checks.js";
import { OutputFolder } from "./output-folder.js";

/** Writes each check run to `check-run.<canary>.md` instead of posting it: the simulator's checks. */
export class FileChecksReporter implements ChecksReporter {
  readonly #out: OutputFolder;
  readonly #ids = new Map<string, number>();
  readonly #last = new Map<string, string>();

  constructor(out: OutputFolder) {
    this.#out = out;
  }

  async upsert(report: CheckRunReport): Promise<CheckRunRef> {
    const key = `${report.name}|${report.headSha}|${report.externalId}`;
    const existing = this.#ids.get(key);
    const id = existing ?? this.#ids.size + 1;
    this.#ids.set(key, id);
    const status = report.status === "completed" ? `completed · ${report.conclusion}` : report.status;
    const buttons = report.actions?.length ? `\n\nButtons: ${report.actions.map((a) => `**${a.label}**`).join(" · ")}` : "";
    const content = `<!-- check run "${report.name}" on ${report.headSha} (${status}) -->\n## ${report.title}\n\n${report.summary}${buttons}\n`;
    const file = `check-run.${OutputFolder.slug(report.name)}.md`;
    if (this.#last.get(file) === content) return { id, url: "", outcome: "unchanged" };
    this.#last.set(file, content);
    const path = await this.#out.write(file, content);
    return { id, url: path, outcome: existing === undefined ? "created" : "updated" };
  }
}
