import type { EmulatorCore } from "../core.js";
import type { PullRecord, RepoRecord, ReviewRecord } from "../state/records.js";
import { repoApi, repoHtml } from "./urls.js";
import { simpleUser } from "./users.js";

/** GitHub's `pull-request-review` object (REST: upper-case state). */
export function reviewJson(core: EmulatorCore, repo: RepoRecord, pr: PullRecord, review: ReviewRecord): Record<string, unknown> {
  const html = `${repoHtml(core.urls, repo)}/pull/${String(pr.number)}#pullrequestreview-${String(review.id)}`;
  const prUrl = `${repoApi(core.urls, repo)}/pulls/${String(pr.number)}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: simpleUser(core.urls, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: prUrl,
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    ...(review.submittedAt === undefined ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
    author_association: core.world.authorAssociation(repo, review.user.login),
  };
}
