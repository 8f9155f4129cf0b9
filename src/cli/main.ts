/** The `canary-bot` executable's command table; `bin/canary-bot.js` calls `main`. */
import type { CommandTable } from "./command.js";
import type { CliIo } from "./io.js";
import { planCommand } from "./plan-command.js";
import { processIo } from "./process-io.js";
import { runCli } from "./run-cli.js";
import { simulateCommand } from "./simulate/simulate-command.js";
import { statusCommand } from "./status-command.js";
import { validateCommand } from "./validate-command.js";

export type { CliCommand, CommandTable } from "./command.js";

export const COMMANDS: CommandTable = {
  validate: validateCommand,
  plan: planCommand,
  simulate: simulateCommand,
  status: statusCommand,
};

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  return runCli(argv, COMMANDS, io);
}
