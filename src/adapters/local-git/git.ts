import { execFile } from "node:child_process";

export class GitCommandError extends Error {
  readonly args: readonly string[];
  readonly stderr: string;
  readonly exitCode: number | undefined;
  constructor(args: readonly string[], stderr: string, exitCode: number | undefined) {
    super(`git ${args.join(" ")} failed${exitCode !== undefined ? ` (exit ${String(exitCode)})` : ""}: ${stderr.trim() || "no output"}`);
    this.name = "GitCommandError";
    this.args = args;
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
}

export interface GitRunOptions {
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  readonly okCodes?: readonly number[];
}

/** Runs git in `cwd` and returns stdout; never through a shell. */
export function git(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...args],
      { cwd, env: { ...process.env, ...options.env, GIT_TERMINAL_PROMPT: "0" }, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : undefined) : 0;
        if (error && !(code !== undefined && options.okCodes?.includes(code))) {
          reject(new GitCommandError(args, stderr, code));
          return;
        }
        resolve({ stdout, code: code ?? 0 });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/**
 * After a branch moved from `from` to `to`: when that branch is checked out, moves the index and
 * working tree along (refusing to clobber local edits), as `git merge --ff-only` would.
 */
export async function syncWorktree(dir: string, branch: string, from: string, to: string): Promise<void> {
  const bare = (await git(dir, ["rev-parse", "--is-bare-repository"])).stdout.trim() === "true";
  if (bare) return;
  const { stdout, code } = await git(dir, ["symbolic-ref", "-q", "HEAD"], { okCodes: [1] });
  if (code !== 0 || stdout.trim() !== `refs/heads/${branch}`) return;
  const moved = await git(dir, ["read-tree", "-m", "-u", from, to], { okCodes: [128] });
  if (moved.code === 0) return;
  // An earlier run may have been stopped between moving the branch and moving the working tree:
  // the index then still holds an older commit of this branch. When it does and nothing in the
  // working tree differs from it, catch up from there; otherwise leave the person's edits alone.
  const indexTree = (await git(dir, ["write-tree"])).stdout.trim();
  const recentTrees = (await git(dir, ["log", "-n100", "--format=%T", `refs/heads/${branch}`])).stdout.split("\n");
  const clean = (await git(dir, ["diff", "--quiet"], { okCodes: [1] })).code === 0;
  if (!clean || !recentTrees.includes(indexTree)) {
    throw new Error(`the working tree of ${dir} has changes the commit on ${branch} would overwrite; commit or stash them and run again`);
  }
  await git(dir, ["read-tree", "-m", "-u", indexTree, to]);
}
