import type { UserRecord } from "../state/records.js";
import { userApi, userHtml, type Urls } from "./urls.js";

/** GitHub's `simple-user` object. */
export function simpleUser(urls: Urls, user: UserRecord): Record<string, unknown> {
  const api = userApi(urls, user);
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${String(user.id)}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: userHtml(urls, user),
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}
