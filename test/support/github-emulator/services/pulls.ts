import { actorAccount, type Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { messageHeadline } from "../git/git-objects.js";
import { HttpError, notFound, validationFailed } from "../http/http-error.js";
import { pullJson } from "../render/pulls.js";
import { nodeId } from "../state/node-ids.js";
import type { PullRecord, RepoRecord, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";
import { approvalsMissing } from "./approvals.js";
import { recordVerified } from "./commits.js";
import { identityOf, webFlowIdentity } from "./identities.js";
import { moveRef } from "./refs.js";

function requireAccount(actor: Actor): UserRecord {
  const account = actorAccount(actor);
  if (!account) throw new HttpError(401, "Requires authentication");
  return account;
}

export function findPull(repo: RepoRecord, number: number): PullRecord {
  const pr = repo.pulls.get(number);
  if (!pr) throw notFound();
  return pr;
}

export interface NewPull {
  readonly title: string;
  readonly head: string;
  readonly base: string;
  readonly body?: string;
  readonly draft?: boolean;
  readonly maintainerCanModify?: boolean;
}

/** Opens a pull request with GitHub's validation errors, and sends `pull_request.opened`. */
export async function createPull(core: EmulatorCore, repo: RepoRecord, actor: Actor, input: NewPull): Promise<PullRecord> {
  const user = requireAccount(actor);
  const colon = input.head.indexOf(":");
  const headOwner = colon < 0 ? repo.owner.login : input.head.slice(0, colon);
  const headRef = colon < 0 ? input.head : input.head.slice(colon + 1);
  if (headOwner.toLowerCase() !== repo.owner.login.toLowerCase()) {
    throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  }
  const baseSha = await repo.store.readRef(`refs/heads/${input.base}`);
  if (baseSha === undefined) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  const headSha = await repo.store.readRef(`refs/heads/${headRef}`);
  if (headSha === undefined) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  const duplicate = [...repo.pulls.values()].find((p) => p.state === "open" && p.headRef === headRef && p.baseRef === input.base);
  if (duplicate) {
    throw validationFailed([
      { resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner.login}:${headRef}.` },
    ]);
  }
  if ((await repo.store.revList(headSha, [baseSha])).length === 0) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${headRef}` }]);
  }
  const now = core.world.timestamp();
  const id = core.world.nextId();
  const issueId = core.world.nextId();
  const pr: PullRecord = {
    id,
    nodeId: nodeId("PullRequest", `${String(repo.id)}:${String(repo.nextNumber)}`),
    issueId,
    issueNodeId: nodeId("PullRequest", `issue:${String(issueId)}`),
    number: repo.nextNumber,
    title: input.title,
    body: input.body ?? null,
    state: "open",
    draft: input.draft ?? false,
    user,
    headRef,
    headSha,
    baseRef: input.base,
    closedBaseSha: undefined,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergeCommitSha: null,
    mergedBy: null,
    mergedCommits: [],
    requestedReviewers: new Map(),
    requestedTeams: new Set(),
    reviews: [],
    maintainerCanModify: input.maintainerCanModify ?? false,
  };
  repo.nextNumber += 1;
  repo.pulls.set(pr.number, pr);
  emitRepoEvent(core, repo, "pull_request", { action: "opened", number: pr.number, pull_request: await pullJson(core, repo, pr, true) }, user);
  return pr;
}

export interface PullUpdate {
  readonly title?: string;
  readonly body?: string;
  readonly state?: "open" | "closed";
  readonly base?: string;
}

/** Edits or closes/reopens a pull request (`PATCH /pulls/{n}`) and sends the matching events. */
export async function updatePull(core: EmulatorCore, repo: RepoRecord, actor: Actor, pr: PullRecord, update: PullUpdate): Promise<void> {
  const user = requireAccount(actor);
  if (update.base !== undefined && (await repo.store.readRef(`refs/heads/${update.base}`)) === undefined) {
    throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  }
  if (update.state === "open" && pr.mergedAt !== null) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: "state cannot be changed. The pull request has been merged." }]);
  }
  const edited = update.title !== undefined || update.body !== undefined || update.base !== undefined;
  if (update.title !== undefined) pr.title = update.title;
  if (update.body !== undefined) pr.body = update.body;
  if (update.base !== undefined) pr.baseRef = update.base;
  pr.updatedAt = core.world.timestamp();
  if (edited) emitRepoEvent(core, repo, "pull_request", { action: "edited", number: pr.number, changes: {}, pull_request: await pullJson(core, repo, pr, true) }, user);
  if (update.state === "closed" && pr.state === "open") {
    pr.state = "closed";
    pr.closedAt = pr.updatedAt;
    pr.closedBaseSha = (await repo.store.readRef(`refs/heads/${pr.baseRef}`)) ?? "";
    emitRepoEvent(core, repo, "pull_request", { action: "closed", number: pr.number, pull_request: await pullJson(core, repo, pr, true) }, user);
  } else if (update.state === "open" && pr.state === "closed") {
    pr.state = "open";
    pr.closedAt = null;
    pr.closedBaseSha = undefined;
    emitRepoEvent(core, repo, "pull_request", { action: "reopened", number: pr.number, pull_request: await pullJson(core, repo, pr, true) }, user);
  }
}

export type MergeMethod = "merge" | "squash" | "rebase";

export interface MergeRequest {
  readonly method: MergeMethod;
  /** The head the caller expects; a different head is GitHub's 409. */
  readonly sha?: string;
  readonly commitTitle?: string;
  readonly commitMessage?: string;
}

const NOT_MERGEABLE = "Pull Request is not mergeable";

/**
 * Merges a pull request with a real three-way merge of the current base head and the PR head
 * (a merge commit with both parents, or a squash commit with one), moves the base branch, and
 * sends `push` and `pull_request.closed` (merged). Returns the new commit's SHA.
 */
export async function mergePull(core: EmulatorCore, repo: RepoRecord, actor: Actor, pr: PullRecord, request: MergeRequest): Promise<string> {
  const user = requireAccount(actor);
  if (pr.state !== "open") throw new HttpError(405, NOT_MERGEABLE);
  if (request.sha !== undefined && request.sha !== pr.headSha) {
    throw new HttpError(409, "Head branch was modified. Review and try the merge again.");
  }
  if (request.method === "rebase") throw new HttpError(405, "Rebase merges are not allowed on this repository.");
  const missing = approvalsMissing(core.world, repo, pr);
  const bypass = repo.protection.get(pr.baseRef)?.bypass.has(user.login) ?? false;
  if (missing > 0 && !bypass) {
    const required = repo.protection.get(pr.baseRef)?.requiredApprovingReviews ?? 0;
    throw new HttpError(405, `At least ${String(required)} approving review${required === 1 ? " is" : "s are"} required by reviewers with write access.`);
  }
  const baseRef = `refs/heads/${pr.baseRef}`;
  const baseSha = await repo.store.readRef(baseRef);
  if (baseSha === undefined) throw new HttpError(405, NOT_MERGEABLE);
  const merged = await repo.store.mergeTrees(baseSha, pr.headSha);
  if (merged.kind !== "clean") throw new HttpError(405, NOT_MERGEABLE);
  const prCommits = await repo.store.revList(pr.headSha, [baseSha]);
  const squash = request.method === "squash";
  const title = request.commitTitle ?? (squash ? `${pr.title} (#${String(pr.number)})` : `Merge pull request #${String(pr.number)} from ${repo.owner.login}/${pr.headRef}`);
  let body = request.commitMessage;
  if (body === undefined) {
    if (squash) {
      const messages = await Promise.all([...prCommits].reverse().map(async (sha) => (await repo.store.readCommit(sha))?.message ?? ""));
      body = messages.map((m) => `* ${messageHeadline(m)}`).join("\n");
    } else {
      body = pr.title;
    }
  }
  const sha = await repo.store.writeCommit({
    tree: merged.tree,
    parents: squash ? [baseSha] : [baseSha, pr.headSha],
    author: identityOf(core.world, squash ? pr.user : user),
    committer: webFlowIdentity(core.world),
    message: body === "" ? title : `${title}\n\n${body}`,
  });
  recordVerified(core.world, repo, sha);
  try {
    await moveRef(core, repo, actor, { ref: baseRef, sha, force: false, expected: baseSha, viaPullRequest: true });
  } catch (error: unknown) {
    if (error instanceof HttpError && error.status === 422 && !error.message.startsWith("Repository rule")) {
      throw new HttpError(405, "Base branch was modified. Review and try the merge again.");
    }
    throw error;
  }
  const now = core.world.timestamp();
  pr.state = "closed";
  pr.closedAt = now;
  pr.updatedAt = now;
  pr.mergedAt = now;
  pr.mergedBy = user;
  pr.mergeCommitSha = sha;
  pr.closedBaseSha = baseSha;
  pr.mergedCommits = prCommits;
  emitRepoEvent(core, repo, "pull_request", { action: "closed", number: pr.number, pull_request: await pullJson(core, repo, pr, true) }, user);
  return sha;
}
