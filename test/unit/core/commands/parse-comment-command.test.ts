import { describe, expect, it } from "vitest";
import { commandErrorReply, helpReply } from "../../../../src/core/commands/command-reply.js";
import { parseCommentCommand, type CommentCommand } from "../../../../src/core/commands/parse-comment-command.js";

describe("parseCommentCommand", () => {
  it.each<[string, string, CommentCommand]>([
    ["a bare command", "/canary promote", { kind: "command", verb: "promote", line: 1, text: "/canary promote" }],
    ["a verb in any case", "/Canary ROLLBACK", { kind: "command", verb: "rollback", line: 1, text: "/Canary ROLLBACK" }],
    [
      "a Canary by name",
      "/canary pause podinfo",
      { kind: "command", verb: "pause", target: { name: "podinfo" }, line: 1, text: "/canary pause podinfo" },
    ],
    [
      "a Canary by namespace/name",
      "/canary resume test/podinfo",
      { kind: "command", verb: "resume", target: { namespace: "test", name: "podinfo" }, line: 1, text: "/canary resume test/podinfo" },
    ],
    [
      "the first command line, after prose, with explanation below",
      "Looks bad.\n\n/canary rollback\nerror rate is up\n/canary promote",
      { kind: "command", verb: "rollback", line: 3, text: "/canary rollback" },
    ],
    ["up to three spaces of indentation", "   /canary retry", { kind: "command", verb: "retry", line: 1, text: "/canary retry" }],
    ["CRLF line ends", "hi\r\n/canary pause\r\n", { kind: "command", verb: "pause", line: 2, text: "/canary pause" }],
    ["no command", "LGTM, ship it", { kind: "none" }],
    ["a command only inside inline code", "Run `/canary promote` when ready", { kind: "none" }],
    ["a longer word", "/canaryfoo promote", { kind: "none" }],
    ["a quoted command", "> /canary rollback\n\nWhy would we?", { kind: "none" }],
    ["a command in a fenced block", "```\n/canary rollback\n```", { kind: "none" }],
    ["a command in a tilde fence", "~~~sh\n/canary rollback\n~~~", { kind: "none" }],
    ["a command in an indented code block", "Example:\n\n    /canary rollback\n", { kind: "none" }],
    [
      "a command after a closed fence",
      "```\n/canary rollback\n```\n/canary pause",
      { kind: "command", verb: "pause", line: 4, text: "/canary pause" },
    ],
    ["a fence closed only by a long enough fence", "````\n```\n/canary rollback\n````", { kind: "none" }],
    [
      "a quoted command before a real one",
      "> /canary rollback\n/canary resume",
      { kind: "command", verb: "resume", line: 2, text: "/canary resume" },
    ],
    ["help", "/canary help", { kind: "help", line: 1, text: "/canary help" }],
  ])("reads %s", (_name, body, expected) => {
    expect(parseCommentCommand(body)).toEqual(expected);
  });

  it.each([
    ["/canary", "a command is missing after /canary; the commands are promote, rollback, pause, resume, retry"],
    ["/canary promot", "unknown command `promot`; did you mean promote? The commands are promote, rollback, pause, resume, retry"],
    ["/canary Rollbak", "unknown command `Rollbak`; did you mean rollback? The commands are promote, rollback, pause, resume, retry"],
    ["/canary deploy", "unknown command `deploy`; the commands are promote, rollback, pause, resume, retry"],
    ["/canary promote test/podinfo now", "/canary promote takes at most one argument, the Canary (name or namespace/name); got `test/podinfo now`"],
    ["/canary promote Podinfo", '`Podinfo` is not a Canary name (lower-case letters, digits, "-" and ".")'],
    ["/canary promote a/b/c", "`a/b/c` is not a Canary: write name or namespace/name"],
    ["/canary promote Test/podinfo", '`Test` is not a namespace (lower-case letters, digits and "-")'],
    ["/canary promote @acme/platform", '`@acme` is not a namespace (lower-case letters, digits and "-")'],
  ])("explains %j", (body, message) => {
    expect(parseCommentCommand(body)).toEqual({ kind: "error", line: 1, text: body, message });
  });

  it("replies with the line quoted as code (mentions stay inert) and the command list", () => {
    expect(commandErrorReply("/canary promot @acme/platform", "unknown command `promot`")).toBe(
      [
        "> `/canary promot @acme/platform`",
        "",
        "**canary-bot** did not run this: unknown command `promot`.",
        "",
        "- `/canary promote`: skip the remaining analysis and promote the canary",
        "- `/canary rollback`: route all traffic back to the primary and open a revert PR",
        "- `/canary pause`: hold the rollout at its current step",
        "- `/canary resume`: continue a paused rollout",
        "- `/canary retry`: run a failed rollout of the same revision again",
        "",
        "Add the Canary (`podinfo` or `test/podinfo`) when this pull request started more than one rollout.",
        "Commands need write access to the repository (or the role the repository's `.github/canary-bot.yml` asks for);",
        "`promote` also needs the configured approvers or the CODEOWNERS of the Canary's files.",
      ].join("\n"),
    );
    expect(helpReply("/canary help").split("\n").slice(0, 3)).toEqual(["> `/canary help`", "", "**canary-bot** commands:"]);
  });
});
