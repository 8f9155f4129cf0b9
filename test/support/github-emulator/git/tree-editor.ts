import type { GitStore } from "./git-store.js";
import { gitMode, type TreeEntry, type TreeEntryType } from "./git-objects.js";

/** One entry of `POST /git/trees` after inline content has been written as a blob. */
export interface TreeChange {
  readonly path: string;
  readonly mode: string;
  readonly type: TreeEntryType;
  /** null deletes the path. */
  readonly sha: string | null;
}

export type TreeEditFailure = "missing-path" | "path-conflict" | "invalid-path";

export class TreeEditError extends Error {
  readonly failure: TreeEditFailure;
  readonly path: string;

  constructor(failure: TreeEditFailure, path: string) {
    super(`${failure}: ${path}`);
    this.name = "TreeEditError";
    this.failure = failure;
    this.path = path;
  }
}

interface Dir {
  readonly children: Map<string, Child>;
}

type Child = { readonly kind: "entry"; readonly entry: TreeEntry } | { readonly kind: "dir"; readonly dir: Dir };

async function loadDir(store: GitStore, sha: string | undefined): Promise<Dir> {
  const children = new Map<string, Child>();
  if (sha !== undefined) {
    for (const entry of (await store.readTree(sha)) ?? []) children.set(entry.name, { kind: "entry", entry });
  }
  return { children };
}

async function descend(store: GitStore, dir: Dir, name: string, create: boolean, path: string): Promise<Dir | undefined> {
  const child = dir.children.get(name);
  if (child?.kind === "dir") return child.dir;
  if (child?.kind === "entry") {
    if (child.entry.type !== "tree") {
      if (!create) return undefined;
      throw new TreeEditError("path-conflict", path);
    }
    const loaded = await loadDir(store, child.entry.sha);
    dir.children.set(name, { kind: "dir", dir: loaded });
    return loaded;
  }
  if (!create) return undefined;
  const created: Dir = { children: new Map() };
  dir.children.set(name, { kind: "dir", dir: created });
  return created;
}

function splitPath(path: string): string[] {
  const segments = path.split("/");
  if (segments.some((s) => s === "" || s === "." || s === ".." || s === ".git")) {
    throw new TreeEditError("invalid-path", path);
  }
  return segments;
}

async function writeDir(store: GitStore, dir: Dir): Promise<string | undefined> {
  const entries: TreeEntry[] = [];
  for (const [name, child] of dir.children) {
    if (child.kind === "entry") {
      entries.push(child.entry);
    } else {
      const sha = await writeDir(store, child.dir);
      // Git (and GitHub) cannot keep an empty directory, so it disappears with its last file.
      if (sha !== undefined) entries.push({ mode: "40000", name, sha, type: "tree" });
    }
  }
  if (entries.length === 0) return undefined;
  return store.writeTree(entries);
}

/**
 * Applies changes to a base tree (or to an empty tree) and writes the result, the way
 * `POST /git/trees` with `base_tree` does: nested paths create directories, and every path not
 * mentioned keeps its entry from the base.
 */
export async function editTree(store: GitStore, baseTree: string | undefined, changes: readonly TreeChange[]): Promise<string> {
  const root = await loadDir(store, baseTree);
  for (const change of changes) {
    const segments = splitPath(change.path);
    const name = segments.pop() ?? "";
    let dir: Dir | undefined = root;
    for (const segment of segments) {
      dir = await descend(store, dir, segment, change.sha !== null, change.path);
      if (dir === undefined) throw new TreeEditError("missing-path", change.path);
    }
    if (change.sha === null) {
      if (!dir.children.delete(name)) throw new TreeEditError("missing-path", change.path);
    } else {
      dir.children.set(name, { kind: "entry", entry: { mode: gitMode(change.mode), name, sha: change.sha, type: change.type } });
    }
  }
  return (await writeDir(store, root)) ?? (await store.writeTree([]));
}
