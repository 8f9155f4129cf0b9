/**
 * `node:util` parseArgs with messages people can act on: its errors become `UsageError`s that
 * name the option, and enumerated options are checked here.
 */
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { UsageError } from "./cli-errors.js";
import { suggestKey } from "../core/spec/zod-issues.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

function translate(error: unknown, options: Options, maxPositionals: number): UsageError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  switch (errorCode(error)) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const option = quoted(message) ?? message;
      const names = Object.keys(options).map((name) => `--${name}`);
      const suggestion = option.startsWith("--") ? suggestKey(option, names) : undefined;
      return new UsageError(`unknown option ${option}${suggestion === undefined ? "" : `; did you mean ${suggestion}?`}`);
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = (quoted(message) ?? "").split(" ")[0] ?? "";
      if (message.includes("argument missing")) return new UsageError(`option ${option} needs a value`);
      if (message.includes("does not take an argument")) return new UsageError(`option ${option} takes no value`);
      return new UsageError(message);
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const argument = quoted(message) ?? "";
      return new UsageError(maxPositionals === 0 ? `unexpected argument ${argument}: this command takes none` : `unexpected argument ${argument}`);
    }
    case undefined:
    default:
      return undefined;
  }
}

/** Parses `args`; `maxPositionals` (default unlimited) bounds the arguments that are not options. */
export function parseFlags(args: readonly string[], options: Options, maxPositionals = Number.POSITIVE_INFINITY): ParsedFlags {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: maxPositionals > 0, strict: true });
  } catch (error: unknown) {
    throw translate(error, options, maxPositionals) ?? error;
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${parsed.positionals[maxPositionals] ?? ""}: this command takes at most ${String(maxPositionals)}`);
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === "string" || typeof value === "boolean") values[key] = value;
  }
  return { values, positionals: parsed.positionals };
}

/** The value of an option that accepts one of `choices`, or `fallback` when it is not given. */
export function choice<T extends string>(flags: ParsedFlags, name: string, choices: readonly T[], fallback: T): T {
  const value = flags.values[name];
  if (value === undefined) return fallback;
  const found = choices.find((c) => c === value);
  if (found !== undefined) return found;
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  return fail(`--${name} must be ${choices.slice(0, -1).join(", ")}${choices.length > 1 ? " or " : ""}${choices.at(-1) ?? ""}, got ${shown}`);
}

export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === "string" ? value : undefined;
}

function fail(message: string): never {
  throw new UsageError(message);
}
