/**
 * A real Prometheus (the Debian `prometheus` package) for contract tests: history is backfilled
 * with `promtool tsdb create-blocks-from openmetrics` into a temporary data directory before
 * the server starts (blocks added to a running server only show up after its next reload), then
 * Prometheus listens on 127.0.0.1 at a free port. Start one per test file and stop it in
 * `afterAll`.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, installed, sleep, stopProcess } from "./local-process.js";

export { freePort } from "./local-process.js";

/**
 * Why the Prometheus contract tests cannot run here, or undefined. Only a missing binary skips
 * them; `npm run setup` installs it.
 */
export const prometheusUnavailable: string | undefined = ["prometheus", "promtool"]
  .filter((binary) => !installed(binary))
  .map((b) => `${b} is not installed (Debian package "prometheus"; run \`npm run setup\`)`)
  .join("; ") || undefined;

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

export interface StartPrometheusOptions {
  /** OpenMetrics text (ending with `# EOF`) to backfill before start-up. */
  readonly openMetrics?: string;
}

async function waitReady(url: string, proc: ChildProcess, stderr: () => string): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(25);
  }
  throw new Error(`prometheus at ${url} was not ready after 20 s:\n${stderr()}`);
}

export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "canary-bot-prometheus-"));
  const data = join(dir, "data");
  try {
    if (options.openMetrics !== undefined) {
      const input = join(dir, "history.om");
      writeFileSync(input, options.openMetrics);
      try {
        execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, data], { stdio: "pipe" });
      } catch (error: unknown) {
        const output = (error as { stderr?: Buffer; stdout?: Buffer });
        throw new Error(`promtool could not backfill the history: ${String(output.stderr ?? "")}${String(output.stdout ?? "")}`, {
          cause: error,
        });
      }
    }
    const config = join(dir, "prometheus.yml");
    writeFileSync(config, "global:\n  scrape_interval: 15s\nscrape_configs: []\n");

    // The port can be taken between choosing it and binding it; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${String(port)}`;
      const proc = spawn(
        "prometheus",
        [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${String(port)}`, "--log.level=warn"],
        { stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      proc.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4000);
      });
      const killOnExit = (): void => {
        proc.kill("SIGKILL");
      };
      process.once("exit", killOnExit);
      if (await waitReady(url, proc, () => stderr)) {
        return {
          url,
          stop: async () => {
            process.removeListener("exit", killOnExit);
            await stopProcess(proc);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      process.removeListener("exit", killOnExit);
      if (attempt >= 3) throw new Error(`prometheus exited before it was ready:\n${stderr}`);
    }
  } catch (error: unknown) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
