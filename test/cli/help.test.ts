import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

const COMMANDS = ["validate", "plan", "status"];

describe("help, version and usage errors", () => {
  it("canary-bot --help lists every command with its summary", async () => {
    const result = await runBin(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("Usage: canary-bot <command> [options]\n")).toBe(true);
    for (const name of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    expect(result.stdout).toContain("Exit codes: 0 ok, 1 spec errors or a failed rollout, 2 usage error, 3 runtime error");
    expect(await runBin(["-h"])).toEqual(result);
    expect(await runBin(["help"])).toEqual(result);
  });

  it.each(COMMANDS)("canary-bot %s --help shows its usage, options and exit codes", async (name) => {
    const result = await runBin([name, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith(`Usage: canary-bot ${name}`)).toBe(true);
    expect(result.stdout).toContain("--format text|json");
    expect(result.stdout).toContain("Exit codes: 0 ");
    // --help wins over everything else on the line, and `help <command>` says the same.
    expect(await runBin([name, "--format", "nonsense", "-h"])).toEqual(result);
    expect(await runBin(["help", name])).toEqual(result);
  });

  it("--version prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(await runBin(["--version"])).toEqual({ code: 0, stdout: `canary-bot ${version}\n`, stderr: "" });
    expect((await runBin(["-v"])).stdout).toBe(`canary-bot ${version}\n`);
  });

  it("no command, an unknown command or an unknown option is a usage error (exit 2)", async () => {
    const none = await runBin([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr.startsWith("Usage: canary-bot <command> [options]\n")).toBe(true);
    expect(await runBin(["valdate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "canary-bot: unknown command valdate; did you mean validate?\nRun canary-bot --help for the commands.\n",
    });
    expect((await runBin(["deploy"])).stderr).toBe("canary-bot: unknown command deploy\nRun canary-bot --help for the commands.\n");
    expect((await runBin(["--verbose"])).stderr).toBe("canary-bot: unknown option --verbose\nRun canary-bot --help for the commands.\n");
    expect((await runBin(["help", "deploy"])).code).toBe(2);
    expect((await runBin(["toString"])).code).toBe(2);
  });
});
