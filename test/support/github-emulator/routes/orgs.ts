import { hasPermission } from "../auth/access.js";
import { HttpError, notFound } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RequestContext, RouteSpec } from "../http/router.js";
import { simpleUser } from "../render/users.js";
import type { OrgRecord, TeamRecord } from "../state/records.js";

const DOCS = "https://docs.github.com/rest/teams/members";

/** Team and membership reads need the organization `members: read` permission (apps) or membership (users). */
function authorizeOrg(ctx: RequestContext): OrgRecord {
  const org = ctx.core.world.org(ctx.params.org ?? "");
  if (!org) throw notFound();
  const actor = ctx.actor;
  switch (actor.kind) {
    case "installation":
      if (actor.installation.account.id !== org.account.id) throw notFound();
      if (!hasPermission(actor.permissions, "members", "read")) {
        throw new HttpError(403, "Resource not accessible by integration", { headers: { "x-accepted-github-permissions": "members=read" } });
      }
      return org;
    case "user":
      if (![...org.members.keys()].some((l) => l.toLowerCase() === actor.user.login.toLowerCase())) throw notFound();
      return org;
    case "app":
    case "anonymous":
      throw notFound();
  }
}

function teamOf(ctx: RequestContext, org: OrgRecord): TeamRecord {
  const team = org.teams.get(ctx.params.team_slug ?? "");
  if (!team) throw notFound();
  return team;
}

export const orgRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/orgs/{org}/teams/{team_slug}/memberships/{username}",
    docs: `${DOCS}#get-team-membership-for-a-user`,
    handler: (ctx) => {
      const org = authorizeOrg(ctx);
      const team = teamOf(ctx, org);
      const login = ctx.params.username ?? "";
      const member = [...team.members].find(([l]) => l.toLowerCase() === login.toLowerCase());
      if (!member) throw notFound();
      const owner = [...org.members].some(([l, role]) => l.toLowerCase() === login.toLowerCase() && role === "admin");
      return Promise.resolve({
        status: 200,
        body: {
          url: `${ctx.core.urls.api}/organizations/${String(org.account.id)}/team/${String(team.id)}/memberships/${member[0]}`,
          role: owner ? "maintainer" : member[1],
          state: "active",
        },
      });
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/teams/{team_slug}/members",
    docs: `${DOCS}#list-team-members`,
    handler: (ctx) => {
      const org = authorizeOrg(ctx);
      const team = teamOf(ctx, org);
      const role = ctx.query.get("role") ?? "all";
      const members = [...team.members]
        .filter(([, r]) => role === "all" || r === role)
        .map(([login]) => ctx.core.world.user(login))
        .filter((u) => u !== undefined);
      const page = paginate(ctx, members);
      return Promise.resolve({ status: 200, headers: page.headers, body: page.items.map((u) => simpleUser(ctx.core.urls, u)) });
    },
  },
  {
    method: "GET",
    path: "/orgs/{org}/members/{username}",
    docs: "https://docs.github.com/rest/orgs/members#check-organization-membership-for-a-user",
    handler: (ctx) => {
      const org = authorizeOrg(ctx);
      const login = ctx.params.username ?? "";
      if (![...org.members.keys()].some((l) => l.toLowerCase() === login.toLowerCase())) throw notFound();
      return Promise.resolve({ status: 204 });
    },
  },
];
