import { actorAccount, type Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { HttpError, notFound, validationFailed } from "../http/http-error.js";
import { issueCommentJson } from "../render/comments.js";
import { pullAsIssueJson } from "../render/pulls.js";
import { nodeId } from "../state/node-ids.js";
import type { IssueCommentRecord, RepoRecord, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";

/** GitHub rejects longer comment bodies. */
export const MAX_COMMENT_LENGTH = 65_536;

function requireAccount(actor: Actor): UserRecord {
  const account = actorAccount(actor);
  if (!account) throw new HttpError(401, "Requires authentication");
  return account;
}

function checkBody(body: string): void {
  if (body.length > MAX_COMMENT_LENGTH) {
    throw validationFailed([
      { resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${String(MAX_COMMENT_LENGTH)} characters)` },
    ]);
  }
  if (body.trim() === "") throw validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }]);
}

/** Comments on a pull request's conversation (issues other than pull requests are not modelled). */
export function createComment(core: EmulatorCore, repo: RepoRecord, actor: Actor, issueNumber: number, body: string): IssueCommentRecord {
  const user = requireAccount(actor);
  const pr = repo.pulls.get(issueNumber);
  if (!pr) throw notFound();
  checkBody(body);
  const id = core.world.nextId();
  const now = core.world.timestamp();
  const comment: IssueCommentRecord = {
    id,
    nodeId: nodeId("IssueComment", id),
    issueNumber,
    user,
    body,
    createdAt: now,
    updatedAt: now,
    viaAppId: actor.kind === "installation" ? actor.app.id : undefined,
  };
  repo.comments.set(id, comment);
  emitRepoEvent(
    core,
    repo,
    "issue_comment",
    { action: "created", issue: pullAsIssueJson(core, repo, pr), comment: issueCommentJson(core, repo, comment) },
    user,
  );
  return comment;
}

export function updateComment(core: EmulatorCore, repo: RepoRecord, actor: Actor, comment: IssueCommentRecord, body: string): void {
  const user = requireAccount(actor);
  checkBody(body);
  const previous = comment.body;
  comment.body = body;
  comment.updatedAt = core.world.timestamp();
  const pr = repo.pulls.get(comment.issueNumber);
  if (!pr) return;
  emitRepoEvent(
    core,
    repo,
    "issue_comment",
    {
      action: "edited",
      changes: { body: { from: previous } },
      issue: pullAsIssueJson(core, repo, pr),
      comment: issueCommentJson(core, repo, comment),
    },
    user,
  );
}

export function findComment(repo: RepoRecord, id: number): IssueCommentRecord {
  const comment = repo.comments.get(id);
  if (!comment) throw notFound();
  return comment;
}
