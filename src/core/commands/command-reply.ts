/**
 * The reply to a `/canary` line the bot cannot read, or to `/canary help`: what went wrong, then
 * the commands with what they do. Markdown for a PR comment.
 */
import { COMMAND_DESCRIPTIONS, COMMAND_VERBS } from "./command-verbs.js";
import { inlineCode } from "./inline-code.js";

export function commandList(): string {
  const rows = COMMAND_VERBS.map((verb) => `- \`/canary ${verb}\`: ${COMMAND_DESCRIPTIONS[verb]}`);
  return [
    ...rows,
    "",
    "Add the Canary (`podinfo` or `test/podinfo`) when this pull request started more than one rollout.",
    "Commands need write access to the repository (or the role the repository's `.github/canary-bot.yml` asks for);",
    "`promote` also needs the configured approvers or the CODEOWNERS of the Canary's files.",
  ].join("\n");
}

function quoted(text: string): string {
  return `> ${inlineCode(text, 120)}`;
}

/** For `/canary help`. */
export function helpReply(text: string): string {
  return [quoted(text), "", "**canary-bot** commands:", "", commandList()].join("\n");
}

/** For a `/canary` line that could not be read; `message` comes from parseCommentCommand. */
export function commandErrorReply(text: string, message: string): string {
  return [quoted(text), "", `**canary-bot** did not run this: ${message}.`, "", commandList()].join("\n");
}
