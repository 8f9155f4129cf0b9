/**
 * The history of a branch in the emulator's backing git repository, read with the git CLI:
 * what people would see with `git log` after cloning.
 */
import { expect } from "vitest";
import type { RepoHandle } from "./github-emulator/index.js";

export interface HistoryCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  readonly subject: string;
  readonly message: string;
  /** Trailers of the message (`Key: value`), as git parses them. */
  readonly trailers: Readonly<Record<string, string>>;
}

const FIELD = "\x1f";
const RECORD = "\x1e";

/**
 * Commits reachable from `range` (a ref, or `a..b`), oldest first. First-parent by default: the
 * branch's own line, with merged pull requests as their merge commits.
 */
export async function history(repo: RepoHandle, range = repo.defaultBranch, options: { readonly firstParent?: boolean } = {}): Promise<HistoryCommit[]> {
  const format = ["%H", "%P", "%an", "%ae", "%s", "%B", "%(trailers:only,unfold)"].join(FIELD) + RECORD;
  const out = await repo.git("log", ...(options.firstParent === false ? [] : ["--first-parent"]), "--reverse", `--format=${format}`, range);
  return out
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r.trim() !== "")
    .map((record) => {
      const [sha = "", parents = "", authorName = "", authorEmail = "", subject = "", message = "", trailerText = ""] = record.split(FIELD);
      const trailers: Record<string, string> = {};
      for (const line of trailerText.split("\n")) {
        const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line.trim());
        if (match?.[1] !== undefined) trailers[match[1]] = match[2] ?? "";
      }
      return { sha, parents: parents.split(" ").filter(Boolean), authorName, authorEmail, subject, message, trailers };
    });
}

/** First-parent commits after `since` (exclusive) on `ref`, oldest first. */
export function commitsSince(repo: RepoHandle, since: string, ref = repo.defaultBranch): Promise<HistoryCommit[]> {
  return history(repo, `${since}..${ref}`);
}

/** The subjects of a healthy rollout of the example Canary after the merge that started it. */
export const HEALTHY_ROLLOUT: readonly unknown[] = [
  "canary: test/podinfo scale up canary",
  "canary: test/podinfo 0% → 10%",
  "canary: test/podinfo 10% → 20%",
  "canary: test/podinfo 20% → 30%",
  "canary: test/podinfo 30% → 40%",
  "canary: test/podinfo 40% → 50%",
  expect.stringMatching(/^canary: test\/podinfo promote [0-9a-f]{12}$/),
  "canary: test/podinfo 50% → 0%",
  expect.stringMatching(/^canary: test\/podinfo finalise [0-9a-f]{12} \(scale down canary\)$/),
];
