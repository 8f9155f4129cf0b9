import { authorizeRepo, type RepoAccess } from "../auth/access.js";
import type { Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import type { RepoRecord, UserRecord } from "../state/records.js";
import { readAccess, participateAccess, writeAccess } from "../routes/access-presets.js";
import { findCheckRun, requestCheckRunAction, rerequestCheckRun } from "../services/checks.js";
import { commitFiles } from "../services/commits.js";
import { createComment, findComment, updateComment } from "../services/comments.js";
import { identityOf } from "../services/identities.js";
import { createPull, findPull, mergePull, updatePull, type MergeMethod } from "../services/pulls.js";
import { deleteRef, moveRef } from "../services/refs.js";
import { requestReviewers, submitReview, type ReviewEvent } from "../services/reviews.js";
import { createStatus, type NewStatus } from "../services/statuses.js";

export interface PushOptions {
  readonly branch: string;
  /** Path → new content, or null to delete the file. */
  readonly files: Readonly<Record<string, string | Buffer | null>>;
  readonly message?: string;
  /** Where a new branch starts (branch name or SHA); default: the default branch. */
  readonly from?: string;
  /** Parent of the new commit instead of the branch head; needs `force` unless it is the head. */
  readonly parent?: string;
  readonly force?: boolean;
}

export interface OpenPullOptions {
  readonly head: string;
  readonly base?: string;
  readonly title: string;
  readonly body?: string;
  readonly draft?: boolean;
}

/**
 * A person acting in GitHub's web UI or with git: everything goes through the same code as the
 * REST API (permissions, branch protection, webhooks with this person as `sender`), but is not
 * counted as API traffic.
 */
export class HumanActor {
  readonly user: UserRecord;
  private readonly core: EmulatorCore;
  private readonly actor: Actor;

  constructor(core: EmulatorCore, user: UserRecord) {
    this.core = core;
    this.user = user;
    this.actor = { kind: "user", user };
  }

  get login(): string {
    return this.user.login;
  }

  private repo(fullName: string): RepoRecord {
    const [owner = "", name = ""] = fullName.split("/");
    const repo = this.core.world.repo(owner, name);
    if (!repo) throw new Error(`no repository ${fullName} in the emulator`);
    return repo;
  }

  /** Checks the person may do this (GitHub's rules for people), then runs it under the repository lock. */
  private async act<T>(fullName: string, access: RepoAccess, task: (repo: RepoRecord) => Promise<T>): Promise<T> {
    const repo = this.repo(fullName);
    authorizeRepo(this.core.world, this.actor, repo, access);
    return await this.core.locks.run(repo.fullName.toLowerCase(), () => task(repo));
  }

  /** Commits files on a branch (creating the branch if needed) as a `git push` would; returns the commit SHA. */
  push(fullName: string, options: PushOptions): Promise<string> {
    return this.act(fullName, writeAccess("contents"), async (repo) => {
      const ref = `refs/heads/${options.branch}`;
      const head = await repo.store.readRef(ref);
      const start = options.parent ?? head ?? (await repo.store.resolveCommitish(options.from ?? repo.defaultBranch));
      const identity = identityOf(this.core.world, this.user);
      const sha = await commitFiles(this.core.world, repo, {
        parent: start,
        files: Object.entries(options.files).map(([path, content]) => ({ path, content })),
        message: options.message ?? `Update ${Object.keys(options.files).join(", ")}`,
        author: identity,
        committer: identity,
        verified: false,
      });
      await moveRef(this.core, repo, this.actor, { ref, sha, force: options.force ?? false });
      return sha;
    });
  }

  /** Creates a branch at `from` (branch or SHA; default: the default branch head). */
  createBranch(fullName: string, branch: string, from?: string): Promise<string> {
    return this.act(fullName, writeAccess("contents"), async (repo) => {
      const sha = await repo.store.resolveCommitish(from ?? repo.defaultBranch);
      if (sha === undefined) throw new Error(`no commit for ${from ?? repo.defaultBranch} in ${fullName}`);
      await moveRef(this.core, repo, this.actor, { ref: `refs/heads/${branch}`, sha, force: false });
      return sha;
    });
  }

  deleteBranch(fullName: string, branch: string): Promise<void> {
    return this.act(fullName, writeAccess("contents"), (repo) => deleteRef(this.core, repo, this.actor, `refs/heads/${branch}`));
  }

  openPullRequest(fullName: string, options: OpenPullOptions): Promise<number> {
    return this.act(fullName, writeAccess("pull_requests"), async (repo) => {
      const pr = await createPull(this.core, repo, this.actor, {
        head: options.head,
        base: options.base ?? repo.defaultBranch,
        title: options.title,
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.draft === undefined ? {} : { draft: options.draft }),
      });
      return pr.number;
    });
  }

  /** Clicks "Merge" (or "Squash and merge"); returns the merge commit SHA. */
  mergePullRequest(fullName: string, number: number, options: { method?: MergeMethod; sha?: string } = {}): Promise<string> {
    return this.act(fullName, writeAccess("contents"), (repo) =>
      mergePull(this.core, repo, this.actor, findPull(repo, number), {
        method: options.method ?? "merge",
        ...(options.sha === undefined ? {} : { sha: options.sha }),
      }),
    );
  }

  closePullRequest(fullName: string, number: number): Promise<void> {
    return this.act(fullName, writeAccess("pull_requests"), (repo) => updatePull(this.core, repo, this.actor, findPull(repo, number), { state: "closed" }));
  }

  requestReviewers(fullName: string, number: number, logins: readonly string[], teams: readonly string[] = []): Promise<void> {
    return this.act(fullName, writeAccess("pull_requests"), (repo) => requestReviewers(this.core, repo, this.actor, findPull(repo, number), logins, teams));
  }

  /** Submits a review; returns its id. */
  review(fullName: string, number: number, event: ReviewEvent, body?: string): Promise<number> {
    return this.act(fullName, participateAccess("pull_requests"), async (repo) => {
      const review = await submitReview(this.core, repo, this.actor, findPull(repo, number), { event, ...(body === undefined ? {} : { body }) });
      return review.id;
    });
  }

  approve(fullName: string, number: number, body?: string): Promise<number> {
    return this.review(fullName, number, "APPROVE", body);
  }

  /** Posts a comment on a pull request's conversation; returns its id. */
  comment(fullName: string, number: number, body: string): Promise<number> {
    return this.act(fullName, participateAccess("issues", "pull_requests"), (repo) =>
      Promise.resolve(createComment(this.core, repo, this.actor, number, body).id),
    );
  }

  editComment(fullName: string, commentId: number, body: string): Promise<void> {
    return this.act(fullName, participateAccess("issues", "pull_requests"), (repo) => {
      updateComment(this.core, repo, this.actor, findComment(repo, commentId), body);
      return Promise.resolve();
    });
  }

  /** Clicks a check run's button (`check_run.requested_action` to the app). */
  clickCheckRunAction(fullName: string, checkRunId: number, identifier: string): Promise<void> {
    return this.act(fullName, writeAccess("checks"), (repo) => requestCheckRunAction(this.core, repo, this.user, findCheckRun(repo, checkRunId), identifier));
  }

  /** Clicks "Re-run" on a check run (`check_run.rerequested` to the app). */
  rerequestCheckRun(fullName: string, checkRunId: number): Promise<void> {
    return this.act(fullName, writeAccess("checks"), (repo) => rerequestCheckRun(this.core, repo, this.user, findCheckRun(repo, checkRunId)));
  }

  /** Posts a commit status, as a CI system or Flux's notification-controller would. */
  setCommitStatus(fullName: string, sha: string, status: NewStatus): Promise<void> {
    return this.act(fullName, readAccess("metadata"), (repo) => {
      createStatus(this.core, repo, this.user, sha, status);
      return Promise.resolve();
    });
  }
}
