import type { WorkItem } from "../../ports/work-queue.js";

/**
 * Two waiting items of the same key as one, exactly as the in-process queue merges them:
 * reasons de-duplicated in first-seen order, commands concatenated in arrival order, and the
 * later item's installation, commit, pull request and preview win. (The earliest due time wins;
 * the caller keeps that.)
 */
export function mergeWorkItems(earlier: WorkItem, later: WorkItem): WorkItem {
  const commands = [...(earlier.commands ?? []), ...(later.commands ?? [])];
  const reasons = new Set([...earlier.reason.split(", "), ...later.reason.split(", ")]);
  const installationId = later.installationId ?? earlier.installationId;
  const sha = later.sha ?? earlier.sha;
  const pullNumber = later.pullNumber ?? earlier.pullNumber;
  const preview = later.preview ?? earlier.preview;
  return {
    repo: earlier.repo,
    ...(earlier.canary !== undefined ? { canary: earlier.canary } : {}),
    reason: [...reasons].join(", "),
    ...(commands.length ? { commands } : {}),
    ...(installationId !== undefined ? { installationId } : {}),
    ...(sha !== undefined ? { sha } : {}),
    ...(pullNumber !== undefined ? { pullNumber } : {}),
    ...(preview !== undefined ? { preview } : {}),
  };
}
