/**
 * A real Redis (the Debian `redis-server` package) for contract tests: no persistence, a
 * temporary working directory, listening on 127.0.0.1 at a free port. Start one per test file
 * and stop it in `afterAll`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, installed, stopProcess } from "./local-process.js";

/** Why the Redis contract tests cannot run here, or undefined; `npm run setup` installs it. */
export const redisUnavailable: string | undefined = installed("redis-server")
  ? undefined
  : 'redis-server is not installed (Debian package "redis-server"; run `npm run setup`)';

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` (with the password, when one was set). */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** `requirepass`: clients must authenticate. */
  readonly password?: string;
}

/** Resolves true once the server accepts connections, false if it exits first (port taken). */
function waitReady(proc: ChildProcess, output: () => string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`redis-server was not ready after 20 s:\n${output()}`));
    }, 20_000);
    const onData = (): void => {
      if (output().includes("Ready to accept connections")) {
        cleanup();
        resolve(true);
      }
    };
    const onExit = (): void => {
      cleanup();
      resolve(false);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.stdout?.off("data", onData);
      proc.off("exit", onExit);
    };
    proc.stdout?.on("data", onData);
    proc.once("exit", onExit);
    onData();
  });
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), "canary-bot-redis-"));
  try {
    // The port can be taken between choosing it and binding it; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = [
        "--bind", "127.0.0.1",
        "--port", String(port),
        "--dir", dir,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--loglevel", "notice",
        ...(options.password !== undefined ? ["--requirepass", options.password] : []),
      ];
      const proc = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const collect = (chunk: Buffer): void => {
        output = (output + chunk.toString("utf8")).slice(-4_000);
      };
      proc.stdout.on("data", collect);
      proc.stderr.on("data", collect);
      const killOnExit = (): void => {
        proc.kill("SIGKILL");
      };
      process.once("exit", killOnExit);
      if (await waitReady(proc, () => output)) {
        const auth = options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : "";
        return {
          url: `redis://${auth}127.0.0.1:${String(port)}`,
          port,
          stop: async () => {
            process.removeListener("exit", killOnExit);
            await stopProcess(proc);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      process.removeListener("exit", killOnExit);
      if (attempt >= 3) throw new Error(`redis-server exited before it was ready:\n${output}`);
    }
  } catch (error: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
