import { actorAccount } from "../auth/actor.js";
import { HttpError, notFound } from "../http/http-error.js";
import type { RequestContext } from "../http/router.js";
import type { RepoRecord, UserRecord } from "../state/records.js";

/** The repository of a repository route (authorised by the server before the handler runs). */
export function repoOf(ctx: RequestContext): RepoRecord {
  if (!ctx.repo) throw notFound();
  return ctx.repo;
}

export function accountOf(ctx: RequestContext): UserRecord {
  const account = actorAccount(ctx.actor);
  if (!account) throw new HttpError(401, "Requires authentication");
  return account;
}

/** A numeric path parameter; anything else is a 404, as on GitHub. */
export function intParam(ctx: RequestContext, name: string): number {
  const value = ctx.params[name] ?? "";
  if (!/^\d+$/.test(value)) throw notFound();
  return Number(value);
}
