import type { EmulatorCore } from "../core.js";
import type { InstallationSeed } from "../options.js";
import { createInstallation } from "../state/seed.js";
import type { InstallationRecord, RepoRecord } from "../state/records.js";
import { emitInstallationEvent } from "../webhooks/emit.js";

function repoLite(repo: RepoRecord): Record<string, unknown> {
  return { id: repo.id, node_id: repo.nodeId, name: repo.name, full_name: repo.fullName, private: repo.private };
}

function find(core: EmulatorCore, id: number): InstallationRecord {
  const installation = core.world.installations.get(id);
  if (!installation) throw new Error(`no installation ${String(id)}`);
  return installation;
}

function reposNamed(core: EmulatorCore, installation: InstallationRecord, names: readonly string[]): RepoRecord[] {
  return names.map((name) => {
    const repo = core.world.repo(installation.account.login, name);
    if (!repo) throw new Error(`no repository ${installation.account.login}/${name}`);
    return repo;
  });
}

/**
 * What an account owner does on the app's installation page; each action sends the
 * `installation` / `installation_repositories` event GitHub sends for it.
 */
export class InstallationActions {
  private readonly core: EmulatorCore;

  constructor(core: EmulatorCore) {
    this.core = core;
  }

  /** Installs the app (`installation.created`); returns the installation id. */
  install(seed: InstallationSeed, by: string): number {
    const installation = createInstallation(this.core.world, seed);
    const repos = [...this.core.world.repos.values()].filter((r) => this.core.world.installationCovers(installation, r));
    emitInstallationEvent(this.core, installation, "installation", { action: "created", repositories: repos.map(repoLite), requester: null }, this.core.world.ensureUser(by));
    return installation.id;
  }

  uninstall(id: number, by: string): void {
    const installation = find(this.core, id);
    emitInstallationEvent(this.core, installation, "installation", { action: "deleted", repositories: [] }, this.core.world.ensureUser(by));
    this.core.world.installations.delete(id);
  }

  suspend(id: number, by: string): void {
    const installation = find(this.core, id);
    installation.suspendedAt = this.core.world.timestamp();
    emitInstallationEvent(this.core, installation, "installation", { action: "suspend" }, this.core.world.ensureUser(by));
  }

  /** Adds repositories to a "selected repositories" installation (`installation_repositories.added`). */
  addRepositories(id: number, names: readonly string[], by: string): void {
    const installation = find(this.core, id);
    const repos = reposNamed(this.core, installation, names);
    installation.repositorySelection = "selected";
    for (const repo of repos) installation.repositories.add(repo.id);
    emitInstallationEvent(
      this.core,
      installation,
      "installation_repositories",
      { action: "added", repository_selection: "selected", repositories_added: repos.map(repoLite), repositories_removed: [], requester: null },
      this.core.world.ensureUser(by),
    );
  }

  removeRepositories(id: number, names: readonly string[], by: string): void {
    const installation = find(this.core, id);
    const repos = reposNamed(this.core, installation, names);
    if (installation.repositorySelection === "all") {
      // Removing from "all" turns the installation into an explicit selection of the rest.
      for (const repo of this.core.world.repos.values()) if (repo.owner.id === installation.account.id) installation.repositories.add(repo.id);
      installation.repositorySelection = "selected";
    }
    for (const repo of repos) installation.repositories.delete(repo.id);
    emitInstallationEvent(
      this.core,
      installation,
      "installation_repositories",
      { action: "removed", repository_selection: "selected", repositories_added: [], repositories_removed: repos.map(repoLite), requester: null },
      this.core.world.ensureUser(by),
    );
  }
}
