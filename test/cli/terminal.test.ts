/**
 * What a terminal shows: the offending line with a caret under the column, and colour unless
 * NO_COLOR is set. Run in-process with a terminal-like `CliIo` (a pipe never is one).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run-cli.js";
import { CLI_FIXTURES, REPO_ROOT } from "./support/paths.js";

async function run(args: readonly string[], options: { tty: boolean; env?: Record<string, string>; cwd?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTTY: options.tty,
    stderrIsTTY: options.tty,
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
  };
  const code = await runCli(args, COMMANDS, io);
  return { code, stdout, stderr };
}

const ESC = "\u001b[";
const SGR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g");
const plainText = (text: string): string => text.replace(SGR, "");

describe("on a terminal", () => {
  it("shows the offending line with a caret under the column", async () => {
    const result = await run(["validate", "gitops"], { tty: true, env: { NO_COLOR: "1" }, cwd: join(CLI_FIXTURES, "typo") });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'alerts/on-call.yaml:7:3: spec.type: must be one of "slack", "msteams", "discord", "rocket", "gchat", got "slak"',
        "   7 |   type: slak",
        "     |   ^",
        "apps/podinfo/canary.yaml:14:5: warning: spec.service.trafficPolicy: not supported by the Gateway API router (Istio only); ignored",
        "  14 |     trafficPolicy:",
        "     |     ^",
        "apps/podinfo/canary.yaml:24:5: spec.analysis.stepweight: unknown field; did you mean stepWeight?",
        "  24 |     stepweight: 10",
        "     |     ^",
        "1 Canary, 2 MetricTemplates, 1 AlertProvider: 2 errors, 1 warning",
        "",
      ].join("\n"),
    );
  });

  it("uses colour unless NO_COLOR is set, and never in a pipe", async () => {
    const coloured = await run(["validate", "gitops"], { tty: true, cwd: join(CLI_FIXTURES, "typo") });
    expect(coloured.stdout).toContain(`${ESC}1malerts/on-call.yaml:7:3:${ESC}22m ${ESC}31mspec.type${ESC}39m: must be one of`);
    expect(coloured.stdout).toContain(`${ESC}33mwarning:${ESC}39m spec.service.trafficPolicy`);
    expect(coloured.stdout).toContain(`${ESC}31m2 errors${ESC}39m, ${ESC}33m1 warning${ESC}39m`);
    // Without the escapes it is the NO_COLOR output.
    const plain = await run(["validate", "gitops"], { tty: true, env: { NO_COLOR: "1" }, cwd: join(CLI_FIXTURES, "typo") });
    expect(plainText(coloured.stdout)).toBe(plain.stdout);
    // NO_COLOR set to the empty string does not count (no-color.org).
    expect((await run(["validate", "gitops"], { tty: true, env: { NO_COLOR: "" }, cwd: join(CLI_FIXTURES, "typo") })).stdout).toBe(coloured.stdout);
    const piped = await run(["plan", "examples/gitops", "--canary", "test/podinfo"], { tty: false });
    expect(piped.stdout).not.toContain(ESC);
    const tty = await run(["plan", "examples/gitops", "--canary", "test/podinfo"], { tty: true });
    expect(tty.stdout).toContain(`${ESC}1mtest/podinfo${ESC}22m  ${ESC}36mcanary${ESC}39m`);
    expect(plainText(tty.stdout)).toBe(piped.stdout);
  });
});
