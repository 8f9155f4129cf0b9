import type { PullRecord, RepoRecord } from "../state/records.js";
import { roleAtLeast, type World } from "../state/world.js";

/**
 * Logins whose latest approving-or-rejecting review is an approval and who hold write access:
 * GitHub only counts "reviewers with write access" towards required approvals.
 */
export function countedApprovers(world: World, repo: RepoRecord, pr: PullRecord): string[] {
  const latest = new Map<string, string>();
  for (const review of pr.reviews) {
    if (review.state === "APPROVED" || review.state === "CHANGES_REQUESTED" || review.state === "DISMISSED") {
      latest.set(review.user.login, review.state);
    }
  }
  return [...latest]
    .filter(([login, state]) => state === "APPROVED" && roleAtLeast(world.roleOf(repo, login), "write"))
    .map(([login]) => login);
}

/** Approvals still missing under the base branch's protection (0 when unprotected). */
export function approvalsMissing(world: World, repo: RepoRecord, pr: PullRecord): number {
  const required = repo.protection.get(pr.baseRef)?.requiredApprovingReviews ?? 0;
  return Math.max(0, required - countedApprovers(world, repo, pr).length);
}
