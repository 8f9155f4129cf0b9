/**
 * Dispatch: `canary-bot <command> [args]`, top-level `--help` and `--version`, `--help` on
 * every command, and one-line errors with the documented exit codes.
 */
import { suggestKey } from "../core/spec/zod-issues.js";
import { RuntimeError, UsageError } from "./cli-errors.js";
import type { CommandTable } from "./command.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { packageVersion } from "./version.js";

export function topLevelHelp(commands: CommandTable): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const list = Object.values(commands).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: canary-bot <command> [options]

Progressive delivery for the Kubernetes Gateway API with Git as the source of truth.

Commands:
${list.join("\n")}

Options:
  -h, --help     show help (also: canary-bot <command> --help)
  -v, --version  print the version

Exit codes: 0 ok, 1 spec errors or a failed rollout, 2 usage error, 3 runtime error
(for example an unreachable server). Colour only on a terminal; NO_COLOR turns it off.
Documentation: docs/cli.md
`;
}

const HELP_FLAGS = ["-h", "--help"];

/** `--help` anywhere before a literal `--` asks for the command's help. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => HELP_FLAGS.includes(a));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runCli(argv: readonly string[], commands: CommandTable, io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(topLevelHelp(commands));
    return EXIT.usage;
  }
  if (HELP_FLAGS.includes(first) || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands[topic];
    if (topic !== undefined && command === undefined) {
      io.stderr(`canary-bot: unknown command ${topic}; run canary-bot --help for the commands\n`);
      return EXIT.usage;
    }
    io.stdout(command?.help ?? topLevelHelp(commands));
    return EXIT.ok;
  }
  if (first === "-v" || first === "--version") {
    io.stdout(`canary-bot ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (command === undefined) {
    const suggestion = suggestKey(first, Object.keys(commands));
    const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command ${first}`;
    io.stderr(`canary-bot: ${what}${suggestion === undefined ? "" : `; did you mean ${suggestion}?`}\nRun canary-bot --help for the commands.\n`);
    return EXIT.usage;
  }
  if (wantsHelp(rest)) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      io.stderr(`canary-bot ${command.name}: ${error.message}\nRun canary-bot ${command.name} --help for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof RuntimeError) {
      io.stderr(`canary-bot ${command.name}: ${error.message}\n`);
      return EXIT.runtime;
    }
    io.stderr(`canary-bot ${command.name}: unexpected error: ${messageOf(error)}\n`);
    if (io.env.CANARY_BOT_DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    return EXIT.runtime;
  }
}
