/** Parsing and serialising raw git objects (the bytes `git cat-file` prints). */

export type GitObjectType = "blob" | "tree" | "commit" | "tag";

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
  readonly epochSeconds: number;
  /** Offset as git writes it, e.g. `+0000`, `-0700`. */
  readonly timezone: string;
}

export interface CommitObject {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  readonly message: string;
}

export type TreeEntryType = "blob" | "tree" | "commit";

export interface TreeEntry {
  /** Mode as git stores it (`40000` for trees, `100644`, `100755`, `120000`, `160000`). */
  readonly mode: string;
  readonly name: string;
  readonly sha: string;
  readonly type: TreeEntryType;
}

export const EMPTY_TREE_SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
export const ZERO_SHA = "0000000000000000000000000000000000000000";
export const FULL_SHA = /^[0-9a-f]{40}$/;

export function entryTypeForMode(mode: string): TreeEntryType {
  if (mode === "40000" || mode === "040000") return "tree";
  if (mode === "160000") return "commit";
  return "blob";
}

/** GitHub shows tree modes zero-padded to six digits (`040000`). */
export function apiMode(mode: string): string {
  return mode.padStart(6, "0");
}

/** Git stores tree modes without the leading zero. */
export function gitMode(mode: string): string {
  return mode === "040000" ? "40000" : mode;
}

export function parseTree(raw: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < raw.length) {
    const space = raw.indexOf(0x20, at);
    const nul = raw.indexOf(0x00, space);
    if (space < 0 || nul < 0) throw new Error("malformed tree object");
    const mode = raw.subarray(at, space).toString("latin1");
    const name = raw.subarray(space + 1, nul).toString("utf8");
    const sha = raw.subarray(nul + 1, nul + 21).toString("hex");
    entries.push({ mode, name, sha, type: entryTypeForMode(mode) });
    at = nul + 21;
  }
  return entries;
}

const IDENT = /^(.*) <([^>]*)> (-?\d+) ([+-]\d{4})$/;

export function parseIdentity(line: string): GitIdentity {
  const match = IDENT.exec(line);
  if (!match) throw new Error(`malformed identity line: ${line}`);
  return { name: match[1] ?? "", email: match[2] ?? "", epochSeconds: Number(match[3]), timezone: match[4] ?? "+0000" };
}

export function formatIdentity(identity: GitIdentity): string {
  return `${identity.name} <${identity.email}> ${String(identity.epochSeconds)} ${identity.timezone}`;
}

export function parseCommit(sha: string, raw: Buffer): CommitObject {
  const text = raw.toString("utf8");
  const split = text.indexOf("\n\n");
  const header = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? "" : text.slice(split + 2);
  let tree = "";
  const parents: string[] = [];
  let author: GitIdentity | undefined;
  let committer: GitIdentity | undefined;
  for (const line of header.split("\n")) {
    if (line.startsWith(" ")) continue; // continuation of a multi-line header (gpgsig)
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") tree = value;
    else if (key === "parent") parents.push(value);
    else if (key === "author") author = parseIdentity(value);
    else if (key === "committer") committer = parseIdentity(value);
  }
  if (!author || !committer || tree === "") throw new Error(`malformed commit object ${sha}`);
  return { sha, tree, parents, author, committer, message };
}

export interface NewCommit {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  readonly message: string;
}

/** The exact bytes of a commit object; the message is stored verbatim, as GitHub's API does. */
export function serialiseCommit(commit: NewCommit): string {
  const lines = [`tree ${commit.tree}`];
  for (const parent of commit.parents) lines.push(`parent ${parent}`);
  lines.push(`author ${formatIdentity(commit.author)}`);
  lines.push(`committer ${formatIdentity(commit.committer)}`);
  return `${lines.join("\n")}\n\n${commit.message}`;
}

/**
 * The bytes of a tree object. Entries are sorted the way git sorts them: by name, with a
 * directory compared as if its name ended in `/`.
 */
export function serialiseTree(entries: readonly TreeEntry[]): Buffer {
  const key = (e: TreeEntry) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name, "utf8");
  const sorted = [...entries].sort((a, b) => Buffer.compare(key(a), key(b)));
  return Buffer.concat(
    sorted.map((e) => Buffer.concat([Buffer.from(`${gitMode(e.mode)} ${e.name}\0`, "utf8"), Buffer.from(e.sha, "hex")])),
  );
}

/** ISO 8601 in UTC with a `Z`, the form GitHub's REST API uses for git dates. */
export function isoDate(identity: GitIdentity): string {
  return new Date(identity.epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Reads an ISO 8601 date from an API body into git's epoch-plus-offset form. */
export function parseIsoDate(value: string): { epochSeconds: number; timezone: string } | undefined {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return undefined;
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  const timezone = offset ? `${offset[1] ?? "+"}${offset[2] ?? "00"}${offset[3] ?? "00"}` : "+0000";
  return { epochSeconds: Math.floor(millis / 1000), timezone };
}

/** The first line of a commit message, as GitHub shows it. */
export function messageHeadline(message: string): string {
  return message.split("\n", 1)[0] ?? "";
}
