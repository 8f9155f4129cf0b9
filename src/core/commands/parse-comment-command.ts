/**
 * `/canary <verb> [name|namespace/name]` in a pull-request comment. Only the first line that
 * starts with `/canary` counts (so a comment can explain itself below the command); lines in
 * quotes (`>`), fenced or indented code blocks never count, so quoting or documenting a command
 * does not run it. The verb is case-insensitive; the Canary follows Kubernetes naming.
 */
import { suggestKey } from "../spec/zod-issues.js";
import { parseCanaryTarget, type CanaryTarget } from "./canary-key.js";
import { inlineCode } from "./inline-code.js";
import { COMMAND_VERBS, isCommandVerb, type CommandVerb } from "./command-verbs.js";

export type CommentCommand =
  /** No `/canary` line: the comment is not for the bot. */
  | { readonly kind: "none" }
  | { readonly kind: "command"; readonly verb: CommandVerb; readonly target?: CanaryTarget; readonly line: number; readonly text: string }
  /** `/canary help` */
  | { readonly kind: "help"; readonly line: number; readonly text: string }
  /** A `/canary` line the bot cannot read; `message` says why, for the reply. */
  | { readonly kind: "error"; readonly message: string; readonly line: number; readonly text: string };

const COMMAND_LINE = /^ {0,3}\/canary(?=\s|$)(.*)$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A closing fence holds nothing but the fence characters. */
const CLOSING_FENCE = /^ {0,3}(?:`{3,}|~{3,})\s*$/;
const QUOTE = /^ {0,3}>/;
const INDENTED_CODE = /^(?: {4}|\t)/;

interface Fence {
  readonly char: string;
  readonly length: number;
}

function fenceOf(line: string): Fence | undefined {
  const marker = FENCE.exec(line)?.[1];
  return marker === undefined ? undefined : { char: marker.charAt(0), length: marker.length };
}

/** 1-based number and text of the first `/canary` line outside quotes and code. */
function findCommandLine(body: string): { readonly line: number; readonly text: string; readonly rest: string } | undefined {
  const lines = body.split(/\r\n|\r|\n/);
  let open: Fence | undefined;
  let previousBlank = true;
  for (const [index, line] of lines.entries()) {
    const fence = fenceOf(line);
    if (open !== undefined) {
      if (fence?.char === open.char && fence.length >= open.length && CLOSING_FENCE.test(line)) open = undefined;
      continue;
    }
    if (fence !== undefined) {
      open = fence;
      continue;
    }
    // An indented line is code only after a blank line (otherwise it continues a paragraph).
    const isCode = previousBlank && INDENTED_CODE.test(line) && line.trim() !== "";
    previousBlank = line.trim() === "";
    if (isCode || QUOTE.test(line)) continue;
    const match = COMMAND_LINE.exec(line);
    if (match !== null) return { line: index + 1, text: line.trim(), rest: match[1] ?? "" };
  }
  return undefined;
}

function unknownVerb(word: string): string {
  const suggestion = suggestKey(word, COMMAND_VERBS);
  const known = COMMAND_VERBS.join(", ");
  return suggestion === undefined
    ? `unknown command ${inlineCode(word)}; the commands are ${known}`
    : `unknown command ${inlineCode(word)}; did you mean ${suggestion}? The commands are ${known}`;
}

export function parseCommentCommand(body: string): CommentCommand {
  const found = findCommandLine(body);
  if (found === undefined) return { kind: "none" };
  const { line, text } = found;
  const words = found.rest.trim().split(/\s+/).filter((w) => w !== "");
  const [first, argument, ...extra] = words;
  if (first === undefined) {
    return { kind: "error", line, text, message: `a command is missing after /canary; the commands are ${COMMAND_VERBS.join(", ")}` };
  }
  const verb = first.toLowerCase();
  if (verb === "help" && argument === undefined) return { kind: "help", line, text };
  if (!isCommandVerb(verb)) return { kind: "error", line, text, message: unknownVerb(first) };
  if (extra.length > 0) {
    return {
      kind: "error",
      line,
      text,
      message: `/canary ${verb} takes at most one argument, the Canary (name or namespace/name); got ${inlineCode([argument, ...extra].join(" "))}`,
    };
  }
  if (argument === undefined) return { kind: "command", verb, line, text };
  const target = parseCanaryTarget(argument);
  if (!target.ok) return { kind: "error", line, text, message: target.message };
  return { kind: "command", verb, target: target.target, line, text };
}
