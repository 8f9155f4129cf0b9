import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");

/** Rows of the README's command table: `canary-bot <command> <usage…>`. */
function readmeCommands(): { name: string; flags: string[] }[] {
  const rows = README.split("\n").filter((line) => line.startsWith("| `canary-bot "));
  return rows.map((row) => {
    const usage = /`canary-bot ([a-z]+)([^`]*)`/.exec(row);
    if (!usage) throw new Error(`unreadable README row: ${row}`);
    return { name: usage[1] ?? "", flags: [...(usage[2] ?? "").matchAll(/--[a-z-]+/g)].map((m) => m[0]) };
  });
}

describe("the README's command line", () => {
  it("lists every command the executable has, and only those", async () => {
    const help = await runBin(["--help"]);
    expect(help.code).toBe(0);
    const listed = readmeCommands().map((c) => c.name);
    expect(listed.sort()).toEqual(["plan", "simulate", "status", "validate"]);
    for (const name of listed) expect(help.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
  });

  it("uses only options each command's --help documents", async () => {
    for (const command of readmeCommands()) {
      const help = await runBin([command.name, "--help"]);
      expect(help.code).toBe(0);
      for (const flag of command.flags) expect(help.stdout, `${command.name} ${flag}`).toContain(flag);
    }
  });

  it("states the exit codes the commands use", () => {
    expect(README).toContain("Exit codes: 0 ok, 1 spec errors or a rolled-back rollout, 2 usage error, 3 runtime error.");
  });
});
