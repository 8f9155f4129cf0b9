/**
 * Reads a GitOps repository from disk as `loadRepository` wants it: every YAML file (and
 * `Kustomization` file) under a directory, with repository-relative paths using `/`.
 * `node_modules` and `.git` are skipped; a symlink is followed only when it stays inside the
 * tree, and every file is read once, under its own path when it has one there.
 */
import { readFile, readdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { RepositoryFile } from "../core/spec/load-repository.js";
import { RuntimeError, UsageError } from "./cli-errors.js";

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);
const KUSTOMIZATION_FILE = "Kustomization";

export interface RepositoryTree {
  readonly files: readonly RepositoryFile[];
  /** Symlinks left alone because they lead out of the tree (or nowhere). */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

function isManifest(name: string): boolean {
  return /\.ya?ml$/i.test(name) || name === KUSTOMIZATION_FILE;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function toRepoPath(path: string): string {
  return path.split(sep).join("/");
}

function unreadable(path: string, error: unknown): RuntimeError {
  const code = codeOf(error);
  const why = code === "EACCES" || code === "EPERM" ? "permission denied" : error instanceof Error ? error.message : String(error);
  return new RuntimeError(`cannot read ${path}: ${why}`, { cause: error });
}

/** Checks that `dir` is a directory, with the message a person expects when it is not. */
async function checkDirectory(dir: string, shown: string): Promise<void> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new UsageError(`${shown} is not a directory`);
  } catch (error: unknown) {
    if (error instanceof UsageError) throw error;
    if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") throw new UsageError(`${shown}: no such directory`);
    throw unreadable(shown, error);
  }
}

interface Link {
  readonly path: string;
  readonly target: string;
  readonly directory: boolean;
}

/** `dir` as resolved against the working directory; `shown` is how messages name it. */
export async function readRepositoryTree(dir: string, shown: string): Promise<RepositoryTree> {
  await checkDirectory(dir, shown);
  const root = await realpath(dir);
  const files: RepositoryFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  /** Real path of every directory and file read → the repository path it was read as. */
  const read = new Map<string, string>();
  const links: Link[] = [];

  const readManifest = async (real: string, path: string): Promise<void> => {
    read.set(real, path);
    try {
      files.push({ path, content: await readFile(real, "utf8") });
    } catch (error: unknown) {
      throw unreadable(`${shown}/${path}`, error);
    }
  };

  const walk = async (real: string, repoDir: string): Promise<void> => {
    read.set(real, repoDir);
    let entries;
    try {
      entries = await readdir(real, { withFileTypes: true });
    } catch (error: unknown) {
      throw unreadable(repoDir === "" ? shown : `${shown}/${repoDir}`, error);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = repoDir === "" ? entry.name : `${repoDir}/${entry.name}`;
      const full = join(real, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          skipped.push({ path, reason: "the link leads nowhere" });
          continue;
        }
        if (!inside(root, target)) {
          skipped.push({ path, reason: `the link leads out of ${shown}` });
          continue;
        }
        const directory = (await stat(target)).isDirectory();
        if (directory ? !SKIPPED_DIRECTORIES.has(entry.name) : isManifest(entry.name)) links.push({ path, target, directory });
      } else if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, path);
      } else if (entry.isFile() && isManifest(entry.name)) {
        await readManifest(full, path);
      }
    }
  };

  await walk(root, "");
  // Links come last, so everything is read under its own path first, and only once. Walking a
  // linked directory may find more links: the loop sees them too.
  for (const link of links) {
    const seen = read.get(link.target);
    if (seen !== undefined) {
      skipped.push({ path: link.path, reason: `the link leads to ${seen === "" ? "the top of the tree" : seen}, which is read already` });
    } else if (link.directory) {
      await walk(link.target, link.path);
    } else {
      await readManifest(link.target, link.path);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

/** How a directory given on the command line is named in messages: as typed, without a trailing slash. */
export function displayDir(dir: string): string {
  const trimmed = dir.replace(/[\\/]+$/, "");
  return trimmed === "" ? "/" : toRepoPath(trimmed);
}
