import type { EmulatorCore } from "../core.js";
import { repositoryJson } from "../render/repository.js";
import type { Urls } from "../render/urls.js";
import { simpleUser } from "../render/users.js";
import { nodeId } from "../state/node-ids.js";
import type { InstallationRecord, RepoRecord, UserRecord } from "../state/records.js";
import { buildPayload } from "./payloads.js";

/** Events every app receives whatever it subscribed to. */
const ALWAYS_SENT = new Set(["installation", "installation_repositories", "github_app_authorization"]);

export function organizationJson(urls: Urls, org: UserRecord): Record<string, unknown> {
  const api = `${urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${String(org.id)}?v=4`,
    description: null,
  };
}

function installationLite(installation: InstallationRecord): Record<string, unknown> {
  return { id: installation.id, node_id: nodeId("Integration", `installation:${String(installation.id)}`) };
}

function subscribed(installation: InstallationRecord, event: string): boolean {
  return ALWAYS_SENT.has(event) || installation.events.includes(event);
}

/**
 * Queues `event` for every installation that covers `repo` and subscribes to it. `body` holds
 * the event-specific fields (with `action`); repository, organization, sender and installation
 * are added here.
 */
export function emitRepoEvent(core: EmulatorCore, repo: RepoRecord, event: string, body: Record<string, unknown>, sender: UserRecord): void {
  const action = typeof body.action === "string" ? body.action : undefined;
  for (const installation of core.world.installationsFor(repo)) {
    if (!subscribed(installation, event)) continue;
    const real: Record<string, unknown> = {
      ...body,
      repository: repositoryJson(core.urls, repo),
      ...(repo.owner.type === "Organization" ? { organization: organizationJson(core.urls, repo.owner) } : {}),
      sender: simpleUser(core.urls, sender),
      installation: installationLite(installation),
    };
    core.webhooks.enqueue(event, buildPayload(event, action, real), installation.id);
  }
}

/** GitHub's `installation` object (REST and the `installation` webhook). */
export function installationJson(core: EmulatorCore, installation: InstallationRecord): Record<string, unknown> {
  const app = core.world.requireApp();
  return {
    id: installation.id,
    account: simpleUser(core.urls, installation.account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${core.urls.api}/app/installations/${String(installation.id)}/access_tokens`,
    repositories_url: `${core.urls.api}/installation/repositories`,
    html_url: `${core.urls.html}/settings/installations/${String(installation.id)}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: app.clientId,
    target_id: installation.account.id,
    target_type: installation.account.type === "Organization" ? "Organization" : "User",
    permissions: installation.permissions,
    events: installation.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: installation.suspendedAt,
  };
}

/** Queues an `installation` or `installation_repositories` event for one installation. */
export function emitInstallationEvent(
  core: EmulatorCore,
  installation: InstallationRecord,
  event: "installation" | "installation_repositories",
  body: Record<string, unknown>,
  sender: UserRecord,
): void {
  const action = typeof body.action === "string" ? body.action : undefined;
  const real: Record<string, unknown> = {
    ...body,
    installation: installationJson(core, installation),
    sender: simpleUser(core.urls, sender),
  };
  core.webhooks.enqueue(event, buildPayload(event, action, real), installation.id);
}
