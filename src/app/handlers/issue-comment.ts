/**
 * `issue_comment.created` on a pull request: a `/canary` command. The Canary comes from the
 * argument when it names `namespace/name`; otherwise the item carries the PR number and the
 * engine finds the rollout that PR started (a bare `name` is read from the comment body, which
 * the source carries). A line the bot cannot read gets one reply here, since nothing is queued.
 */
import { commandErrorReply, helpReply } from "../../core/commands/command-reply.js";
import { commandFor } from "../../core/commands/command-verbs.js";
import { parseCommentCommand } from "../../core/commands/parse-comment-command.js";
import { isBot, origin, type Account, type EventBase } from "../payload-fields.js";
import { enqueue, ignore, type Routed } from "../routed.js";

export interface IssueCommentPayload extends EventBase {
  readonly issue: { readonly number: number; readonly pull_request?: unknown };
  readonly comment: { readonly id: number; readonly body: string; readonly user?: Account | null };
}

export function routeIssueComment(payload: IssueCommentPayload): Routed {
  const { issue, comment } = payload;
  const number = issue.number;
  if (issue.pull_request === undefined || issue.pull_request === null) return ignore(`#${String(number)} is an issue, not a pull request`);
  const author = comment.user ?? payload.sender;
  if (author === undefined || isBot(author) || isBot(payload.sender)) return ignore(`comment ${String(comment.id)} is by a bot`);
  const parsed = parseCommentCommand(comment.body);
  switch (parsed.kind) {
    case "none":
      return ignore(`comment ${String(comment.id)} holds no /canary command`);
    case "help":
      return { kind: "reply", issueNumber: number, body: helpReply(parsed.text), why: "/canary help" };
    case "error":
      return { kind: "reply", issueNumber: number, body: commandErrorReply(parsed.text, parsed.message), why: parsed.message };
    case "command": {
      const canary = parsed.target?.namespace === undefined ? undefined : `${parsed.target.namespace}/${parsed.target.name}`;
      return enqueue({
        ...origin(payload),
        ...(canary === undefined ? {} : { canary }),
        reason: `/canary ${parsed.verb} by @${author.login} on #${String(number)}`,
        pullNumber: number,
        commands: [
          {
            command: commandFor(parsed.verb, author.login),
            source: { kind: "comment", issueNumber: number, commentId: comment.id, body: comment.body },
          },
        ],
      });
    }
  }
}
