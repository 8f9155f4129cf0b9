import { nodeId } from "./node-ids.js";
import {
  ROLE_ORDER,
  type AccountType,
  type AppRecord,
  type InstallationRecord,
  type OrgRecord,
  type RepoRecord,
  type RepoRole,
  type UserRecord,
} from "./records.js";

/**
 * Everything the emulator remembers apart from git objects: accounts, repositories and their
 * API resources, installations. Lookups of logins and repository names are case-insensitive,
 * as on GitHub.
 */
export class World {
  readonly now: () => Date;
  readonly users = new Map<string, UserRecord>();
  readonly orgs = new Map<string, OrgRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  app: AppRecord | undefined;
  /** Ids are large and shared across kinds so that an id is never mistaken for a PR number. */
  private sequence = 10_000_000;

  constructor(now: () => Date) {
    this.now = now;
  }

  nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** Current time as GitHub writes it: ISO 8601, seconds precision, UTC. */
  timestamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  epochSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  user(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  requireApp(): AppRecord {
    if (!this.app) throw new Error("the emulator has no app registered");
    return this.app;
  }

  addAccount(login: string, type: AccountType, name?: string, email?: string): UserRecord {
    const existing = this.user(login);
    if (existing) return existing;
    const id = this.nextId();
    const kind = type === "Organization" ? "Organization" : type === "Bot" ? "Bot" : "User";
    const record: UserRecord = {
      id,
      nodeId: nodeId(kind, id),
      login,
      name: name ?? login,
      email: email ?? `${String(id)}+${login}@users.noreply.github.com`,
      type,
    };
    this.users.set(login.toLowerCase(), record);
    return record;
  }

  /** A user account, created on first mention (tests may act as anyone they name). */
  ensureUser(login: string): UserRecord {
    return this.user(login) ?? this.addAccount(login, "User");
  }

  /** The account a commit identity belongs to (GitHub matches commits to users by email). */
  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): RepoRecord | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  org(login: string): OrgRecord | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  /** Installations (not suspended) whose repository selection includes `repo`. */
  installationsFor(repo: RepoRecord): InstallationRecord[] {
    return [...this.installations.values()].filter(
      (i) =>
        i.suspendedAt === null &&
        i.account.id === repo.owner.id &&
        (i.repositorySelection === "all" || i.repositories.has(repo.id)),
    );
  }

  installationCovers(installation: InstallationRecord, repo: RepoRecord): boolean {
    return this.installationsFor(repo).some((i) => i.id === installation.id);
  }

  /**
   * The highest role a user holds on a repository across every grant: owner, organization
   * owner, direct collaborator, team, and the organization's base permission (read).
   */
  roleOf(repo: RepoRecord, login: string): RepoRole | undefined {
    const roles: RepoRole[] = [];
    if (repo.owner.login.toLowerCase() === login.toLowerCase()) roles.push("admin");
    const direct = [...repo.collaborators].find(([l]) => l.toLowerCase() === login.toLowerCase());
    if (direct) roles.push(direct[1]);
    const org = this.org(repo.owner.login);
    if (org) {
      const membership = [...org.members].find(([l]) => l.toLowerCase() === login.toLowerCase());
      if (membership) roles.push(membership[1] === "admin" ? "admin" : "read");
      for (const team of org.teams.values()) {
        const inTeam = [...team.members.keys()].some((l) => l.toLowerCase() === login.toLowerCase());
        const grant = team.repos.get(repo.id);
        if (inTeam && grant) roles.push(grant);
      }
    }
    if (roles.length === 0) return undefined;
    return roles.reduce((best, role) => (ROLE_ORDER.indexOf(role) > ROLE_ORDER.indexOf(best) ? role : best));
  }

  /** GitHub's `author_association` for a user on a repository. */
  authorAssociation(repo: RepoRecord, login: string): "OWNER" | "MEMBER" | "COLLABORATOR" | "NONE" {
    if (repo.owner.login.toLowerCase() === login.toLowerCase()) return "OWNER";
    const org = this.org(repo.owner.login);
    if (org && [...org.members.keys()].some((l) => l.toLowerCase() === login.toLowerCase())) return "MEMBER";
    if ([...repo.collaborators.keys()].some((l) => l.toLowerCase() === login.toLowerCase())) return "COLLABORATOR";
    return "NONE";
  }
}

export function roleAtLeast(role: RepoRole | undefined, minimum: RepoRole): boolean {
  return role !== undefined && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(minimum);
}
