/**
 * `pull_request`. A merged PR tells the engine which PR brought a change (the push does not),
 * so the rollout can report on it; a merged or closed promotion or revert PR belongs to one
 * Canary, which is reconciled. Opened and updated PRs get a preview (`canary-bot: plan`).
 */
import { parseBotBranch, type BotBranch } from "../../core/commands/bot-branches.js";
import { origin, type EventBase } from "../payload-fields.js";
import { enqueue, ignore, type Routed } from "../routed.js";

export interface PullRequestPayload extends EventBase {
  readonly action: string;
  readonly number: number;
  readonly pull_request: {
    readonly merged?: boolean | null;
    readonly merge_commit_sha?: string | null;
    readonly draft?: boolean;
    readonly body?: string | null;
    readonly head: { readonly ref: string; readonly sha: string };
    readonly base: { readonly ref: string };
  };
}

/** The hidden line the GitHub adapter writes into every revert PR body (octokit-pull-requests.ts). */
const REVERT_MARKER = "<!-- canary-bot:revert/";

function botPullRequest(payload: PullRequestPayload): BotBranch | undefined {
  const branch = parseBotBranch(payload.pull_request.head.ref);
  if (branch !== undefined) return branch;
  // GitHub names the branch of a revert made with revertPullRequest itself; the body tells.
  return payload.pull_request.body?.includes(REVERT_MARKER) === true ? { kind: "revert" } : undefined;
}

const KIND_NAME: Readonly<Record<BotBranch["kind"], string>> = { promote: "promotion PR", revert: "revert PR" };

export function routePullRequestClosed(payload: PullRequestPayload): Routed {
  const { number, pull_request: pr } = payload;
  const merged = pr.merged === true;
  const bot = botPullRequest(payload);
  const sha = merged && pr.merge_commit_sha ? { sha: pr.merge_commit_sha } : {};
  if (bot !== undefined) {
    return enqueue({
      ...origin(payload),
      ...(bot.canary === undefined ? {} : { canary: bot.canary }),
      reason: `${KIND_NAME[bot.kind]} #${String(number)} ${merged ? "merged" : "closed"}`,
      pullNumber: number,
      ...sha,
    });
  }
  if (!merged) return ignore(`#${String(number)} was closed without merging`);
  return enqueue({ ...origin(payload), reason: `merged #${String(number)}`, pullNumber: number, ...sha });
}

export function routePullRequestPreview(payload: PullRequestPayload): Routed {
  const { number, pull_request: pr } = payload;
  if (pr.draft === true) return ignore(`#${String(number)} is a draft; it is previewed when ready for review`);
  if (botPullRequest(payload) !== undefined) return ignore(`#${String(number)} is canary-bot's own pull request`);
  return enqueue({
    ...origin(payload),
    reason: `preview #${String(number)}`,
    pullNumber: number,
    preview: { pullNumber: number, headSha: pr.head.sha, headRef: pr.head.ref, baseRef: pr.base.ref },
  });
}
