import { actorAccount } from "../auth/actor.js";
import { HttpError } from "../http/http-error.js";
import { commitFiles, type FileWrite } from "../services/commits.js";
import { identityOf, webFlowIdentity } from "../services/identities.js";
import { moveRef, protectionViolations } from "../services/refs.js";
import { decodeNodeId } from "../state/node-ids.js";
import type { RepoRecord } from "../state/records.js";
import { writeAccess } from "../routes/access-presets.js";
import { authorizeGraphqlRepo, graphqlRepo, lockRepo, type GraphqlContext } from "./context.js";
import { githubError } from "./graphql-errors.js";
import { commitNodeBySha, refNode, type GraphqlObject } from "./objects.js";

export interface CreateCommitOnBranchInput {
  readonly clientMutationId?: string | null;
  readonly branch: { readonly id?: string | null; readonly repositoryNameWithOwner?: string | null; readonly branchName?: string | null };
  readonly expectedHeadOid: string;
  readonly message: { readonly headline: string; readonly body?: string | null };
  readonly fileChanges?: {
    readonly additions?: readonly { readonly path: string; readonly contents: string }[] | null;
    readonly deletions?: readonly { readonly path: string }[] | null;
  } | null;
}

function resolveBranch(ctx: GraphqlContext, branch: CreateCommitOnBranchInput["branch"]): { repo: RepoRecord; ref: string } {
  const access = writeAccess("contents");
  if (branch.id !== undefined && branch.id !== null) {
    const decoded = decodeNodeId(branch.id);
    const colon = decoded?.key.indexOf(":") ?? -1;
    const repo = decoded?.kind === "Ref" ? ctx.core.world.repoById(Number(decoded.key.slice(0, colon))) : undefined;
    if (!decoded || !repo) throw githubError("NOT_FOUND", `Could not resolve to a node with the global id of '${branch.id}'`);
    authorizeGraphqlRepo(ctx, repo, access);
    return { repo, ref: decoded.key.slice(colon + 1) };
  }
  const [owner = "", name = ""] = (branch.repositoryNameWithOwner ?? "").split("/");
  const repo = graphqlRepo(ctx, owner, name, access);
  const branchName = branch.branchName ?? "";
  return { repo, ref: branchName.startsWith("refs/") ? branchName : `refs/heads/${branchName}` };
}

function decodeContents(path: string, contents: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contents.replace(/\s/g, ""))) {
    throw githubError("UNPROCESSABLE", `Could not decode the contents of ${path}: it is not valid Base64.`);
  }
  return Buffer.from(contents, "base64");
}

/**
 * `createCommitOnBranch`: one signed commit on an existing branch, guarded by
 * `expectedHeadOid`. A stale head is GitHub's STALE_DATA error (HTTP 200, data null).
 */
export async function createCommitOnBranch(input: CreateCommitOnBranchInput, ctx: GraphqlContext): Promise<GraphqlObject> {
  const { repo, ref } = resolveBranch(ctx, input.branch);
  const account = actorAccount(ctx.actor);
  if (!account) throw githubError("FORBIDDEN", "Resource not accessible by integration");
  return lockRepo(ctx, repo, async () => {
    const { world } = ctx.core;
    const head = await repo.store.readRef(ref);
    if (head === undefined) throw githubError("NOT_FOUND", `Could not resolve to a Ref with the name '${ref}'.`);
    if (head !== input.expectedHeadOid) {
      throw githubError("STALE_DATA", `Expected branch to point to ${JSON.stringify(input.expectedHeadOid)} but it did not.  Pull and try again.`);
    }
    const violations = protectionViolations(repo, ref, ctx.actor, { viaPullRequest: false, forced: false, deletion: false });
    if (violations.length > 0) throw githubError("UNPROCESSABLE", "Repository rule violations found\n\nChanges must be made through a pull request.\n\n");
    const tree = (await repo.store.readCommit(head))?.tree ?? "";
    const files: FileWrite[] = [];
    for (const deletion of input.fileChanges?.deletions ?? []) {
      const entry = await repo.store.entryAt(tree, deletion.path);
      if (!entry || entry.type === "tree") {
        throw githubError("NOT_FOUND", `A path was requested for deletion which does not exist as of commit oid \`${head}\``);
      }
      files.push({ path: deletion.path, content: null });
    }
    for (const addition of input.fileChanges?.additions ?? []) {
      files.push({ path: addition.path, content: decodeContents(addition.path, addition.contents) });
    }
    const body = input.message.body ?? "";
    const sha = await commitFiles(world, repo, {
      parent: head,
      files,
      message: body === "" ? input.message.headline : `${input.message.headline}\n\n${body}`,
      author: identityOf(world, account),
      committer: webFlowIdentity(world),
      verified: true,
    });
    try {
      await moveRef(ctx.core, repo, ctx.actor, { ref, sha, force: false, expected: head });
    } catch (error: unknown) {
      // The branch moved between the check and the update (git's compare-and-swap refused).
      if (error instanceof HttpError) {
        throw githubError("STALE_DATA", `Expected branch to point to ${JSON.stringify(input.expectedHeadOid)} but it did not.  Pull and try again.`);
      }
      throw error;
    }
    return {
      clientMutationId: input.clientMutationId ?? null,
      commit: () => commitNodeBySha(ctx.core, repo, sha),
      ref: () => refNode(ctx.core, repo, ref),
    };
  });
}
