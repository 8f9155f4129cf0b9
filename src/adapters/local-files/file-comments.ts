import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { CommentRef, CommentReply, Comments, StickyComment } from "../../ports/comments.js";
import { OutputFolder } from "./output-folder.js";

/** Writes the sticky PR comment to `pr-comment.<key>.md` and replies to `replies.md`. */
export class FileComments implements Comments {
  readonly #out: OutputFolder;
  readonly #bodies = new Map<string, string>();

  constructor(out: OutputFolder) {
    this.#out = out;
  }

  async upsertSticky(comment: StickyComment): Promise<CommentRef> {
    const file = `pr-comment.${OutputFolder.slug(comment.key)}.md`;
    const previous = this.#bodies.get(file);
    if (previous === comment.body) return { id: 1, url: "", outcome: "unchanged" };
    this.#bodies.set(file, comment.body);
    const path = await this.#out.write(file, comment.body);
    return { id: 1, url: path, outcome: previous === undefined ? "created" : "updated" };
  }

  async reply(reply: CommentReply): Promise<CommentRef> {
    await mkdir(this.#out.dir, { recursive: true });
    const path = join(this.#out.dir, "replies.md");
    await appendFile(path, `> ${reply.quote.split("\n")[0] ?? ""}\n\n@${reply.to} ${reply.body}\n\n---\n`, "utf8");
    return { id: 1, url: path, outcome: "created" };
  }
}
