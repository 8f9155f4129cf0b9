import type { FileChange } from "../git/diff.js";
import type { LsTreeEntry } from "../git/git-store.js";
import { apiMode, isoDate, type CommitObject, type GitIdentity } from "../git/git-objects.js";
import { nodeId } from "../state/node-ids.js";
import type { RepoRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { repoApi, repoHtml, type Urls } from "./urls.js";
import { simpleUser } from "./users.js";

function identityJson(identity: GitIdentity): Record<string, unknown> {
  return { name: identity.name, email: identity.email, date: isoDate(identity) };
}

export function verificationJson(repo: RepoRecord, sha: string): Record<string, unknown> {
  const v = repo.verification.get(sha);
  return {
    verified: v?.verified ?? false,
    reason: v?.reason ?? "unsigned",
    signature: null,
    payload: null,
    verified_at: v?.verifiedAt ?? null,
  };
}

function parentsJson(urls: Urls, repo: RepoRecord, commit: CommitObject, path: "git/commits" | "commits") {
  return commit.parents.map((sha) => ({
    sha,
    url: `${repoApi(urls, repo)}/${path}/${sha}`,
    html_url: `${repoHtml(urls, repo)}/commit/${sha}`,
  }));
}

/** GitHub's `git-commit` object. */
export function gitCommitJson(urls: Urls, repo: RepoRecord, commit: CommitObject): Record<string, unknown> {
  const api = repoApi(urls, repo);
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", `${String(repo.id)}:${commit.sha}`),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${repoHtml(urls, repo)}/commit/${commit.sha}`,
    author: identityJson(commit.author),
    committer: identityJson(commit.committer),
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: parentsJson(urls, repo, commit, "git/commits"),
    verification: verificationJson(repo, commit.sha),
  };
}

export function gitRefJson(urls: Urls, repo: RepoRecord, ref: string, sha: string, type: string): Record<string, unknown> {
  const api = repoApi(urls, repo);
  const objectPath = type === "tag" ? "git/tags" : type === "commit" ? "git/commits" : `git/${type}s`;
  return {
    ref,
    node_id: nodeId("Ref", `${String(repo.id)}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { sha, type, url: `${api}/${objectPath}/${sha}` },
  };
}

export function treeJson(urls: Urls, repo: RepoRecord, sha: string, entries: readonly LsTreeEntry[]): Record<string, unknown> {
  const api = repoApi(urls, repo);
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: apiMode(e.mode),
      type: e.type,
      sha: e.sha,
      ...(e.size === undefined ? {} : { size: e.size }),
      url: e.type === "commit" ? undefined : `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    })),
    truncated: false,
  };
}

/** Base64 wrapped at 60 characters, as GitHub returns file contents. */
export function wrappedBase64(content: Buffer): string {
  const flat = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 60) lines.push(flat.slice(i, i + 60));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export function diffEntryJson(urls: Urls, repo: RepoRecord, ref: string, change: FileChange): Record<string, unknown> {
  const api = repoApi(urls, repo);
  const html = repoHtml(urls, repo);
  const path = encodeURI(change.filename);
  return {
    sha: change.sha,
    filename: change.filename,
    status: change.status,
    additions: change.additions,
    deletions: change.deletions,
    changes: change.additions + change.deletions,
    blob_url: `${html}/blob/${ref}/${path}`,
    raw_url: `${html}/raw/${ref}/${path}`,
    contents_url: `${api}/contents/${path}?ref=${ref}`,
    ...(change.patch === undefined ? {} : { patch: change.patch }),
    ...(change.previousFilename === undefined ? {} : { previous_filename: change.previousFilename }),
  };
}

/** GitHub's `commit` object (`GET /repos/{o}/{r}/commits/{ref}`); `files` only when given. */
export function commitJson(
  world: World,
  urls: Urls,
  repo: RepoRecord,
  commit: CommitObject,
  files?: readonly FileChange[],
): Record<string, unknown> {
  const api = repoApi(urls, repo);
  const author = world.userByEmail(commit.author.email);
  const committer = world.userByEmail(commit.committer.email);
  const additions = (files ?? []).reduce((sum, f) => sum + f.additions, 0);
  const deletions = (files ?? []).reduce((sum, f) => sum + f.deletions, 0);
  return {
    url: `${api}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId("Commit", `${String(repo.id)}:${commit.sha}`),
    html_url: `${repoHtml(urls, repo)}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      author: identityJson(commit.author),
      committer: identityJson(commit.committer),
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0,
      verification: verificationJson(repo, commit.sha),
    },
    author: author ? simpleUser(urls, author) : null,
    committer: committer ? simpleUser(urls, committer) : null,
    parents: parentsJson(urls, repo, commit, "commits"),
    ...(files === undefined
      ? {}
      : {
          stats: { total: additions + deletions, additions, deletions },
          files: files.map((f) => diffEntryJson(urls, repo, commit.sha, f)),
        }),
  };
}
