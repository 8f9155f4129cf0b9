import type { GitStore } from "./git-store.js";
import { EMPTY_TREE_SHA } from "./git-objects.js";

export type FileChangeStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed";

/** One changed file between two trees, in the terms of GitHub's `diff-entry`. */
export interface FileChange {
  readonly filename: string;
  readonly previousFilename?: string;
  readonly status: FileChangeStatus;
  /** The blob after the change (before it, for a removed file). */
  readonly sha: string;
  readonly additions: number;
  readonly deletions: number;
  /** Hunks from the first `@@`, without git's file header; absent for binary files. */
  readonly patch?: string;
}

const STATUS: Record<string, FileChangeStatus> = {
  A: "added",
  D: "removed",
  M: "modified",
  R: "renamed",
  C: "copied",
  T: "changed",
};

interface RawRecord {
  readonly status: FileChangeStatus;
  readonly oldSha: string;
  readonly newSha: string;
  readonly path: string;
  readonly previousPath?: string;
}

function parseRaw(raw: string): RawRecord[] {
  const fields = raw.split("\0");
  const records: RawRecord[] = [];
  let i = 0;
  while (i < fields.length) {
    const meta = fields[i];
    if (meta === undefined || meta === "") break;
    const [, , oldSha = "", newSha = "", code = ""] = meta.slice(1).split(" ");
    const status = STATUS[code.charAt(0)] ?? "modified";
    if (status === "renamed" || status === "copied") {
      records.push({ status, oldSha, newSha, previousPath: fields[i + 1] ?? "", path: fields[i + 2] ?? "" });
      i += 3;
    } else {
      records.push({ status, oldSha, newSha, path: fields[i + 1] ?? "" });
      i += 2;
    }
  }
  return records;
}

function parseNumstat(numstat: string): { additions: number; deletions: number; binary: boolean }[] {
  const fields = numstat.split("\0");
  const out: { additions: number; deletions: number; binary: boolean }[] = [];
  let i = 0;
  while (i < fields.length) {
    const field = fields[i];
    if (field === undefined || field === "") break;
    const [added = "0", deleted = "0", path = ""] = field.split("\t");
    const binary = added === "-";
    out.push({ additions: binary ? 0 : Number(added), deletions: binary ? 0 : Number(deleted), binary });
    // A rename or copy leaves the path empty and names the two paths in the next fields.
    i += path === "" ? 3 : 1;
  }
  return out;
}

function splitPatches(patch: string): (string | undefined)[] {
  const sections = patch.split(/^diff --git /m).slice(1);
  return sections.map((section) => {
    const lines = section.split("\n");
    const hunkStart = lines.findIndex((l) => l.startsWith("@@"));
    if (hunkStart < 0) return undefined;
    const body = lines.slice(hunkStart);
    while (body.length > 0 && body[body.length - 1] === "") body.pop();
    return body.join("\n");
  });
}

/** The files that differ between two commits or trees; `from` undefined means the empty tree. */
export async function diffTrees(store: GitStore, from: string | undefined, to: string): Promise<FileChange[]> {
  const outputs = await store.diffTreeOutputs(from ?? EMPTY_TREE_SHA, to);
  const records = parseRaw(outputs.raw);
  const stats = parseNumstat(outputs.numstat);
  const patches = splitPatches(outputs.patch);
  return records.map((record, index) => {
    const stat = stats[index] ?? { additions: 0, deletions: 0, binary: false };
    const patch = stat.binary ? undefined : patches[index];
    return {
      filename: record.path,
      ...(record.previousPath === undefined ? {} : { previousFilename: record.previousPath }),
      status: record.status,
      sha: record.status === "removed" ? record.oldSha : record.newSha,
      additions: stat.additions,
      deletions: stat.deletions,
      ...(patch === undefined ? {} : { patch }),
    };
  });
}
