import { actorAccount, type Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { HttpError, unprocessable } from "../http/http-error.js";
import { pullJson } from "../render/pulls.js";
import type { RepoRecord, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";
import { emitPush } from "./push-event.js";

export const NOT_FAST_FORWARD = "Update is not a fast forward";

export type RuleViolation = "pull-request" | "force-push" | "deletion";

const VIOLATION_TEXT: Record<RuleViolation, string> = {
  "pull-request": "Changes must be made through a pull request.",
  "force-push": "Cannot force-push to this branch",
  deletion: "Cannot delete this branch",
};

/** GitHub's answer when a ruleset (branch protection) blocks a ref update: 422 with every violation. */
export function ruleViolationError(violations: readonly RuleViolation[]): HttpError {
  const lines = violations.map((v) => `${VIOLATION_TEXT[v]}\n\n`).join("");
  return new HttpError(422, `Repository rule violations found\n\n${lines}`, {
    documentationUrl: "https://docs.github.com/rest/git/refs#update-a-reference",
  });
}

export function branchOf(ref: string): string | undefined {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
}

/** The rules a ref change breaks on a protected branch (empty when allowed). */
export function protectionViolations(
  repo: RepoRecord,
  ref: string,
  actor: Actor,
  change: { readonly viaPullRequest: boolean; readonly forced: boolean; readonly deletion: boolean },
): RuleViolation[] {
  const branch = branchOf(ref);
  const protection = branch === undefined ? undefined : repo.protection.get(branch);
  if (!protection) return [];
  const login = actorAccount(actor)?.login;
  if (login !== undefined && protection.bypass.has(login)) return [];
  if (change.deletion) return protection.allowDeletions ? [] : ["deletion"];
  const violations: RuleViolation[] = [];
  if (protection.requirePullRequest && !change.viaPullRequest) violations.push("pull-request");
  if (change.forced && !protection.allowForcePushes) violations.push("force-push");
  return violations;
}

export interface RefUpdate {
  readonly ref: string;
  readonly sha: string;
  /** Allow a non-fast-forward move. */
  readonly force: boolean;
  /** Head the caller read before (compare-and-swap); undefined: whatever it is now. */
  readonly expected?: string;
  /** Set by merges: the branch moves because a pull request was merged. */
  readonly viaPullRequest?: boolean;
}

/**
 * Moves an existing ref (or creates it when absent), enforcing fast-forward and protection
 * rules, then sends the `push` event and synchronises open pull requests whose head it is.
 * Returns the previous head (undefined when created).
 */
export async function moveRef(core: EmulatorCore, repo: RepoRecord, actor: Actor, update: RefUpdate): Promise<string | undefined> {
  const before = await repo.store.readRef(update.ref);
  if (update.expected !== undefined && before !== update.expected) throw unprocessable(NOT_FAST_FORWARD);
  let forced = false;
  if (before !== undefined && before !== update.sha) {
    const fastForward = await repo.store.isAncestor(before, update.sha);
    if (!fastForward && !update.force) throw unprocessable(NOT_FAST_FORWARD);
    forced = !fastForward;
  }
  const violations = protectionViolations(repo, update.ref, actor, { viaPullRequest: update.viaPullRequest ?? false, forced, deletion: false });
  if (violations.length > 0) throw ruleViolationError(violations);
  if (!(await repo.store.updateRef(update.ref, update.sha, before ?? null))) throw unprocessable(NOT_FAST_FORWARD);
  if (before !== update.sha) await afterRefChange(core, repo, actor, update.ref, before, update.sha, forced);
  return before;
}

export async function deleteRef(core: EmulatorCore, repo: RepoRecord, actor: Actor, ref: string): Promise<void> {
  const before = await repo.store.readRef(ref);
  if (before === undefined) throw unprocessable("Reference does not exist");
  const violations = protectionViolations(repo, ref, actor, { viaPullRequest: false, forced: false, deletion: true });
  if (violations.length > 0) throw ruleViolationError(violations);
  if (!(await repo.store.deleteRef(ref, before))) throw unprocessable("Reference does not exist");
  await afterRefChange(core, repo, actor, ref, before, undefined, false);
}

function senderOf(actor: Actor): UserRecord {
  const account = actorAccount(actor);
  if (!account) throw new HttpError(401, "Requires authentication");
  return account;
}

async function afterRefChange(
  core: EmulatorCore,
  repo: RepoRecord,
  actor: Actor,
  ref: string,
  before: string | undefined,
  after: string | undefined,
  forced: boolean,
): Promise<void> {
  const sender = senderOf(actor);
  repo.pushedAt = core.world.timestamp();
  await emitPush(core, repo, { ref, before, after, forced, pusher: sender });
  const branch = branchOf(ref);
  if (branch === undefined) return;
  for (const pr of repo.pulls.values()) {
    if (pr.state !== "open" || pr.headRef !== branch) continue;
    const previous = pr.headSha;
    pr.updatedAt = core.world.timestamp();
    if (after === undefined) {
      // Deleting the head branch closes its pull request.
      pr.state = "closed";
      pr.closedAt = pr.updatedAt;
      pr.closedBaseSha = (await repo.store.readRef(`refs/heads/${pr.baseRef}`)) ?? "";
      emitRepoEvent(core, repo, "pull_request", { action: "closed", number: pr.number, pull_request: await pullJson(core, repo, pr, true) }, sender);
      continue;
    }
    pr.headSha = after;
    emitRepoEvent(
      core,
      repo,
      "pull_request",
      { action: "synchronize", number: pr.number, before: previous, after, pull_request: await pullJson(core, repo, pr, true) },
      sender,
    );
  }
}
