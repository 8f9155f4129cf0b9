/**
 * Running real servers (Prometheus, Redis) for tests: is the binary there, a free port on
 * 127.0.0.1, and stopping the process (SIGTERM, then SIGKILL after 5 s).
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";

/** False only when the binary is not on PATH. */
export function installed(binary: string): boolean {
  try {
    execFileSync(binary, ["--version"], { stdio: "ignore" });
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => proc.once("exit", () => {
        resolve();
      }));
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  const done = await Promise.race([exited(proc).then(() => true), sleep(5_000).then(() => false)]);
  if (!done) {
    proc.kill("SIGKILL");
    await exited(proc);
  }
}
