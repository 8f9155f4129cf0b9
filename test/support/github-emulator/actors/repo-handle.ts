import { runGit } from "../git/git-cli.js";
import type { ProtectionSeed } from "../options.js";
import { protectionFrom } from "../state/seed.js";
import type { CheckRunRecord, IssueCommentRecord, PullRecord, RepoRecord, RepoRole, StatusRecord } from "../state/records.js";
import type { World } from "../state/world.js";

/**
 * A test's view of one emulated repository: the backing git directory (inspect it with the git
 * CLI), current heads and files, and the API state the bot created, plus settings a repository
 * admin would change.
 */
export class RepoHandle {
  private readonly world: World;
  private readonly record: RepoRecord;

  constructor(world: World, record: RepoRecord) {
    this.world = world;
    this.record = record;
  }

  get fullName(): string {
    return this.record.fullName;
  }

  get owner(): string {
    return this.record.owner.login;
  }

  get name(): string {
    return this.record.name;
  }

  get defaultBranch(): string {
    return this.record.defaultBranch;
  }

  /** The bare repository's directory; `git --git-dir=<gitDir> log` shows what the API wrote. */
  get gitDir(): string {
    return this.record.store.gitDir;
  }

  get id(): number {
    return this.record.id;
  }

  /** Runs a git command against the backing repository and returns its stdout (trimmed). */
  async git(...args: string[]): Promise<string> {
    const { stdout } = await runGit(this.gitDir, args);
    // The command may have moved refs behind the emulator's back.
    this.record.store.invalidateRefs();
    return stdout.toString("utf8").trim();
  }

  head(branch: string = this.record.defaultBranch): Promise<string | undefined> {
    return this.record.store.readRef(`refs/heads/${branch}`);
  }

  /** A file's text at a branch, tag or SHA (default: the default branch); undefined if absent. */
  async readFile(path: string, ref: string = this.record.defaultBranch): Promise<string | undefined> {
    const commit = await this.record.store.resolveCommitish(ref);
    const tree = commit === undefined ? undefined : (await this.record.store.readCommit(commit))?.tree;
    const entry = tree === undefined ? undefined : await this.record.store.entryAt(tree, path);
    const blob = entry?.type === "blob" ? await this.record.store.readBlob(entry.sha) : undefined;
    return blob?.toString("utf8");
  }

  /** Whether GitHub would show the commit as Verified (signed by GitHub for the app). */
  isVerified(sha: string): boolean {
    return this.record.verification.get(sha)?.verified ?? false;
  }

  pullRequest(number: number): Readonly<PullRecord> | undefined {
    return this.record.pulls.get(number);
  }

  pullRequests(): readonly Readonly<PullRecord>[] {
    return [...this.record.pulls.values()];
  }

  checkRuns(headSha?: string): readonly Readonly<CheckRunRecord>[] {
    return [...this.record.checkRuns.values()].filter((r) => headSha === undefined || r.headSha === headSha);
  }

  comments(issueNumber?: number): readonly Readonly<IssueCommentRecord>[] {
    return [...this.record.comments.values()].filter((c) => issueNumber === undefined || c.issueNumber === issueNumber);
  }

  statuses(sha?: string): readonly Readonly<StatusRecord>[] {
    return this.record.statuses.filter((s) => sha === undefined || s.sha === sha);
  }

  protect(branch: string, protection: ProtectionSeed = {}): void {
    this.record.protection.set(branch, protectionFrom(protection));
  }

  unprotect(branch: string): void {
    this.record.protection.delete(branch);
  }

  setCollaborator(login: string, role: RepoRole | undefined): void {
    const user = this.world.ensureUser(login);
    if (role === undefined) this.record.collaborators.delete(user.login);
    else this.record.collaborators.set(user.login, role);
  }
}
