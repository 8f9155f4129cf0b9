import { GitCommandError, initBareRepository, runGit } from "./git-cli.js";
import {
  FULL_SHA,
  ZERO_SHA,
  parseCommit,
  parseTree,
  serialiseCommit,
  serialiseTree,
  type CommitObject,
  type GitObjectType,
  type NewCommit,
  type TreeEntry,
} from "./git-objects.js";
import { ObjectDatabase } from "./object-database.js";

export interface RefEntry {
  readonly ref: string;
  readonly sha: string;
}

export interface LsTreeEntry {
  readonly mode: string;
  readonly type: TreeEntry["type"];
  readonly sha: string;
  readonly path: string;
  /** Blob size in bytes; undefined for trees and submodules. */
  readonly size: number | undefined;
}

export type MergeTreesResult =
  | { readonly kind: "clean"; readonly tree: string }
  | { readonly kind: "conflict"; readonly paths: readonly string[] }
  | { readonly kind: "unrelated" };

/** Revisions the emulator passes to git: SHAs and ref names, never revision syntax like `a~1`. */
const SAFE_REVISION = /^[A-Za-z0-9._/-]+$/;

const TREE_MODES = new Set(["40000"]);
const BLOB_MODES = new Set(["100644", "100755", "120000"]);

/**
 * One bare repository on disk. Objects are read and written in git's loose format (see
 * ObjectDatabase); refs move only through `git update-ref` with the old value, git's atomic
 * compare-and-swap; merges and diffs are git's own (`merge-tree`, `diff-tree`). Every SHA the
 * API reports is therefore a real git SHA that `git --git-dir=...` shows too.
 *
 * Refs are cached after the first read and kept current by this class; call
 * {@link invalidateRefs} after changing the repository with the git CLI directly.
 */
export class GitStore {
  readonly gitDir: string;
  private readonly objects: ObjectDatabase;
  private refs: Map<string, string> | undefined;

  private constructor(gitDir: string) {
    this.gitDir = gitDir;
    this.objects = new ObjectDatabase(gitDir);
  }

  static async create(gitDir: string, defaultBranch: string): Promise<GitStore> {
    await initBareRepository(gitDir, defaultBranch);
    return new GitStore(gitDir);
  }

  private git(args: readonly string[], okExitCodes?: readonly number[]) {
    return runGit(this.gitDir, args, okExitCodes === undefined ? {} : { okExitCodes });
  }

  async objectType(sha: string): Promise<GitObjectType | undefined> {
    return (await this.objects.read(sha))?.type;
  }

  async readBlob(sha: string): Promise<Buffer | undefined> {
    const object = await this.objects.read(sha);
    return object?.type === "blob" ? object.content : undefined;
  }

  async readTree(sha: string): Promise<TreeEntry[] | undefined> {
    const object = await this.objects.read(sha);
    return object?.type === "tree" ? parseTree(object.content) : undefined;
  }

  async readCommit(sha: string): Promise<CommitObject | undefined> {
    const object = await this.objects.read(sha);
    return object?.type === "commit" ? parseCommit(sha, object.content) : undefined;
  }

  writeBlob(content: Buffer): Promise<string> {
    return this.objects.write("blob", content);
  }

  /** Writes a tree after checking, as `git mktree` does, that every entry names an object of its type. */
  async writeTree(entries: readonly TreeEntry[]): Promise<string> {
    const names = new Set<string>();
    for (const entry of entries) {
      if (entry.name === "" || entry.name.includes("/") || names.has(entry.name)) throw new Error(`invalid tree entry name "${entry.name}"`);
      names.add(entry.name);
      const type = entry.type === "commit" ? "commit" : await this.objectType(entry.sha);
      const modeOk = entry.type === "tree" ? TREE_MODES.has(entry.mode) : entry.type === "blob" ? BLOB_MODES.has(entry.mode) : entry.mode === "160000";
      if (type !== entry.type || !modeOk) throw new Error(`tree entry ${entry.name}: ${entry.mode} ${entry.sha} is not a ${entry.type}`);
    }
    return this.objects.write("tree", serialiseTree(entries));
  }

  async writeCommit(commit: NewCommit): Promise<string> {
    if ((await this.objectType(commit.tree)) !== "tree") throw new Error(`commit tree ${commit.tree} is not a tree`);
    for (const parent of commit.parents) {
      if ((await this.objectType(parent)) !== "commit") throw new Error(`commit parent ${parent} is not a commit`);
    }
    return this.objects.write("commit", Buffer.from(serialiseCommit(commit), "utf8"));
  }

  private async refMap(): Promise<Map<string, string>> {
    if (!this.refs) {
      const { stdout } = await this.git(["for-each-ref", "--format=%(refname) %(objectname)"]);
      const refs = new Map<string, string>();
      for (const line of stdout.toString("utf8").split("\n")) {
        const space = line.lastIndexOf(" ");
        if (space > 0) refs.set(line.slice(0, space), line.slice(space + 1));
      }
      this.refs = refs;
    }
    return this.refs;
  }

  invalidateRefs(): void {
    this.refs = undefined;
  }

  /** Refs under `prefix` (whole path components, like `git for-each-ref`), sorted by name. */
  async listRefs(prefix = "refs/"): Promise<RefEntry[]> {
    const wanted = prefix.endsWith("/") ? prefix : `${prefix}/`;
    return [...(await this.refMap())]
      .filter(([ref]) => ref === prefix || ref.startsWith(wanted))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ref, sha]) => ({ ref, sha }));
  }

  async readRef(ref: string): Promise<string | undefined> {
    return (await this.refMap()).get(ref);
  }

  /**
   * Compare-and-swap on a ref. `expected` is the SHA the ref must hold now, `null` when it must
   * not exist yet, or `undefined` for an unconditional update. Returns false when the ref moved.
   */
  async updateRef(ref: string, sha: string, expected: string | null | undefined): Promise<boolean> {
    const args = ["update-ref", ref, sha];
    if (expected !== undefined) args.push(expected ?? ZERO_SHA);
    const done = await this.casRef(args);
    if (done) (await this.refMap()).set(ref, sha);
    return done;
  }

  async deleteRef(ref: string, expected: string | undefined): Promise<boolean> {
    const args = ["update-ref", "-d", ref];
    if (expected !== undefined) args.push(expected);
    const done = await this.casRef(args);
    if (done) (await this.refMap()).delete(ref);
    return done;
  }

  private async casRef(args: readonly string[]): Promise<boolean> {
    try {
      await this.git(args);
      return true;
    } catch (error: unknown) {
      if (error instanceof GitCommandError && /cannot lock ref|but expected|already exists/.test(error.stderr)) {
        this.invalidateRefs();
        return false;
      }
      throw error;
    }
  }

  /** Every commit reachable from `starts` (the starts included). */
  private async ancestry(starts: readonly string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    const queue = [...starts];
    for (let sha = queue.pop(); sha !== undefined; sha = queue.pop()) {
      if (seen.has(sha)) continue;
      seen.add(sha);
      const commit = await this.readCommit(sha);
      if (commit) queue.push(...commit.parents);
    }
    return seen;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (ancestor === descendant) return true;
    const seen = new Set<string>();
    const queue = [descendant];
    for (let sha = queue.pop(); sha !== undefined; sha = queue.pop()) {
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const commit = await this.readCommit(sha);
      if (commit) queue.push(...commit.parents);
    }
    return false;
  }

  /**
   * Commits reachable from `include` but not from any of `exclude`, newest first (children
   * before parents, later committer dates first among unrelated commits), like `git rev-list`.
   */
  async revList(include: string, exclude: readonly string[] = []): Promise<string[]> {
    const excluded = await this.ancestry(exclude);
    const selected = new Map<string, CommitObject>();
    const queue = [include];
    for (let sha = queue.pop(); sha !== undefined; sha = queue.pop()) {
      if (excluded.has(sha) || selected.has(sha)) continue;
      const commit = await this.readCommit(sha);
      if (!commit) continue;
      selected.set(sha, commit);
      queue.push(...commit.parents);
    }
    // Topological order: a commit is emitted only after every selected child.
    const children = new Map<string, number>();
    for (const commit of selected.values()) for (const p of commit.parents) if (selected.has(p)) children.set(p, (children.get(p) ?? 0) + 1);
    const ready = [...selected.values()].filter((c) => !children.has(c.sha));
    const out: string[] = [];
    while (ready.length > 0) {
      ready.sort((a, b) => a.committer.epochSeconds - b.committer.epochSeconds);
      const next = ready.pop();
      if (!next) break;
      out.push(next.sha);
      for (const p of next.parents) {
        const left = (children.get(p) ?? 0) - 1;
        children.set(p, left);
        const parent = selected.get(p);
        if (left === 0 && parent) ready.push(parent);
      }
    }
    return out;
  }

  /**
   * The commits reachable from `include` that `git log -- <path>` shows: git's own history
   * simplification, so a merge that took the path unchanged from one parent is left out.
   */
  async commitsTouching(include: string, path: string): Promise<Set<string>> {
    const { stdout } = await this.git(["rev-list", include, "--", path]);
    return new Set(stdout.toString("latin1").split("\n").filter((line) => line !== ""));
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const { stdout, exitCode } = await this.git(["merge-base", a, b], [1]);
    return exitCode === 0 ? stdout.toString("latin1").trim() : undefined;
  }

  /** A real three-way merge of two commits (their merge base is found by git), without a worktree. */
  async mergeTrees(ours: string, theirs: string): Promise<MergeTreesResult> {
    if ((await this.mergeBase(ours, theirs)) === undefined) return { kind: "unrelated" };
    const { stdout, exitCode } = await this.git(["merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", ours, theirs], [1]);
    const parts = stdout.toString("utf8").split("\0").filter((p) => p !== "");
    if (exitCode === 0) return { kind: "clean", tree: parts[0] ?? "" };
    return { kind: "conflict", paths: parts.slice(1) };
  }

  /** Resolves a SHA (full or abbreviated), branch, tag or full ref name to a commit SHA. */
  async resolveCommitish(revision: string): Promise<string | undefined> {
    if (!SAFE_REVISION.test(revision) || revision.startsWith("-")) return undefined;
    if (FULL_SHA.test(revision)) return (await this.objectType(revision)) === "commit" ? revision : undefined;
    const refs = await this.refMap();
    const candidates = revision.startsWith("refs/") ? [revision] : [`refs/heads/${revision}`, `refs/tags/${revision}`];
    for (const candidate of candidates) {
      const sha = refs.get(candidate);
      if (sha !== undefined) return this.peelToCommit(sha);
    }
    if (/^[0-9a-f]{7,39}$/.test(revision)) {
      const { stdout, exitCode } = await this.git(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], [1]);
      if (exitCode === 0) return stdout.toString("latin1").trim();
    }
    return undefined;
  }

  private async peelToCommit(sha: string): Promise<string | undefined> {
    let current = sha;
    for (let depth = 0; depth < 10; depth++) {
      const object = await this.objects.read(current);
      if (object?.type === "commit") return current;
      if (object?.type !== "tag") return undefined;
      const target = /^object ([0-9a-f]{40})$/m.exec(object.content.toString("utf8"))?.[1];
      if (target === undefined) return undefined;
      current = target;
    }
    return undefined;
  }

  /** The entry at `path` inside a tree (the root tree itself for an empty path). */
  async entryAt(treeSha: string, path: string): Promise<TreeEntry | undefined> {
    const segments = path.split("/").filter((s) => s !== "");
    let current: TreeEntry = { mode: "40000", name: "", sha: treeSha, type: "tree" };
    for (const segment of segments) {
      if (current.type !== "tree") return undefined;
      const entries = await this.readTree(current.sha);
      const next = entries?.find((e) => e.name === segment);
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  /** Entries of a tree with blob sizes, optionally recursive (trees listed before their contents). */
  async lsTree(treeSha: string, recursive: boolean, prefix = ""): Promise<LsTreeEntry[]> {
    const out: LsTreeEntry[] = [];
    for (const entry of (await this.readTree(treeSha)) ?? []) {
      const path = `${prefix}${entry.name}`;
      const size = entry.type === "blob" ? (await this.readBlob(entry.sha))?.length : undefined;
      out.push({ mode: entry.mode, type: entry.type, sha: entry.sha, path, size });
      if (recursive && entry.type === "tree") out.push(...(await this.lsTree(entry.sha, true, `${path}/`)));
    }
    return out;
  }

  /** Raw `git diff-tree` output for two tree-ish objects, in the three forms the diff model needs. */
  async diffTreeOutputs(from: string, to: string): Promise<{ raw: string; numstat: string; patch: string }> {
    const [raw, numstat, patch] = await Promise.all([
      this.git(["diff-tree", "-r", "-z", "-M", "--raw", "--no-commit-id", from, to]),
      this.git(["diff-tree", "-r", "-z", "-M", "--numstat", "--no-commit-id", from, to]),
      this.git(["diff-tree", "-r", "-M", "-p", "--no-commit-id", "--no-color", from, to]),
    ]);
    return { raw: raw.stdout.toString("utf8"), numstat: numstat.stdout.toString("utf8"), patch: patch.stdout.toString("utf8") };
  }
}
