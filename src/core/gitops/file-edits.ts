/** Edits to several user files, gathered per file and applied once, so two edits in one file compose. */
import type { SpecIssue } from "../errors.js";
import type { FileChange, GitopsResult } from "./types.js";
import { fail, ok } from "./types.js";
import { applyEdits } from "./yaml/text-edits.js";
import type { YamlFile } from "./yaml/yaml-file.js";
import type { EditContext } from "./yaml/yaml-sync.js";

export class FileEdits {
  private readonly byPath = new Map<string, { readonly file: YamlFile; readonly ctx: EditContext }>();

  ctx(file: YamlFile): EditContext {
    let entry = this.byPath.get(file.path);
    if (entry === undefined) {
      entry = { file, ctx: { text: file.text, style: file.style, edits: [] } };
      this.byPath.set(file.path, entry);
    }
    return entry.ctx;
  }

  /** Changed files only, in path order. */
  changes(): GitopsResult<FileChange[]> {
    const out: FileChange[] = [];
    const issues: SpecIssue[] = [];
    for (const path of [...this.byPath.keys()].sort()) {
      const entry = this.byPath.get(path);
      if (entry === undefined) continue;
      const text = applyEdits(entry.file.text, entry.ctx.edits);
      if (typeof text !== "string") {
        issues.push({ location: { file: path, line: 1, column: 1 }, field: "", message: "overlapping edits (a canary-bot bug); the file was left unchanged", severity: "error" });
      } else if (text !== entry.file.text) {
        out.push({ path, content: text });
      }
    }
    return issues.length > 0 ? fail(issues) : ok(out);
  }
}
