import { hasPermission } from "../auth/access.js";
import type { EmulatorCore } from "../core.js";
import { bodyObject, isObject, optionalArray, optionalObject } from "../http/body.js";
import { HttpError, notFound, unprocessable } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RequestContext, RouteSpec } from "../http/router.js";
import { integrationJson } from "../render/app.js";
import { repositoryJson } from "../render/repository.js";
import type { InstallationRecord, PermissionLevel, RepoRecord } from "../state/records.js";
import { installationJson } from "../webhooks/emit.js";
import { intParam } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/apps/apps";

function findInstallation(core: EmulatorCore, id: number): InstallationRecord {
  const installation = core.world.installations.get(id);
  if (!installation) throw notFound();
  return installation;
}

function reposOf(core: EmulatorCore, installation: InstallationRecord): RepoRecord[] {
  return [...core.world.repos.values()].filter((r) => core.world.installationCovers(installation, r));
}

function narrowPermissions(installation: InstallationRecord, requested: Readonly<Record<string, unknown>> | undefined) {
  if (!requested) return undefined;
  const narrowed: Record<string, PermissionLevel> = {};
  for (const [name, level] of Object.entries(requested)) {
    if (level !== "read" && level !== "write") throw unprocessable(`Invalid request.\n\nFor 'properties/${name}', ${JSON.stringify(level)} is not one of read, write.`);
    if (!hasPermission(installation.permissions, name, level)) throw unprocessable("The permissions requested are not granted to this installation.");
    narrowed[name] = level;
  }
  return narrowed;
}

function narrowRepositories(core: EmulatorCore, installation: InstallationRecord, names: readonly unknown[] | undefined, ids: readonly unknown[] | undefined) {
  if (names === undefined && ids === undefined) return undefined;
  const available = reposOf(core, installation);
  const chosen = new Set<number>();
  const fail = () => unprocessable("There is at least one repository that does not exist or is not accessible to the parent installation.");
  for (const name of names ?? []) {
    const repo = available.find((r) => typeof name === "string" && r.name.toLowerCase() === name.toLowerCase());
    if (!repo) throw fail();
    chosen.add(repo.id);
  }
  for (const id of ids ?? []) {
    const repo = available.find((r) => r.id === id);
    if (!repo) throw fail();
    chosen.add(repo.id);
  }
  return chosen;
}

function installationForAccount(ctx: RequestContext, login: string): InstallationRecord {
  const installation = [...ctx.core.world.installations.values()].find((i) => i.account.login.toLowerCase() === login.toLowerCase());
  if (!installation) throw notFound();
  return installation;
}

export const appRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/app",
    docs: `${DOCS}#get-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => Promise.resolve({ status: 200, body: { ...integrationJson(ctx.core.urls, ctx.core.world.requireApp()), installations_count: ctx.core.world.installations.size } }),
  },
  {
    method: "GET",
    path: "/app/installations",
    docs: `${DOCS}#list-installations-for-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => {
      const page = paginate(ctx, [...ctx.core.world.installations.values()]);
      return Promise.resolve({ status: 200, headers: page.headers, body: page.items.map((i) => installationJson(ctx.core, i)) });
    },
  },
  {
    method: "GET",
    path: "/app/installations/{installation_id}",
    docs: `${DOCS}#get-an-installation-for-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => Promise.resolve({ status: 200, body: installationJson(ctx.core, findInstallation(ctx.core, intParam(ctx, "installation_id"))) }),
  },
  {
    method: "POST",
    path: "/app/installations/{installation_id}/access_tokens",
    docs: `${DOCS}#create-an-installation-access-token-for-an-app`,
    caller: "app-jwt",
    handler: (ctx) => {
      const installation = findInstallation(ctx.core, intParam(ctx, "installation_id"));
      if (installation.suspendedAt !== null) throw new HttpError(403, "This installation has been suspended");
      const body = bodyObject(ctx.body);
      const requested = optionalObject(body, "permissions");
      const permissions = narrowPermissions(installation, isObject(requested) ? requested : undefined);
      const repositoryIds = narrowRepositories(ctx.core, installation, optionalArray(body, "repositories"), optionalArray(body, "repository_ids"));
      const token = ctx.core.tokens.issueInstallationToken(installation, {
        ...(permissions === undefined ? {} : { permissions }),
        ...(repositoryIds === undefined ? {} : { repositoryIds }),
      });
      const repos = repositoryIds === undefined ? undefined : reposOf(ctx.core, installation).filter((r) => repositoryIds.has(r.id));
      return Promise.resolve({
        status: 201,
        body: {
          token: token.token,
          expires_at: new Date(token.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: token.permissions,
          repository_selection: repos === undefined ? installation.repositorySelection : "selected",
          ...(repos === undefined ? {} : { repositories: repos.map((r) => repositoryJson(ctx.core.urls, r)) }),
        },
      });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/installation",
    docs: `${DOCS}#get-a-repository-installation-for-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => {
      const repo = ctx.core.world.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
      const installation = repo === undefined ? undefined : ctx.core.world.installationsFor(repo)[0];
      if (!installation) throw notFound();
      return Promise.resolve({ status: 200, body: installationJson(ctx.core, installation) });
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/installation",
    docs: `${DOCS}#get-an-organization-installation-for-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => Promise.resolve({ status: 200, body: installationJson(ctx.core, installationForAccount(ctx, ctx.params.org ?? "")) }),
  },
  {
    method: "GET",
    path: "/users/{username}/installation",
    docs: `${DOCS}#get-a-user-installation-for-the-authenticated-app`,
    caller: "app-jwt",
    handler: (ctx) => Promise.resolve({ status: 200, body: installationJson(ctx.core, installationForAccount(ctx, ctx.params.username ?? "")) }),
  },
  {
    method: "GET",
    path: "/installation/repositories",
    docs: "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation",
    caller: "installation",
    handler: (ctx) => {
      if (ctx.actor.kind !== "installation") throw new HttpError(403, "Resource not accessible by integration");
      const narrowed = ctx.actor.repositoryIds;
      const repos = reposOf(ctx.core, ctx.actor.installation).filter((r) => narrowed === undefined || narrowed.has(r.id));
      const page = paginate(ctx, repos);
      return Promise.resolve({
        status: 200,
        headers: page.headers,
        body: {
          total_count: repos.length,
          repository_selection: ctx.actor.installation.repositorySelection,
          repositories: page.items.map((r) => repositoryJson(ctx.core.urls, r)),
        },
      });
    },
  },
  {
    method: "DELETE",
    path: "/installation/token",
    docs: "https://docs.github.com/rest/apps/installations#revoke-an-installation-access-token",
    caller: "installation",
    handler: (ctx) => {
      const token = /\S+$/.exec(ctx.headers.authorization ?? "")?.[0] ?? "";
      ctx.core.tokens.revoke(token);
      return Promise.resolve({ status: 204 });
    },
  },
];
