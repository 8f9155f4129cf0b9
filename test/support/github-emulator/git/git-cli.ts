import { spawn } from "node:child_process";

/** A git command that exited with a status the caller did not expect. */
export class GitCommandError extends Error {
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | null, stderr: string) {
    super(`git ${args.join(" ")} exited with ${String(exitCode)}: ${stderr.trim()}`);
    this.name = "GitCommandError";
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export interface GitRunOptions {
  readonly input?: Buffer | string;
  /** Exit codes that are answers rather than failures (e.g. 1 from `merge-base --is-ancestor`). */
  readonly okExitCodes?: readonly number[];
}

export interface GitRunResult {
  readonly stdout: Buffer;
  readonly exitCode: number;
}

/**
 * The environment every git call runs with: no user or system configuration, so a developer's
 * hooks, signing keys or default branch name cannot change the objects the emulator writes.
 */
function isolatedEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
  };
}

/** Runs `git --git-dir=<gitDir> ...args` and collects its output. */
export function runGit(gitDir: string | undefined, args: readonly string[], options: GitRunOptions = {}): Promise<GitRunResult> {
  const fullArgs = gitDir === undefined ? [...args] : [`--git-dir=${gitDir}`, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, { env: isolatedEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || (options.okExitCodes ?? []).includes(exitCode)) {
        resolve({ stdout: Buffer.concat(out), exitCode });
      } else {
        reject(new GitCommandError(args, code, Buffer.concat(err).toString("utf8")));
      }
    });
    child.stdin.on("error", () => {
      // git may exit before reading all of stdin (e.g. a bad object); the exit code reports it.
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Creates a bare repository whose HEAD names `defaultBranch`. */
export async function initBareRepository(gitDir: string, defaultBranch: string): Promise<void> {
  await runGit(undefined, ["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, gitDir]);
}
