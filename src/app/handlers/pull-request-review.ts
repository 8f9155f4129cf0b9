/**
 * `pull_request_review.submitted`: an approving review of a promotion PR asks to release the
 * promotion gate. The engine checks that the reviewer is authorised (an approval alone is not
 * authorisation) and answers on the PR either way.
 */
import { parseBotBranch } from "../../core/commands/bot-branches.js";
import { isBot, origin, type Account, type EventBase } from "../payload-fields.js";
import { enqueue, ignore, type Routed } from "../routed.js";

export interface PullRequestReviewPayload extends EventBase {
  readonly review: {
    readonly id: number;
    readonly state: string;
    readonly commit_id?: string | null;
    readonly user?: Account | null;
  };
  readonly pull_request: { readonly number: number; readonly head: { readonly ref: string } };
}

export function routePullRequestReview(payload: PullRequestReviewPayload): Routed {
  const { review, pull_request: pr } = payload;
  const number = pr.number;
  if (review.state.toLowerCase() !== "approved") return ignore(`review ${String(review.id)} is ${review.state}, not an approval`);
  const branch = parseBotBranch(pr.head.ref);
  if (branch?.kind !== "promote") return ignore(`#${String(number)} is not a promotion PR`);
  const reviewer = review.user ?? payload.sender;
  if (reviewer === undefined || isBot(reviewer)) return ignore(`review ${String(review.id)} is by a bot`);
  return enqueue({
    ...origin(payload),
    ...(branch.canary === undefined ? {} : { canary: branch.canary }),
    reason: `approval of promotion PR #${String(number)} by @${reviewer.login}`,
    pullNumber: number,
    commands: [
      {
        command: { type: "approve-promotion", by: reviewer.login },
        source: { kind: "review", pullNumber: number, reviewId: review.id, ...(review.commit_id ? { commitSha: review.commit_id } : {}) },
      },
    ],
  });
}
