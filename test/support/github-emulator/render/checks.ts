import type { EmulatorCore } from "../core.js";
import type { CheckAnnotation, CheckRunRecord, RepoRecord } from "../state/records.js";
import { integrationJson } from "./app.js";
import { baseShaOf, pullMinimalJson } from "./pulls.js";
import { repoApi, repoHtml } from "./urls.js";

/**
 * GitHub's `check-run` object. `pull_requests` lists only open pull requests whose head is the
 * run's SHA, which is why it is empty on a merged pull request.
 */
export async function checkRunJson(core: EmulatorCore, repo: RepoRecord, run: CheckRunRecord): Promise<Record<string, unknown>> {
  const api = repoApi(core.urls, repo);
  const app = core.world.requireApp();
  const pulls = [...repo.pulls.values()].filter((p) => p.state === "open" && p.headSha === run.headSha);
  const pullRequests = await Promise.all(pulls.map(async (p) => pullMinimalJson(core, repo, p, await baseShaOf(repo, p))));
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    external_id: run.externalId,
    url: `${api}/check-runs/${String(run.id)}`,
    html_url: `${repoHtml(core.urls, repo)}/runs/${String(run.id)}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/check-runs/${String(run.id)}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: integrationJson(core.urls, app),
    pull_requests: pullRequests,
  };
}

export function annotationJson(core: EmulatorCore, repo: RepoRecord, run: CheckRunRecord, annotation: CheckAnnotation): Record<string, unknown> {
  return {
    path: annotation.path,
    blob_href: `${repoHtml(core.urls, repo)}/blob/${run.headSha}/${annotation.path}`,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    start_column: annotation.startColumn,
    end_column: annotation.endColumn,
    annotation_level: annotation.annotationLevel,
    title: annotation.title,
    message: annotation.message,
    raw_details: annotation.rawDetails,
  };
}
