/** A command of `canary-bot`, and the table `main` dispatches on. */
import type { CliIo } from "./io.js";

export interface CliCommand {
  readonly name: string;
  /** One line for `canary-bot --help`. */
  readonly summary: string;
  /** The whole text of `canary-bot <name> --help`. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

export type CommandTable = Readonly<Record<string, CliCommand>>;
