import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConflictError } from "../../core/errors.js";
import type {
  CommitInfo,
  CommitRequest,
  CommitResult,
  Repository,
  SourcePullRequest,
  TreeFile,
  TreeSnapshot,
} from "../../ports/repository.js";
import { git, syncWorktree } from "./git.js";

export interface LocalGitIdentity {
  readonly name: string;
  readonly email: string;
}

/** The identity of commits made by canary-bot when it writes to a local repository. */
export const BOT_IDENTITY: LocalGitIdentity = { name: "canary-bot[bot]", email: "canary-bot[bot]@users.noreply.github.com" };

function matchesPrefix(path: string, prefixes: readonly string[]): boolean {
  if (prefixes.length === 0) return true;
  return prefixes.some((prefix) => (prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`)));
}

/** `Merge pull request #42 from acme/bump` (merge) or `Bump podinfo (#42)` (squash). */
export function pullRequestFromMessage(message: string): { number: number; title: string } | undefined {
  const [subject = "", , ...rest] = message.split("\n");
  const merge = /^Merge pull request #(\d+) from \S+/.exec(subject);
  if (merge) {
    const title = rest.find((line) => line.trim() !== "")?.trim() ?? subject;
    return { number: Number(merge[1]), title };
  }
  const squash = /^(.*) \(#(\d+)\)$/.exec(subject);
  if (squash) return { number: Number(squash[2]), title: squash[1] ?? subject };
  return undefined;
}

/**
 * A Repository on a local git repository, through git's plumbing: commits are built in a
 * temporary index and the branch moves with `update-ref <new> <expected>`, git's own
 * compare-and-swap, so a concurrent commit is a ConflictError exactly as on GitHub. When the
 * branch is checked out, the working tree follows the commit.
 */
export class LocalGitRepository implements Repository {
  readonly #dir: string;
  readonly #identity: LocalGitIdentity;

  constructor(dir: string, identity: LocalGitIdentity = BOT_IDENTITY) {
    this.#dir = dir;
    this.#identity = identity;
  }

  get dir(): string {
    return this.#dir;
  }

  async headOf(branch: string): Promise<string | undefined> {
    const { stdout, code } = await git(this.#dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], { okCodes: [1] });
    return code === 0 ? stdout.trim() : undefined;
  }

  async listFiles(commitSha: string, prefixes: readonly string[]): Promise<TreeSnapshot> {
    const { stdout } = await git(this.#dir, ["ls-tree", "-r", "-l", "-z", commitSha]);
    const files: TreeFile[] = [];
    for (const entry of stdout.split("\0")) {
      if (!entry) continue;
      const tab = entry.indexOf("\t");
      const [mode = "", type = "", blobSha = "", size = "0"] = entry.slice(0, tab).trim().split(/\s+/);
      const path = entry.slice(tab + 1);
      if (type !== "blob" || !matchesPrefix(path, prefixes)) continue;
      files.push({ path, blobSha, size: Number(size), mode });
    }
    return { commitSha, files };
  }

  async readFiles(files: readonly TreeFile[]): Promise<ReadonlyMap<string, string>> {
    const result = new Map<string, string>();
    if (files.length === 0) return result;
    const output = await catFileBatch(this.#dir, files.map((f) => f.blobSha));
    files.forEach((file, i) => {
      const content = output[i];
      if (content !== undefined) result.set(file.path, content.toString("utf8"));
    });
    return result;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const { code } = await git(this.#dir, ["merge-base", "--is-ancestor", ancestor, descendant], { okCodes: [1, 128] });
    return code === 0;
  }

  async commitChanges(request: CommitRequest): Promise<CommitResult> {
    const head = await this.headOf(request.branch);
    if (head !== request.expectedHead) {
      throw new ConflictError(`branch ${request.branch} is at ${head ?? "nothing"}, expected ${request.expectedHead}`);
    }
    const tmp = await mkdtemp(join(tmpdir(), "canary-bot-index-"));
    const env = {
      GIT_INDEX_FILE: join(tmp, "index"),
      GIT_AUTHOR_NAME: this.#identity.name,
      GIT_AUTHOR_EMAIL: this.#identity.email,
      GIT_COMMITTER_NAME: this.#identity.name,
      GIT_COMMITTER_EMAIL: this.#identity.email,
    };
    let sha: string;
    try {
      await git(this.#dir, ["read-tree", request.expectedHead], { env });
      const modes = new Map((await this.listFiles(request.expectedHead, request.changes.map((c) => c.path))).files.map((f) => [f.path, f.mode]));
      for (const change of request.changes) {
        if (change.content === null) {
          await git(this.#dir, ["update-index", "--force-remove", "--", change.path], { env });
          continue;
        }
        const blob = (await git(this.#dir, ["hash-object", "-w", "--stdin"], { input: change.content })).stdout.trim();
        await git(this.#dir, ["update-index", "--add", "--cacheinfo", `${modes.get(change.path) ?? "100644"},${blob},${change.path}`], { env });
      }
      const tree = (await git(this.#dir, ["write-tree"], { env })).stdout.trim();
      sha = (await git(this.#dir, ["commit-tree", tree, "-p", request.expectedHead, "-F", "-"], { env, input: request.message })).stdout.trim();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    const moved = await git(this.#dir, ["update-ref", `refs/heads/${request.branch}`, sha, request.expectedHead], { okCodes: [1, 128] });
    if (moved.code !== 0) {
      throw new ConflictError(`branch ${request.branch} moved while committing (expected ${request.expectedHead})`);
    }
    await syncWorktree(this.#dir, request.branch, request.expectedHead, sha);
    return { sha, url: "", verified: undefined };
  }

  async recentCommits(branch: string, limit: number): Promise<readonly CommitInfo[]> {
    const { stdout } = await git(this.#dir, ["log", `-n${String(limit)}`, "--format=%H%x00%P%x00%an%x00%B%x1e", `refs/heads/${branch}`]);
    return stdout
      .split("\x1e")
      .map((record) => record.replace(/^\n/, ""))
      .filter((record) => record.includes("\0"))
      .map((record) => {
        const [sha = "", parents = "", author = "", message = ""] = record.split("\0");
        return { sha, parents: parents.split(" ").filter(Boolean), authorLogin: author || undefined, message: message.trimEnd() };
      });
  }

  async pullRequestOf(sha: string): Promise<SourcePullRequest | undefined> {
    const { stdout } = await git(this.#dir, ["log", "-n1", "--format=%an%x00%B", sha]);
    const [author = "", message = ""] = stdout.split("\0");
    const pr = pullRequestFromMessage(message);
    if (!pr) return undefined;
    return { number: pr.number, title: pr.title, author: author || undefined, headSha: sha, mergeCommitSha: sha, url: "" };
  }
}

function catFileBatch(cwd: string, shas: readonly string[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", ["cat-file", "--batch"], { cwd, encoding: "buffer", maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        reject(new Error(`git cat-file --batch failed: ${error.message}`, { cause: error }));
        return;
      }
      const out: Buffer[] = [];
      let offset = 0;
      for (const sha of shas) {
        const newline = stdout.indexOf(0x0a, offset);
        const header = stdout.subarray(offset, newline).toString("utf8").split(" ");
        const size = Number(header[2]);
        if (header[1] === "missing" || !Number.isFinite(size)) {
          reject(new Error(`git object ${sha} is missing`));
          return;
        }
        out.push(stdout.subarray(newline + 1, newline + 1 + size));
        offset = newline + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin?.end(shas.join("\n") + "\n");
  });
}
