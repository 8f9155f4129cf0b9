import type { EmulatorCore } from "../core.js";
import { isoDate, messageHeadline, type CommitObject, type GitIdentity } from "../git/git-objects.js";
import { baseShaOf } from "../render/pulls.js";
import { repoHtml } from "../render/urls.js";
import { nodeId } from "../state/node-ids.js";
import type { PullRecord, RepoRecord, UserRecord } from "../state/records.js";
import { githubError } from "./graphql-errors.js";

/**
 * GraphQL views of emulator records. Each is a plain object whose properties are values or
 * functions of the field arguments; a field the emulator does not provide is reported as an
 * error by the resolver (never silently null).
 */
export type GraphqlObject = Record<string, unknown>;

export function actorNode(core: EmulatorCore, user: UserRecord): GraphqlObject {
  return {
    __typename: user.type === "Bot" ? "Bot" : user.type === "Organization" ? "Organization" : "User",
    id: user.nodeId,
    databaseId: user.id,
    login: user.login,
    name: user.name,
    url: `${core.urls.html}/${user.login}`,
    resourcePath: `/${user.login}`,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${String(user.id)}?v=4`,
  };
}

function gitActor(core: EmulatorCore, identity: GitIdentity): GraphqlObject {
  const user = core.world.userByEmail(identity.email);
  return {
    name: identity.name,
    email: identity.email,
    date: isoDate(identity),
    user: user ? actorNode(core, user) : null,
  };
}

export function commitNode(core: EmulatorCore, repo: RepoRecord, commit: CommitObject): GraphqlObject {
  const url = `${repoHtml(core.urls, repo)}/commit/${commit.sha}`;
  const headline = messageHeadline(commit.message);
  return {
    __typename: "Commit",
    id: nodeId("Commit", `${String(repo.id)}:${commit.sha}`),
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: commit.message.slice(headline.length).replace(/^\n+/, ""),
    url,
    commitUrl: url,
    resourcePath: `/${repo.fullName}/commit/${commit.sha}`,
    committedDate: isoDate(commit.committer),
    authoredDate: isoDate(commit.author),
    author: gitActor(core, commit.author),
    committer: gitActor(core, commit.committer),
    tree: { __typename: "Tree", id: nodeId("Tree", `${String(repo.id)}:${commit.tree}`), oid: commit.tree },
    signature: null,
    repository: () => repositoryNode(core, repo),
    parents: () => {
      const nodes = commit.parents.map((sha) => ({ __typename: "Commit", oid: sha, id: nodeId("Commit", `${String(repo.id)}:${sha}`) }));
      return { totalCount: nodes.length, nodes };
    },
    file: async (args: { path: string }) => treeEntryNode(core, repo, commit.tree, args.path),
  };
}

async function blobNode(repo: RepoRecord, sha: string): Promise<GraphqlObject | null> {
  const content = await repo.store.readBlob(sha);
  if (!content) return null;
  const binary = content.includes(0);
  return {
    __typename: "Blob",
    id: nodeId("Blob", `${String(repo.id)}:${sha}`),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    byteSize: content.length,
    isBinary: binary,
    isTruncated: false,
    text: binary ? null : content.toString("utf8"),
  };
}

async function treeEntryNode(core: EmulatorCore, repo: RepoRecord, tree: string, path: string): Promise<GraphqlObject | null> {
  const entry = await repo.store.entryAt(tree, path);
  if (!entry) return null;
  return {
    name: entry.name,
    path,
    oid: entry.sha,
    mode: Number.parseInt(entry.mode, 8),
    type: entry.type,
    object: () => (entry.type === "blob" ? blobNode(repo, entry.sha) : null),
    repository: () => repositoryNode(core, repo),
  };
}

export async function commitNodeBySha(core: EmulatorCore, repo: RepoRecord, sha: string): Promise<GraphqlObject | null> {
  const commit = await repo.store.readCommit(sha);
  return commit ? commitNode(core, repo, commit) : null;
}

/** A ref by its full name (`refs/heads/main`); null when it does not exist. */
export async function refNode(core: EmulatorCore, repo: RepoRecord, ref: string): Promise<GraphqlObject | null> {
  const sha = await repo.store.readRef(ref);
  if (sha === undefined) return null;
  const slash = ref.startsWith("refs/heads/") ? "refs/heads/".length : ref.startsWith("refs/tags/") ? "refs/tags/".length : ref.lastIndexOf("/") + 1;
  return {
    __typename: "Ref",
    id: nodeId("Ref", `${String(repo.id)}:${ref}`),
    name: ref.slice(slash),
    prefix: ref.slice(0, slash),
    target: () => commitNodeBySha(core, repo, sha),
    repository: () => repositoryNode(core, repo),
  };
}

export function pullRequestNode(core: EmulatorCore, repo: RepoRecord, pr: PullRecord): GraphqlObject {
  const url = `${repoHtml(core.urls, repo)}/pull/${String(pr.number)}`;
  return {
    __typename: "PullRequest",
    id: pr.nodeId,
    databaseId: pr.id,
    fullDatabaseId: String(pr.id),
    number: pr.number,
    title: pr.title,
    body: pr.body ?? "",
    url,
    permalink: url,
    resourcePath: `/${repo.fullName}/pull/${String(pr.number)}`,
    state: pr.mergedAt !== null ? "MERGED" : pr.state === "open" ? "OPEN" : "CLOSED",
    merged: pr.mergedAt !== null,
    closed: pr.state === "closed",
    isDraft: pr.draft,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    mergedAt: pr.mergedAt,
    closedAt: pr.closedAt,
    headRefName: pr.headRef,
    headRefOid: pr.headSha,
    baseRefName: pr.baseRef,
    baseRefOid: () => baseShaOf(repo, pr),
    headRef: () => (pr.state === "open" ? refNode(core, repo, `refs/heads/${pr.headRef}`) : null),
    baseRef: () => refNode(core, repo, `refs/heads/${pr.baseRef}`),
    mergeCommit: () => (pr.mergeCommitSha === null ? null : commitNodeBySha(core, repo, pr.mergeCommitSha)),
    author: actorNode(core, pr.user),
    mergedBy: pr.mergedBy ? actorNode(core, pr.mergedBy) : null,
    repository: () => repositoryNode(core, repo),
  };
}

export function repositoryNode(core: EmulatorCore, repo: RepoRecord): GraphqlObject {
  return {
    __typename: "Repository",
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: actorNode(core, repo.owner),
    url: repoHtml(core.urls, repo),
    isPrivate: repo.private,
    defaultBranchRef: () => refNode(core, repo, `refs/heads/${repo.defaultBranch}`),
    ref: (args: { qualifiedName: string }) =>
      refNode(core, repo, args.qualifiedName.startsWith("refs/") ? args.qualifiedName : `refs/heads/${args.qualifiedName}`),
    pullRequest: (args: { number: number }) => {
      const pr = repo.pulls.get(args.number);
      if (!pr) throw githubError("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${String(args.number)}.`);
      return pullRequestNode(core, repo, pr);
    },
    object: async (args: { oid?: string; expression?: string }) => {
      if (args.oid !== undefined) return objectNode(core, repo, args.oid);
      const expression = args.expression ?? "";
      const colon = expression.indexOf(":");
      const revision = colon < 0 ? expression : expression.slice(0, colon);
      const commit = await repo.store.resolveCommitish(revision === "HEAD" ? repo.defaultBranch : revision);
      if (commit === undefined) return null;
      if (colon < 0) return commitNodeBySha(core, repo, commit);
      const tree = (await repo.store.readCommit(commit))?.tree ?? "";
      const entry = await repo.store.entryAt(tree, expression.slice(colon + 1));
      return entry ? objectNode(core, repo, entry.sha) : null;
    },
  };
}

async function objectNode(core: EmulatorCore, repo: RepoRecord, sha: string): Promise<GraphqlObject | null> {
  const type = await repo.store.objectType(sha);
  if (type === "commit") return commitNodeBySha(core, repo, sha);
  if (type === "blob") return blobNode(repo, sha);
  if (type === "tree") {
    const entries = (await repo.store.readTree(sha)) ?? [];
    return {
      __typename: "Tree",
      id: nodeId("Tree", `${String(repo.id)}:${sha}`),
      oid: sha,
      entries: entries.map((e) => ({ name: e.name, oid: e.sha, mode: Number.parseInt(e.mode, 8), type: e.type, object: () => objectNode(core, repo, e.sha) })),
    };
  }
  return null;
}
