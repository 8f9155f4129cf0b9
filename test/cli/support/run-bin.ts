/** Runs the built executable as users do: `node bin/canary-bot.js …`, with the repository's Node. */
import { spawn } from "node:child_process";
import { BIN, REPO_ROOT } from "./paths.js";

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BinOptions {
  readonly cwd?: string;
  /** Added to a clean environment (no NO_COLOR, no CANARY_BOT_* from the test process). */
  readonly env?: Readonly<Record<string, string>>;
}

function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "NO_COLOR" || key === "FORCE_COLOR" || key.startsWith("CANARY_BOT_")) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export function runBin(args: readonly string[], options: BinOptions = {}): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: cleanEnv(options.env ?? {}), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}
