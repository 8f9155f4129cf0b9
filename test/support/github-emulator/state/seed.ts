import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { GitStore } from "../git/git-store.js";
import { DEFAULT_APP_EVENTS, DEFAULT_APP_PERMISSIONS, type GitHubEmulatorOptions, type InstallationSeed, type ProtectionSeed, type RepoSeed } from "../options.js";
import { commitFiles } from "../services/commits.js";
import { identityOf } from "../services/identities.js";
import { nodeId } from "./node-ids.js";
import type { AppRecord, BranchProtection, InstallationRecord, OrgRecord, RepoRecord, UserRecord } from "./records.js";
import type { World } from "./world.js";

function generatePrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return privateKey;
}

export function protectionFrom(seed: ProtectionSeed): BranchProtection {
  return {
    requirePullRequest: seed.requirePullRequest ?? true,
    requiredApprovingReviews: seed.requiredApprovingReviews ?? 0,
    bypass: new Set(seed.bypass ?? []),
    allowForcePushes: seed.allowForcePushes ?? false,
    allowDeletions: seed.allowDeletions ?? false,
  };
}

function seedApp(world: World, options: GitHubEmulatorOptions): AppRecord {
  const seed = options.app ?? {};
  const id = seed.id ?? 1;
  const slug = seed.slug ?? "canary-bot";
  const ownerLogin = seed.owner ?? options.orgs?.[0]?.login ?? "app-owner";
  const owner = world.user(ownerLogin) ?? world.addAccount(ownerLogin, options.orgs?.some((o) => o.login === ownerLogin) === true ? "Organization" : "User");
  const botUser = world.addAccount(`${slug}[bot]`, "Bot", `${slug}[bot]`);
  return {
    id,
    nodeId: nodeId("Integration", id),
    slug,
    name: seed.name ?? slug,
    clientId: `Iv1.${String(id).padStart(16, "0")}`,
    owner,
    botUser,
    privateKey: seed.privateKey ?? generatePrivateKey(),
    permissions: { ...(seed.permissions ?? DEFAULT_APP_PERMISSIONS) },
    events: [...(seed.events ?? DEFAULT_APP_EVENTS)],
    createdAt: world.timestamp(),
  };
}

function seedOrgs(world: World, options: GitHubEmulatorOptions): void {
  for (const orgSeed of options.orgs ?? []) {
    const account = world.user(orgSeed.login) ?? world.addAccount(orgSeed.login, "Organization");
    const org: OrgRecord = { account, members: new Map(), teams: new Map() };
    for (const [login, role] of Object.entries(orgSeed.members ?? {})) org.members.set(world.ensureUser(login).login, role);
    for (const teamSeed of orgSeed.teams ?? []) {
      const id = world.nextId();
      const members = new Map<string, "member" | "maintainer">();
      for (const [login, role] of Object.entries(teamSeed.members ?? {})) members.set(world.ensureUser(login).login, role);
      org.teams.set(teamSeed.slug, { id, nodeId: nodeId("Team", id), slug: teamSeed.slug, name: teamSeed.name ?? teamSeed.slug, org: account.login, members, repos: new Map() });
    }
    world.orgs.set(account.login.toLowerCase(), org);
  }
}

/** Creates a repository (bare git repo + API state), with an initial commit when it has files. */
export async function createRepository(world: World, directory: string, seed: RepoSeed): Promise<RepoRecord> {
  if (world.repo(seed.owner, seed.name)) throw new Error(`repository ${seed.owner}/${seed.name} already exists`);
  const owner: UserRecord = world.org(seed.owner)?.account ?? world.ensureUser(seed.owner);
  const defaultBranch = seed.defaultBranch ?? "main";
  const store = await GitStore.create(join(directory, owner.login, `${seed.name}.git`), defaultBranch);
  const id = world.nextId();
  const now = world.timestamp();
  const repo: RepoRecord = {
    id,
    nodeId: nodeId("Repository", id),
    owner,
    name: seed.name,
    fullName: `${owner.login}/${seed.name}`,
    private: seed.private ?? true,
    defaultBranch,
    description: seed.description ?? null,
    createdAt: now,
    pushedAt: now,
    updatedAt: now,
    store,
    collaborators: new Map(),
    protection: new Map(),
    pulls: new Map(),
    comments: new Map(),
    checkRuns: new Map(),
    checkSuites: new Map(),
    statuses: [],
    verification: new Map(),
    nextNumber: 1,
  };
  for (const [login, role] of Object.entries(seed.collaborators ?? {})) repo.collaborators.set(world.ensureUser(login).login, role);
  for (const [branch, protection] of Object.entries(seed.protection ?? {})) repo.protection.set(branch, protectionFrom(protection));
  world.repos.set(repo.fullName.toLowerCase(), repo);
  const files = Object.entries(seed.files ?? {});
  if (files.length > 0) {
    const author = owner.type === "Organization" ? world.ensureUser(`${owner.login}-admin`) : owner;
    const sha = await commitFiles(world, repo, {
      parent: undefined,
      files: files.map(([path, content]) => ({ path, content })),
      message: "Initial commit",
      author: identityOf(world, author),
      committer: identityOf(world, author),
      verified: false,
    });
    await store.updateRef(`refs/heads/${defaultBranch}`, sha, null);
  }
  return repo;
}

export function createInstallation(world: World, seed: InstallationSeed): InstallationRecord {
  const app = world.requireApp();
  const account = world.org(seed.account)?.account ?? world.ensureUser(seed.account);
  const names = seed.repositories === undefined || seed.repositories === "all" ? undefined : seed.repositories;
  const selected = names !== undefined;
  const repositories = new Set<number>();
  if (names !== undefined) {
    for (const name of names) {
      const repo = world.repo(account.login, name);
      if (!repo) throw new Error(`installation on ${account.login}: no repository ${name}`);
      repositories.add(repo.id);
    }
  }
  const installation: InstallationRecord = {
    id: seed.id ?? world.nextId(),
    account,
    repositorySelection: selected ? "selected" : "all",
    repositories,
    permissions: { ...(seed.permissions ?? app.permissions) },
    events: [...(seed.events ?? app.events)],
    createdAt: world.timestamp(),
    suspendedAt: null,
  };
  world.installations.set(installation.id, installation);
  return installation;
}

/** Builds the whole initial world from the options (no webhooks are sent for the seed). */
export async function seedWorld(world: World, directory: string, options: GitHubEmulatorOptions): Promise<void> {
  world.addAccount("web-flow", "User", "GitHub", "noreply@github.com");
  for (const user of options.users ?? []) world.addAccount(user.login, "User", user.name, user.email);
  seedOrgs(world, options);
  world.app = seedApp(world, options);
  for (const repoSeed of options.repos ?? []) await createRepository(world, directory, repoSeed);
  for (const orgSeed of options.orgs ?? []) {
    const org = world.org(orgSeed.login);
    for (const teamSeed of orgSeed.teams ?? []) {
      const team = org?.teams.get(teamSeed.slug);
      for (const [name, role] of Object.entries(teamSeed.repos ?? {})) {
        const repo = world.repo(orgSeed.login, name);
        if (!repo || !team) throw new Error(`team ${orgSeed.login}/${teamSeed.slug}: no repository ${name}`);
        team.repos.set(repo.id, role);
      }
    }
  }
  const installations = options.installations ?? [...new Set((options.repos ?? []).map((r) => r.owner))].map((account) => ({ account }));
  for (const seed of installations) createInstallation(world, seed);
}
