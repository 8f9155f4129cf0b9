import type { AppRecord } from "../state/records.js";
import type { Urls } from "./urls.js";
import { simpleUser } from "./users.js";

/** GitHub's `integration` object (`GET /app`, `check_run.app`, `performed_via_github_app`). */
export function integrationJson(urls: Urls, app: AppRecord): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: app.nodeId,
    client_id: app.clientId,
    owner: simpleUser(urls, app.owner),
    name: app.name,
    description: null,
    external_url: `${urls.html}/apps/${app.slug}`,
    html_url: `${urls.html}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
  };
}
