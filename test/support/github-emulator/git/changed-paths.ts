import { EMPTY_TREE_SHA, type TreeEntry } from "./git-objects.js";
import type { GitStore } from "./git-store.js";

export interface ChangedPaths {
  readonly added: string[];
  readonly removed: string[];
  readonly modified: string[];
}

async function filesOf(store: GitStore, tree: string | undefined, prefix: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  if (tree === undefined) return out;
  for (const entry of (await store.readTree(tree)) ?? []) out.set(`${prefix}${entry.name}`, entry);
  return out;
}

/**
 * Files added, removed and modified between two trees (no rename detection: a rename is a
 * removal plus an addition, as in push payloads). Unchanged subtrees are skipped by SHA.
 */
export async function changedPaths(store: GitStore, from: string | undefined, to: string | undefined, prefix = ""): Promise<ChangedPaths> {
  const result: ChangedPaths = { added: [], removed: [], modified: [] };
  if (from === to) return result;
  const before = await filesOf(store, from === EMPTY_TREE_SHA ? undefined : from, prefix);
  const after = await filesOf(store, to === EMPTY_TREE_SHA ? undefined : to, prefix);
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(path);
    const now = after.get(path);
    if (old?.sha === now?.sha && old?.mode === now?.mode) continue;
    const oldTree = old?.type === "tree" ? old.sha : undefined;
    const newTree = now?.type === "tree" ? now.sha : undefined;
    if (oldTree !== undefined || newTree !== undefined) {
      const nested = await changedPaths(store, oldTree, newTree, `${path}/`);
      result.added.push(...nested.added);
      result.removed.push(...nested.removed);
      result.modified.push(...nested.modified);
    }
    const oldFile = old !== undefined && old.type !== "tree";
    const newFile = now !== undefined && now.type !== "tree";
    if (oldFile && newFile) result.modified.push(path);
    else if (newFile) result.added.push(path);
    else if (oldFile) result.removed.push(path);
  }
  result.added.sort();
  result.removed.sort();
  result.modified.sort();
  return result;
}
