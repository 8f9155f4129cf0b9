/** A directory on the command line, read and loaded as a repository. */
import { resolve } from "node:path";
import { loadRepository } from "../core/spec/load-repository.js";
import type { RepositoryIndex } from "../core/spec/repository-index.js";
import type { CliIo } from "./io.js";
import { displayDir, readRepositoryTree } from "./read-tree.js";

export interface LoadedDirectory {
  /** The directory as typed, for messages and JSON. */
  readonly dir: string;
  readonly fileCount: number;
  readonly index: RepositoryIndex;
  /** File contents by repository path, for source lines under issues. */
  readonly contents: ReadonlyMap<string, string>;
}

export async function loadDirectory(dir: string, io: CliIo): Promise<LoadedDirectory> {
  const shown = displayDir(dir);
  const tree = await readRepositoryTree(resolve(io.cwd, dir), shown);
  for (const skipped of tree.skipped) io.stderr(`canary-bot: skipped ${shown}/${skipped.path}: ${skipped.reason}\n`);
  return {
    dir: shown,
    fileCount: tree.files.length,
    index: loadRepository(tree.files),
    contents: new Map(tree.files.map((f) => [f.path, f.content])),
  };
}
