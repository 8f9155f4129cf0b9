import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A folder where local runs write what they would have posted on GitHub. */
export class OutputFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** File-name-safe form of names such as `canary-bot: test/podinfo`. */
  static slug(text: string): string {
    return text.replace(/^canary-bot:\s*/, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-|-$/g, "");
  }

  async write(name: string, content: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, name);
    await writeFile(path, content.endsWith("\n") ? content : `${content}\n`, "utf8");
    return path;
  }
}
