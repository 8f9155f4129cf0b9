import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { runGit } from "./git-cli.js";
import { FULL_SHA, type GitObjectType } from "./git-objects.js";

export interface StoredObject {
  readonly type: GitObjectType;
  readonly content: Buffer;
}

const TYPES: readonly GitObjectType[] = ["blob", "tree", "commit", "tag"];

/**
 * The repository's object database, read and written in git's own loose-object format
 * (`objects/ab/cdef…`, zlib-deflated `type size\0content`), so writing an object costs no
 * process. Objects git packed are read through `git cat-file`. Objects are immutable and cached.
 */
export class ObjectDatabase {
  private readonly gitDir: string;
  private readonly cache = new Map<string, StoredObject>();
  private sequence = 0;

  constructor(gitDir: string) {
    this.gitDir = gitDir;
  }

  private pathOf(sha: string): string {
    return join(this.gitDir, "objects", sha.slice(0, 2), sha.slice(2));
  }

  async read(sha: string): Promise<StoredObject | undefined> {
    if (!FULL_SHA.test(sha)) return undefined;
    const cached = this.cache.get(sha);
    if (cached) return cached;
    const object = (await this.readLoose(sha)) ?? (await this.readThroughGit(sha));
    if (object) this.cache.set(sha, object);
    return object;
  }

  private async readLoose(sha: string): Promise<StoredObject | undefined> {
    let raw: Buffer;
    try {
      raw = inflateSync(await readFile(this.pathOf(sha)));
    } catch {
      return undefined;
    }
    const nul = raw.indexOf(0);
    const [type = "", size = ""] = raw.subarray(0, nul).toString("latin1").split(" ");
    const found = TYPES.find((t) => t === type);
    if (!found) throw new Error(`corrupt object ${sha}: type ${type}`);
    return { type: found, content: Buffer.from(raw.subarray(nul + 1, nul + 1 + Number(size))) };
  }

  private async readThroughGit(sha: string): Promise<StoredObject | undefined> {
    const { stdout } = await runGit(this.gitDir, ["cat-file", "--batch"], { input: `${sha}\n` });
    const headerEnd = stdout.indexOf(0x0a);
    const [, type = "", size = ""] = stdout.subarray(0, headerEnd).toString("latin1").split(" ");
    const found = TYPES.find((t) => t === type);
    if (!found) return undefined;
    return { type: found, content: Buffer.from(stdout.subarray(headerEnd + 1, headerEnd + 1 + Number(size))) };
  }

  /** Writes an object (if new) and returns its SHA-1, exactly as `git hash-object -w` would. */
  async write(type: GitObjectType, content: Buffer): Promise<string> {
    const header = Buffer.from(`${type} ${String(content.length)}\0`, "latin1");
    const raw = Buffer.concat([header, content]);
    const sha = createHash("sha1").update(raw).digest("hex");
    if (!this.cache.has(sha) && (await this.readLoose(sha)) === undefined) {
      const path = this.pathOf(sha);
      await mkdir(join(this.gitDir, "objects", sha.slice(0, 2)), { recursive: true });
      this.sequence += 1;
      const temporary = `${path}.tmp-${String(process.pid)}-${String(this.sequence)}`;
      await writeFile(temporary, deflateSync(raw));
      await rename(temporary, path);
    }
    this.cache.set(sha, { type, content: Buffer.from(content) });
    return sha;
  }
}
