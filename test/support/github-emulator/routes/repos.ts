import { bodyObject, oneOf, optionalString } from "../http/body.js";
import { HttpError, invalidRequest, notFound, unprocessable } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RouteSpec } from "../http/router.js";
import { repositoryJson } from "../render/repository.js";
import { repoApi } from "../render/urls.js";
import { simpleUser } from "../render/users.js";
import { ROLE_ORDER, type CommitState, type RepoRecord, type RepoRole, type StatusRecord } from "../state/records.js";
import type { World } from "../state/world.js";
import { createStatus } from "../services/statuses.js";
import { readAccess, writeAccess } from "./access-presets.js";
import { accountOf, repoOf } from "./route-helpers.js";
import type { Urls } from "../render/urls.js";

/** The legacy base permission: maintain counts as write, triage as read. */
function basePermission(role: RepoRole | undefined): "admin" | "write" | "read" | "none" {
  if (role === undefined) return "none";
  if (role === "admin") return "admin";
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf("write") ? "write" : "read";
}

function collaboratorJson(urls: Urls, world: World, repo: RepoRecord, login: string): Record<string, unknown> | null {
  const user = world.user(login);
  if (!user) return null;
  const role = world.roleOf(repo, login);
  const at = (minimum: RepoRole) => role !== undefined && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(minimum);
  return {
    ...simpleUser(urls, user),
    permissions: { pull: at("read"), triage: at("triage"), push: at("write"), maintain: at("maintain"), admin: at("admin") },
    role_name: role ?? "none",
  };
}

function statusJson(urls: Urls, repo: RepoRecord, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoApi(urls, repo)}/statuses/${status.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${String(status.creator.id)}?v=4`,
    id: status.id,
    node_id: status.nodeId,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: simpleUser(urls, status.creator),
  };
}

/** GitHub's combined state: failure beats pending beats success; no statuses is pending. */
function combinedState(statuses: readonly StatusRecord[]): CommitState {
  if (statuses.some((s) => s.state === "error" || s.state === "failure")) return "failure";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}

async function resolveSha(repo: RepoRecord, ref: string): Promise<string> {
  const sha = await repo.store.resolveCommitish(ref);
  if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

export const repoRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}",
    docs: "https://docs.github.com/rest/repos/repos#get-a-repository",
    access: readAccess("metadata"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const role = ctx.actor.kind === "user" ? ctx.core.world.roleOf(repo, ctx.actor.user.login) : undefined;
      return Promise.resolve({ status: 200, body: repositoryJson(ctx.core.urls, repo, role ?? "read") });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators/{username}/permission",
    docs: "https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user",
    access: readAccess("metadata"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const { world, urls } = ctx.core;
      const login = ctx.params.username ?? "";
      const user = collaboratorJson(urls, world, repo, login);
      if (!user) throw notFound();
      const role = world.roleOf(repo, login);
      return Promise.resolve({ status: 200, body: { permission: basePermission(role), role_name: role ?? "none", user } });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/collaborators/{username}",
    docs: "https://docs.github.com/rest/collaborators/collaborators#check-if-a-user-is-a-repository-collaborator",
    access: readAccess("metadata"),
    handler: (ctx) => {
      const role = ctx.core.world.roleOf(repoOf(ctx), ctx.params.username ?? "");
      if (role === undefined) throw new HttpError(404, "Not Found");
      return Promise.resolve({ status: 204 });
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/statuses/{sha}",
    docs: "https://docs.github.com/rest/commits/statuses#create-a-commit-status",
    access: writeAccess("statuses"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const { urls } = ctx.core;
      const sha = await resolveSha(repo, ctx.params.sha ?? "");
      const body = bodyObject(ctx.body);
      const state = oneOf(body, "state", ["error", "failure", "pending", "success"] as const);
      if (state === undefined) throw invalidRequest(`"state" wasn't supplied.`);
      const description = optionalString(body, "description");
      const targetUrl = optionalString(body, "target_url");
      const context = optionalString(body, "context");
      const status = createStatus(ctx.core, repo, accountOf(ctx), sha, {
        state,
        ...(context === undefined ? {} : { context }),
        ...(description === undefined ? {} : { description }),
        ...(targetUrl === undefined ? {} : { targetUrl }),
      });
      const json = statusJson(urls, repo, status);
      return { status: 201, body: json };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}/statuses",
    docs: "https://docs.github.com/rest/commits/statuses#list-commit-statuses-for-a-reference",
    access: readAccess("statuses"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const sha = await resolveSha(repo, ctx.params.ref ?? "");
      const statuses = repo.statuses.filter((s) => s.sha === sha).reverse();
      const page = paginate(ctx, statuses);
      return { status: 200, headers: page.headers, body: page.items.map((s) => statusJson(ctx.core.urls, repo, s)) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}/status",
    docs: "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference",
    access: readAccess("statuses"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const sha = await resolveSha(repo, ctx.params.ref ?? "");
      const latest = new Map<string, StatusRecord>();
      for (const status of repo.statuses) if (status.sha === sha) latest.set(status.context, status);
      const statuses = [...latest.values()];
      const api = repoApi(ctx.core.urls, repo);
      return {
        status: 200,
        body: {
          state: combinedState(statuses),
          statuses: statuses.map((s) => statusJson(ctx.core.urls, repo, s)),
          sha,
          total_count: statuses.length,
          repository: repositoryJson(ctx.core.urls, repo),
          commit_url: `${api}/commits/${sha}`,
          url: `${api}/commits/${sha}/status`,
        },
      };
    },
  },
];
