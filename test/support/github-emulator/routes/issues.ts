import { bodyObject, requiredString } from "../http/body.js";
import { forbidden, notFound } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RequestContext, RouteSpec } from "../http/router.js";
import { issueCommentJson } from "../render/comments.js";
import { createComment, findComment, updateComment } from "../services/comments.js";
import type { IssueCommentRecord } from "../state/records.js";
import { roleAtLeast } from "../state/world.js";
import { participateAccess, readAccess } from "./access-presets.js";
import { accountOf, intParam, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/issues/comments";

/** Authors edit their own comments; editing someone else's needs write access. */
function checkCanEdit(ctx: RequestContext, comment: IssueCommentRecord): void {
  if (ctx.actor.kind !== "user") return;
  const login = accountOf(ctx).login;
  if (login === comment.user.login) return;
  if (!roleAtLeast(ctx.core.world.roleOf(repoOf(ctx), login), "write")) throw forbidden("Must have push access to repository");
}

export const issueRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    docs: `${DOCS}#list-issue-comments`,
    access: readAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const number = intParam(ctx, "issue_number");
      if (!repo.pulls.has(number)) throw notFound();
      const since = ctx.query.get("since");
      const comments = [...repo.comments.values()]
        .filter((c) => c.issueNumber === number)
        .filter((c) => since === null || c.updatedAt >= since)
        .sort((a, b) => a.id - b.id);
      const page = paginate(ctx, comments);
      return Promise.resolve({ status: 200, headers: page.headers, body: page.items.map((c) => issueCommentJson(ctx.core, repo, c)) });
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    docs: `${DOCS}#create-an-issue-comment`,
    access: participateAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const comment = createComment(ctx.core, repo, ctx.actor, intParam(ctx, "issue_number"), requiredString(bodyObject(ctx.body), "body"));
      return Promise.resolve({ status: 201, body: issueCommentJson(ctx.core, repo, comment), headers: { location: issueCommentJson(ctx.core, repo, comment).url as string } });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    docs: `${DOCS}#get-an-issue-comment`,
    access: readAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return Promise.resolve({ status: 200, body: issueCommentJson(ctx.core, repo, findComment(repo, intParam(ctx, "comment_id"))) });
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    docs: `${DOCS}#update-an-issue-comment`,
    access: participateAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const comment = findComment(repo, intParam(ctx, "comment_id"));
      checkCanEdit(ctx, comment);
      updateComment(ctx.core, repo, ctx.actor, comment, requiredString(bodyObject(ctx.body), "body"));
      return Promise.resolve({ status: 200, body: issueCommentJson(ctx.core, repo, comment) });
    },
  },
  {
    method: "DELETE",
    path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
    docs: `${DOCS}#delete-an-issue-comment`,
    access: participateAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const comment = findComment(repo, intParam(ctx, "comment_id"));
      checkCanEdit(ctx, comment);
      repo.comments.delete(comment.id);
      return Promise.resolve({ status: 204 });
    },
  },
];
