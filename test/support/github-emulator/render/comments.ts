import type { EmulatorCore } from "../core.js";
import type { IssueCommentRecord, RepoRecord } from "../state/records.js";
import { integrationJson } from "./app.js";
import { repoApi, repoHtml } from "./urls.js";
import { simpleUser } from "./users.js";

/** GitHub's `issue-comment` object. */
export function issueCommentJson(core: EmulatorCore, repo: RepoRecord, comment: IssueCommentRecord): Record<string, unknown> {
  const api = repoApi(core.urls, repo);
  const app = comment.viaAppId === undefined ? undefined : core.world.app;
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${api}/issues/comments/${String(comment.id)}`,
    html_url: `${repoHtml(core.urls, repo)}/pull/${String(comment.issueNumber)}#issuecomment-${String(comment.id)}`,
    body: comment.body,
    user: simpleUser(core.urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${String(comment.issueNumber)}`,
    author_association: core.world.authorAssociation(repo, comment.user.login),
    performed_via_github_app: app ? integrationJson(core.urls, app) : null,
  };
}
