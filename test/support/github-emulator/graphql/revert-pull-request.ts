import { actorAccount } from "../auth/actor.js";
import { messageHeadline } from "../git/git-objects.js";
import { HttpError } from "../http/http-error.js";
import { recordVerified } from "../services/commits.js";
import { identityOf, webFlowIdentity } from "../services/identities.js";
import { createPull } from "../services/pulls.js";
import { moveRef } from "../services/refs.js";
import { decodeNodeId } from "../state/node-ids.js";
import type { PullRecord, RepoRecord } from "../state/records.js";
import { writeAccess } from "../routes/access-presets.js";
import { authorizeGraphqlRepo, lockRepo, type GraphqlContext } from "./context.js";
import { githubError } from "./graphql-errors.js";
import { pullRequestNode, type GraphqlObject } from "./objects.js";

export interface RevertPullRequestInput {
  readonly clientMutationId?: string | null;
  readonly pullRequestId: string;
  readonly title?: string | null;
  readonly body?: string | null;
  readonly draft?: boolean | null;
}

function resolvePull(ctx: GraphqlContext, id: string): { repo: RepoRecord; pr: PullRecord } {
  const decoded = decodeNodeId(id);
  const [repoId = "", number = ""] = decoded?.kind === "PullRequest" ? decoded.key.split(":") : [];
  const repo = ctx.core.world.repoById(Number(repoId));
  const pr = repo?.pulls.get(Number(number));
  if (!repo || !pr) throw githubError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  authorizeGraphqlRepo(ctx, repo, writeAccess("contents"));
  authorizeGraphqlRepo(ctx, repo, writeAccess("pull_requests"));
  return { repo, pr };
}

async function freeBranchName(repo: RepoRecord, wanted: string): Promise<string> {
  let name = wanted;
  for (let n = 1; (await repo.store.readRef(`refs/heads/${name}`)) !== undefined; n++) name = `${wanted}-${String(n)}`;
  return name;
}

/**
 * `revertPullRequest`, like the web "Revert" button: a commit on a new `revert-<n>-<branch>`
 * branch that undoes the merged PR against the *current* base (a three-way merge whose base is
 * the merge commit), and a pull request from it. Works for merge and squash merges.
 */
export async function revertPullRequest(input: RevertPullRequestInput, ctx: GraphqlContext): Promise<GraphqlObject> {
  const { repo, pr } = resolvePull(ctx, input.pullRequestId);
  const account = actorAccount(ctx.actor);
  if (!account) throw githubError("FORBIDDEN", "Resource not accessible by integration");
  return lockRepo(ctx, repo, async () => {
    const { world } = ctx.core;
    const merged = pr.mergeCommitSha;
    if (merged === null) throw githubError("UNPROCESSABLE", "Pull request is not merged, so it cannot be reverted.");
    const mergeCommit = await repo.store.readCommit(merged);
    const before = mergeCommit?.parents[0];
    const beforeTree = before === undefined ? undefined : (await repo.store.readCommit(before))?.tree;
    const head = await repo.store.readRef(`refs/heads/${pr.baseRef}`);
    if (!mergeCommit || before === undefined || beforeTree === undefined || head === undefined) {
      throw githubError("UNPROCESSABLE", "Pull request could not be reverted.");
    }
    // The inverse commit applies "undo the PR" on top of the merge commit; merging it into the
    // current head replays the undo even when the base moved on since.
    const inverse = await repo.store.writeCommit({
      tree: beforeTree,
      parents: [merged],
      author: webFlowIdentity(world),
      committer: webFlowIdentity(world),
      message: "inverse",
    });
    const result = await repo.store.mergeTrees(head, inverse);
    if (result.kind !== "clean") throw githubError("UNPROCESSABLE", "Pull request could not be reverted because of a merge conflict.");
    const headline = messageHeadline(mergeCommit.message);
    const reason = mergeCommit.parents.length > 1 ? `, reversing\nchanges made to ${before}.` : ".";
    const sha = await repo.store.writeCommit({
      tree: result.tree,
      parents: [head],
      author: identityOf(world, account),
      committer: webFlowIdentity(world),
      message: `Revert "${headline}"\n\nThis reverts commit ${merged}${reason}`,
    });
    recordVerified(world, repo, sha);
    const branch = await freeBranchName(repo, `revert-${String(pr.number)}-${pr.headRef}`);
    try {
      await moveRef(ctx.core, repo, ctx.actor, { ref: `refs/heads/${branch}`, sha, force: false });
      const revert = await createPull(ctx.core, repo, ctx.actor, {
        title: input.title ?? `Revert "${pr.title}"`,
        body: input.body ?? `Reverts ${repo.fullName}#${String(pr.number)}`,
        head: branch,
        base: pr.baseRef,
        draft: input.draft ?? false,
      });
      return {
        clientMutationId: input.clientMutationId ?? null,
        pullRequest: pullRequestNode(ctx.core, repo, pr),
        revertPullRequest: pullRequestNode(ctx.core, repo, revert),
      };
    } catch (error: unknown) {
      if (error instanceof HttpError) throw githubError("UNPROCESSABLE", error.message);
      throw error;
    }
  });
}
