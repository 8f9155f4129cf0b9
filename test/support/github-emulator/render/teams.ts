import type { TeamRecord } from "../state/records.js";
import type { Urls } from "./urls.js";

/** GitHub's `team-simple` object. */
export function teamJson(urls: Urls, team: TeamRecord): Record<string, unknown> {
  const api = `${urls.api}/orgs/${team.org}/teams/${team.slug}`;
  return {
    id: team.id,
    node_id: team.nodeId,
    url: api,
    members_url: `${api}/members{/member}`,
    name: team.name,
    description: null,
    permission: "pull",
    privacy: "closed",
    notification_setting: "notifications_enabled",
    html_url: `${urls.html}/orgs/${team.org}/teams/${team.slug}`,
    repositories_url: `${api}/repos`,
    slug: team.slug,
    parent: null,
    type: "organization",
  };
}
