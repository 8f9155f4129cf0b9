import { authorizeRepo, type RepoAccess } from "../auth/access.js";
import type { Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { HttpError } from "../http/http-error.js";
import type { RepoRecord } from "../state/records.js";
import { githubError } from "./graphql-errors.js";

export interface GraphqlContext {
  readonly core: EmulatorCore;
  readonly actor: Actor;
}

function notFoundError(name: string) {
  return githubError("NOT_FOUND", `Could not resolve to a Repository with the name '${name}'.`);
}

/** The repository `owner/name`, if the caller may use it as `access` says (GitHub's GraphQL errors otherwise). */
export function graphqlRepo(ctx: GraphqlContext, owner: string, name: string, access: RepoAccess): RepoRecord {
  const repo = ctx.core.world.repo(owner, name);
  if (!repo) throw notFoundError(`${owner}/${name}`);
  authorizeGraphqlRepo(ctx, repo, access);
  return repo;
}

export function authorizeGraphqlRepo(ctx: GraphqlContext, repo: RepoRecord, access: RepoAccess): void {
  try {
    authorizeRepo(ctx.core.world, ctx.actor, repo, access);
  } catch (error: unknown) {
    if (error instanceof HttpError && error.status === 404) throw notFoundError(repo.fullName);
    if (error instanceof HttpError) throw githubError("FORBIDDEN", error.message);
    throw error;
  }
}

export function lockRepo<T>(ctx: GraphqlContext, repo: RepoRecord, task: () => Promise<T>): Promise<T> {
  return ctx.core.locks.run(repo.fullName.toLowerCase(), task);
}
