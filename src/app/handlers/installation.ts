/**
 * `installation.created` and `installation_repositories.added`: reconcile every Canary of each
 * new repository (bootstrap PRs, configuration checks). Removals and suspensions queue nothing;
 * `create-app.ts` logs them.
 */
import { enqueue, ignore, type Routed } from "../routed.js";

export interface InstallationPayload {
  readonly installation: { readonly id: number };
  readonly repositories?: readonly { readonly full_name: string }[] | null;
}

export interface InstallationRepositoriesPayload {
  readonly installation: { readonly id: number };
  readonly repositories_added: readonly { readonly full_name: string }[];
}

function perRepository(installationId: number, repositories: readonly { readonly full_name: string }[], reason: string): Routed {
  if (repositories.length === 0) return ignore(`installation ${String(installationId)}: no repositories`);
  return enqueue(...repositories.map((r) => ({ installationId, repo: r.full_name, reason })));
}

export function routeInstallationCreated(payload: InstallationPayload): Routed {
  return perRepository(payload.installation.id, payload.repositories ?? [], "installed");
}

export function routeRepositoriesAdded(payload: InstallationRepositoriesPayload): Routed {
  return perRepository(payload.installation.id, payload.repositories_added, "repository added");
}
