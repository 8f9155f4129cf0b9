import { actorAccount, type Actor } from "../auth/actor.js";
import type { EmulatorCore } from "../core.js";
import { HttpError, validationFailed } from "../http/http-error.js";
import { pullJson } from "../render/pulls.js";
import { reviewJson } from "../render/reviews.js";
import { teamJson } from "../render/teams.js";
import { simpleUser } from "../render/users.js";
import { nodeId } from "../state/node-ids.js";
import type { PullRecord, RepoRecord, ReviewRecord, ReviewState, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";

export type ReviewEvent = "APPROVE" | "REQUEST_CHANGES" | "COMMENT";

const STATE_OF: Record<ReviewEvent, ReviewState> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

function requireAccount(actor: Actor): UserRecord {
  const account = actorAccount(actor);
  if (!account) throw new HttpError(401, "Requires authentication");
  return account;
}

function unprocessableEntity(message: string): HttpError {
  return new HttpError(422, "Unprocessable Entity", { errors: [message] });
}

export interface NewReview {
  /** Without an event the review stays PENDING (a draft), as on GitHub. */
  readonly event?: ReviewEvent;
  readonly body?: string;
  readonly commitId?: string;
}

/**
 * Submits a review. GitHub's rules apply: nobody approves or requests changes on their own
 * pull request, and a submitted review clears the reviewer's review request.
 */
export async function submitReview(core: EmulatorCore, repo: RepoRecord, actor: Actor, pr: PullRecord, input: NewReview): Promise<ReviewRecord> {
  const user = requireAccount(actor);
  const own = user.id === pr.user.id;
  if (own && input.event === "APPROVE") throw unprocessableEntity("Can not approve your own pull request");
  if (own && input.event === "REQUEST_CHANGES") throw unprocessableEntity("Can not request changes on your own pull request");
  if ((input.event === "REQUEST_CHANGES" || input.event === "COMMENT") && (input.body ?? "").trim() === "") {
    throw unprocessableEntity(`Review Body is required for ${input.event === "COMMENT" ? "comment" : "request changes"} reviews`);
  }
  const id = core.world.nextId();
  const review: ReviewRecord = {
    id,
    nodeId: nodeId("PullRequestReview", id),
    user,
    body: input.body ?? "",
    state: input.event === undefined ? "PENDING" : STATE_OF[input.event],
    commitId: input.commitId ?? pr.headSha,
    submittedAt: input.event === undefined ? undefined : core.world.timestamp(),
  };
  pr.reviews.push(review);
  if (review.state !== "PENDING") {
    pr.requestedReviewers.delete(user.login);
    pr.updatedAt = core.world.timestamp();
    emitRepoEvent(
      core,
      repo,
      "pull_request_review",
      {
        action: "submitted",
        review: { ...reviewJson(core, repo, pr, review), state: review.state.toLowerCase() },
        pull_request: await pullJson(core, repo, pr, false),
      },
      user,
    );
  }
  return review;
}

/** `POST /pulls/{n}/requested_reviewers`: only collaborators (or org teams), never the author. */
export async function requestReviewers(
  core: EmulatorCore,
  repo: RepoRecord,
  actor: Actor,
  pr: PullRecord,
  logins: readonly string[],
  teamSlugs: readonly string[],
): Promise<void> {
  const sender = requireAccount(actor);
  const users: UserRecord[] = [];
  for (const login of logins) {
    const user = core.world.user(login);
    if (user?.id === pr.user.id) throw validationFailed(["Review cannot be requested from pull request author."]);
    if (!user || core.world.roleOf(repo, user.login) === undefined) {
      throw validationFailed([
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
      ]);
    }
    users.push(user);
  }
  const org = core.world.org(repo.owner.login);
  const teams = teamSlugs.map((slug) => {
    const team = org?.teams.get(slug);
    if (!team) {
      throw validationFailed([
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
      ]);
    }
    return team;
  });
  for (const user of users) {
    pr.requestedReviewers.set(user.login, user);
    emitRepoEvent(
      core,
      repo,
      "pull_request",
      { action: "review_requested", number: pr.number, pull_request: await pullJson(core, repo, pr, true), requested_reviewer: simpleUser(core.urls, user) },
      sender,
    );
  }
  for (const team of teams) {
    pr.requestedTeams.add(team.slug);
    emitRepoEvent(
      core,
      repo,
      "pull_request",
      { action: "review_requested", number: pr.number, pull_request: await pullJson(core, repo, pr, true), requested_team: teamJson(core.urls, team) },
      sender,
    );
  }
}

/** Dismisses an approval or change request; GitHub sends `pull_request_review.dismissed`. */
export async function dismissReview(core: EmulatorCore, repo: RepoRecord, actor: Actor, pr: PullRecord, review: ReviewRecord, message: string): Promise<void> {
  const sender = requireAccount(actor);
  if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
    throw unprocessableEntity(`Can not dismiss a ${review.state.toLowerCase()} pull request review`);
  }
  review.state = "DISMISSED";
  review.body = review.body === "" ? message : review.body;
  emitRepoEvent(
    core,
    repo,
    "pull_request_review",
    { action: "dismissed", review: { ...reviewJson(core, repo, pr, review), state: "dismissed" }, pull_request: await pullJson(core, repo, pr, false) },
    sender,
  );
}
