import type { Probot } from "probot";
import type { GitHubClient } from "../adapters/github/github-client.js";
import { OctokitChecksReporter } from "../adapters/github/octokit-checks-reporter.js";
import { OctokitComments } from "../adapters/github/octokit-comments.js";
import { OctokitPermissions } from "../adapters/github/octokit-permissions.js";
import { OctokitPullRequests } from "../adapters/github/octokit-pull-requests.js";
import { OctokitRepository } from "../adapters/github/octokit-repository.js";
import type { RepoPorts } from "../engine/repo-ports.js";
import type { WorkItem } from "../ports/work-queue.js";

interface RepoFacts {
  readonly defaultBranch: string;
  readonly htmlUrl: string;
  readonly cloneUrl: string;
  readonly at: number;
}

/** Repository facts (default branch, URL) change rarely: one read per repository every few minutes. */
const FACTS_TTL_MS = 5 * 60_000;

/**
 * The GitHub side of a repository for one work item: an installation-authenticated Octokit
 * (Probot's, with its throttling and retries) behind the repository, checks, comments, pull
 * request and permission ports.
 */
export function githubPorts(probot: Probot, app: { readonly slug: string; readonly id?: number }, observe?: (octokit: GitHubClient) => void): (item: WorkItem) => Promise<RepoPorts> {
  const facts = new Map<string, RepoFacts>();
  return async (item) => {
    const [owner = "", repo = ""] = item.repo.split("/");
    let installationId = item.installationId;
    if (installationId === undefined) {
      const appOctokit = await probot.auth();
      installationId = (await appOctokit.rest.apps.getRepoInstallation({ owner, repo })).data.id;
    }
    const octokit: GitHubClient = await probot.auth(installationId);
    observe?.(octokit);
    let known = facts.get(item.repo);
    if (!known || Date.now() - known.at > FACTS_TTL_MS) {
      const { data } = await octokit.rest.repos.get({ owner, repo });
      known = { defaultBranch: data.default_branch, htmlUrl: data.html_url, cloneUrl: data.clone_url, at: Date.now() };
      facts.set(item.repo, known);
    }
    const coordinates = { owner, repo };
    const botLogin = `${app.slug}[bot]`;
    const base = known.htmlUrl;
    return {
      repo: item.repo,
      defaultBranch: known.defaultBranch,
      repository: new OctokitRepository(octokit, coordinates),
      checks: new OctokitChecksReporter(octokit, coordinates, app.id !== undefined ? { appId: app.id } : {}),
      comments: new OctokitComments(octokit, coordinates, { botLogin }),
      pullRequests: new OctokitPullRequests(octokit, coordinates),
      permissions: new OctokitPermissions(octokit, coordinates),
      links: { commit: (sha) => `${base}/commit/${sha}`, pullRequest: (n) => `${base}/pull/${String(n)}` },
      botLogin,
      cloneUrl: known.cloneUrl,
    };
  };
}
