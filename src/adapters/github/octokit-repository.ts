import { InvariantError } from "../../core/errors.js";
import type {
  CommitInfo,
  CommitRequest,
  CommitResult,
  FileChange,
  Repository,
  SourcePullRequest,
  TreeFile,
  TreeSnapshot,
} from "../../ports/repository.js";
import { fullName, type GitHubClient, type RepoCoordinates } from "./github-client.js";
import { gitHubCall, gitHubLookup } from "./translate-error.js";

/**
 * Commits go through GraphQL `createCommitOnBranch`, not the Git Data API (blobs → tree →
 * commit → ref), because:
 * - GitHub documents its commits as signed ("Verified") for Apps; Git Data commits are signed
 *   only when no author, committer or signature is sent, which GitHub describes but does not
 *   promise per endpoint;
 * - `expectedHeadOid` is a real compare-and-swap in the same call that writes, where the Git
 *   Data flow writes three objects before a fast-forward check can refuse them;
 * - one request (5 secondary-limit points) instead of four (15 points);
 * - deletions are first-class (`fileChanges.deletions`).
 * Its limits: it cannot create a branch (`createBranch` does that over REST first), cannot set
 * file modes (new files are regular files; existing files keep theirs), and contents travel
 * base64 in one GraphQL request, so it suits the small YAML edits the bot makes, not large
 * binaries.
 */
export const COMMIT_ON_BRANCH = `mutation CanaryBotCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit {
      oid
      url
      signature {
        isValid
      }
    }
  }
}`;

interface CommitOnBranchData {
  readonly createCommitOnBranch: {
    readonly commit: { readonly oid: string; readonly url: string; readonly signature: { readonly isValid: boolean } | null } | null;
  } | null;
}

/** `prefix` selects the path itself and, as a directory, everything under it. */
function underPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => path === p.replace(/\/$/, "") || path.startsWith(p.endsWith("/") ? p : `${p}/`));
}

/** A directory worth descending into: it holds a prefix, or a prefix holds it. */
function leadsToPrefix(dir: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || underPrefix(dir, prefixes) || prefixes.some((p) => p.startsWith(`${dir}/`));
}

/** Subject line and body as GraphQL's CommitMessage wants them. */
export function splitMessage(message: string): { headline: string; body?: string } {
  const newline = message.indexOf("\n");
  if (newline === -1) return { headline: message.trim() };
  const body = message.slice(newline + 1).replace(/^\s*\n/, "").trimEnd();
  return body === "" ? { headline: message.slice(0, newline).trim() } : { headline: message.slice(0, newline).trim(), body };
}

function checkChanges(changes: readonly FileChange[]): void {
  if (changes.length === 0) throw new InvariantError("commitChanges: no changes to commit");
  const seen = new Set<string>();
  for (const change of changes) {
    if (change.path === "" || change.path.startsWith("/") || change.path.endsWith("/")) {
      throw new InvariantError(`commitChanges: invalid path "${change.path}"`);
    }
    if (seen.has(change.path)) throw new InvariantError(`commitChanges: "${change.path}" is changed twice`);
    seen.add(change.path);
  }
}

export class OctokitRepository implements Repository {
  readonly #octokit: GitHubClient;
  readonly #at: RepoCoordinates;
  readonly #base: string;

  constructor(octokit: GitHubClient, coordinates: RepoCoordinates) {
    this.#octokit = octokit;
    this.#at = coordinates;
    this.#base = `/repos/${fullName(coordinates)}`;
  }

  async headOf(branch: string): Promise<string | undefined> {
    const ref = await gitHubLookup(`GET ${this.#base}/git/ref/heads/${branch}`, () =>
      this.#octokit.rest.git.getRef({ ...this.#at, ref: `heads/${branch}` }),
    );
    return ref?.data.object.sha;
  }

  async listFiles(commitSha: string, prefixes: readonly string[]): Promise<TreeSnapshot> {
    const { data } = await gitHubCall(`GET ${this.#base}/git/trees/${commitSha}`, () =>
      this.#octokit.rest.git.getTree({ ...this.#at, tree_sha: commitSha, recursive: "1" }),
    );
    if (!data.truncated) {
      const files = data.tree.flatMap((entry) => this.#file(entry, "", prefixes));
      return { commitSha, files };
    }
    // Over GitHub's recursive limit (100,000 entries or 7 MB): walk only the directories that
    // lead to the prefixes, one level per call.
    return { commitSha, files: await this.#walk(data.sha, "", prefixes) };
  }

  #file(
    entry: { path?: string; type?: string; sha?: string; size?: number; mode?: string },
    dir: string,
    prefixes: readonly string[],
  ): TreeFile[] {
    if (entry.type !== "blob" || entry.path === undefined || entry.sha === undefined) return [];
    const path = dir === "" ? entry.path : `${dir}/${entry.path}`;
    return underPrefix(path, prefixes) ? [{ path, blobSha: entry.sha, size: entry.size ?? 0, mode: entry.mode ?? "100644" }] : [];
  }

  async #walk(treeSha: string, dir: string, prefixes: readonly string[]): Promise<TreeFile[]> {
    const { data } = await gitHubCall(`GET ${this.#base}/git/trees/${treeSha}`, () =>
      this.#octokit.rest.git.getTree({ ...this.#at, tree_sha: treeSha }),
    );
    const files: TreeFile[] = [];
    for (const entry of data.tree) {
      if (entry.type === "tree") {
        const path = dir === "" ? entry.path : `${dir}/${entry.path}`;
        if (leadsToPrefix(path, prefixes)) files.push(...(await this.#walk(entry.sha, path, prefixes)));
      } else {
        files.push(...this.#file(entry, dir, prefixes));
      }
    }
    return files;
  }

  async readFiles(files: readonly TreeFile[]): Promise<ReadonlyMap<string, string>> {
    const byBlob = new Map<string, Promise<string>>();
    for (const file of files) {
      if (!byBlob.has(file.blobSha)) byBlob.set(file.blobSha, this.#blob(file.blobSha));
    }
    const entries = await Promise.all(files.map(async (file): Promise<[string, string]> => [file.path, await (byBlob.get(file.blobSha) ?? this.#blob(file.blobSha))]));
    return new Map(entries);
  }

  async #blob(sha: string): Promise<string> {
    const { data } = await gitHubCall(`GET ${this.#base}/git/blobs/${sha}`, () =>
      this.#octokit.rest.git.getBlob({ ...this.#at, file_sha: sha }),
    );
    return data.encoding === "base64" ? Buffer.from(data.content, "base64").toString("utf8") : data.content;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (ancestor === descendant) return true;
    const comparison = await gitHubLookup(`GET ${this.#base}/compare/${ancestor}...${descendant}`, () =>
      this.#octokit.rest.repos.compareCommitsWithBasehead({ ...this.#at, basehead: `${ancestor}...${descendant}`, per_page: 1 }),
    );
    // `ahead`: descendant has commits the ancestor lacks and none the other way round.
    return comparison?.data.status === "ahead" || comparison?.data.status === "identical";
  }

  async commitChanges(request: CommitRequest): Promise<CommitResult> {
    checkChanges(request.changes);
    const additions = request.changes.flatMap((c) => (c.content === null ? [] : [{ path: c.path, contents: Buffer.from(c.content, "utf8").toString("base64") }]));
    const deletions = request.changes.flatMap((c) => (c.content === null ? [{ path: c.path }] : []));
    const input = {
      branch: { repositoryNameWithOwner: fullName(this.#at), branchName: request.branch },
      expectedHeadOid: request.expectedHead,
      message: splitMessage(request.message),
      fileChanges: { ...(additions.length > 0 ? { additions } : {}), ...(deletions.length > 0 ? { deletions } : {}) },
    };
    const data = await gitHubCall(`createCommitOnBranch ${fullName(this.#at)}@${request.branch}`, () =>
      this.#octokit.graphql<CommitOnBranchData>(COMMIT_ON_BRANCH, { input }),
    );
    const commit = data.createCommitOnBranch?.commit;
    if (!commit) throw new InvariantError(`createCommitOnBranch ${fullName(this.#at)}@${request.branch}: GitHub returned no commit`);
    return { sha: commit.oid, url: commit.url, verified: commit.signature?.isValid };
  }

  async recentCommits(branch: string, limit: number): Promise<readonly CommitInfo[]> {
    const commits: CommitInfo[] = [];
    const pages = this.#octokit.paginate.iterator(this.#octokit.rest.repos.listCommits, {
      ...this.#at,
      sha: branch,
      per_page: Math.min(100, Math.max(1, limit)),
    });
    await gitHubCall(`GET ${this.#base}/commits?sha=${branch}`, async () => {
      for await (const page of pages) {
        for (const c of page.data) {
          if (commits.length >= limit) return;
          commits.push({ sha: c.sha, message: c.commit.message, authorLogin: c.author?.login, parents: c.parents.map((p) => p.sha) });
        }
        if (commits.length >= limit) return;
      }
    });
    return commits;
  }

  async pullRequestOf(sha: string): Promise<SourcePullRequest | undefined> {
    const { data } = await gitHubCall(`GET ${this.#base}/commits/${sha}/pulls`, () =>
      this.#octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.#at, commit_sha: sha }),
    );
    const merged = data.filter((pr) => pr.merged_at !== null);
    const pr = merged.find((p) => p.merge_commit_sha === sha) ?? merged[0];
    if (!pr) return undefined;
    return {
      number: pr.number,
      title: pr.title,
      author: pr.user?.login,
      headSha: pr.head.sha,
      mergeCommitSha: pr.merge_commit_sha ?? undefined,
      url: pr.html_url,
    };
  }
}
