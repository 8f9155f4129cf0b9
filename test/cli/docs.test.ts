/**
 * The examples in docs/cli.md are real: every ```console block that starts with
 * `$ canary-bot …` is run, and its output must be exactly what the block shows. A
 * `<!-- doctest: cwd=<dir> exit=<code> -->` line right before a block sets the working directory
 * (relative to the repository) and the expected exit code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/paths.js";
import { runBin } from "./support/run-bin.js";

interface DocExample {
  readonly line: number;
  readonly args: readonly string[];
  readonly output: string;
  readonly cwd: string;
  readonly exit: number;
}

function options(comment: string | undefined): { cwd: string; exit: number } {
  const settings = new Map<string, string>();
  for (const match of (comment ?? "").matchAll(/(\w+)=(\S+)/g)) settings.set(match[1]!, match[2]!.replace(/-->$/, ""));
  return { cwd: settings.get("cwd") ?? ".", exit: Number(settings.get("exit") ?? "0") };
}

function docExamples(markdown: string): DocExample[] {
  const lines = markdown.split("\n");
  const examples: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const end = lines.indexOf("```", i + 1);
    const [command = "", ...output] = lines.slice(i + 1, end);
    if (!command.startsWith("$ canary-bot ")) throw new Error(`docs/cli.md:${String(i + 2)}: a console block starts with "$ canary-bot …"`);
    if (/["'\\]/.test(command)) throw new Error(`docs/cli.md:${String(i + 2)}: quoting is not supported in examples`);
    const previous = lines[i - 1];
    const comment = previous?.startsWith("<!-- doctest") === true ? previous : undefined;
    examples.push({ line: i + 2, args: command.slice("$ canary-bot ".length).split(/\s+/).filter((a) => a !== ""), output: `${output.join("\n")}\n`, ...options(comment) });
    i = end;
  }
  return examples;
}

const markdown = readFileSync(join(REPO_ROOT, "docs", "cli.md"), "utf8");
const examples = docExamples(markdown);

describe("docs/cli.md", () => {
  it("shows validate and plan, on a valid and on an invalid repository", () => {
    const commands = examples.map((e) => `${e.args[0] ?? ""} exit ${String(e.exit)}`);
    expect(commands).toContain("validate exit 0");
    expect(commands).toContain("validate exit 1");
    expect(commands.filter((c) => c === "plan exit 0").length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((e) => [`line ${String(e.line)}: canary-bot ${e.args.join(" ")}`, e] as const))("%s", async (_, example) => {
    const result = await runBin(example.args, { cwd: join(REPO_ROOT, example.cwd) });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(example.output);
    expect(result.code).toBe(example.exit);
  });
});
