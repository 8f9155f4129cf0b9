import type { EmulatorCore } from "../core.js";
import { changedPaths } from "../git/changed-paths.js";
import { ZERO_SHA, type CommitObject } from "../git/git-objects.js";
import { repoHtml } from "../render/urls.js";
import type { RepoRecord, UserRecord } from "../state/records.js";
import { emitRepoEvent } from "../webhooks/emit.js";

/** GitHub caps the `commits` array of a push payload. */
const MAX_PUSH_COMMITS = 2048;

function offsetIso(epochSeconds: number, timezone: string): string {
  const sign = timezone.startsWith("-") ? -1 : 1;
  const minutes = sign * (Number(timezone.slice(1, 3)) * 60 + Number(timezone.slice(3, 5)));
  const local = new Date((epochSeconds + minutes * 60) * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return `${local}${timezone.slice(0, 3)}:${timezone.slice(3)}`;
}

async function pushCommitJson(core: EmulatorCore, repo: RepoRecord, commit: CommitObject): Promise<Record<string, unknown>> {
  const parentTree = commit.parents[0] === undefined ? undefined : (await repo.store.readCommit(commit.parents[0]))?.tree;
  const { added, removed, modified } = await changedPaths(repo.store, parentTree, commit.tree);
  const username = (email: string) => core.world.userByEmail(email)?.login;
  const author = username(commit.author.email);
  const committer = commit.committer.email === "noreply@github.com" ? "web-flow" : username(commit.committer.email);
  return {
    id: commit.sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message,
    timestamp: offsetIso(commit.committer.epochSeconds, commit.committer.timezone),
    url: `${repoHtml(core.urls, repo)}/commit/${commit.sha}`,
    author: { name: commit.author.name, email: commit.author.email, ...(author === undefined ? {} : { username: author }) },
    committer: { name: commit.committer.name, email: commit.committer.email, ...(committer === undefined ? {} : { username: committer }) },
    added,
    removed,
    modified,
  };
}

export interface PushFacts {
  readonly ref: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly forced: boolean;
  readonly pusher: UserRecord;
}

/** Queues the `push` event GitHub sends for every ref change, including the app's own. */
export async function emitPush(core: EmulatorCore, repo: RepoRecord, facts: PushFacts): Promise<void> {
  let commits: Record<string, unknown>[] = [];
  let headCommit: Record<string, unknown> | null = null;
  if (facts.after !== undefined) {
    const others = (await repo.store.listRefs("refs/heads/")).filter((r) => r.ref !== facts.ref).map((r) => r.sha);
    const exclude = facts.before === undefined ? others : [facts.before];
    const shas = (await repo.store.revList(facts.after, exclude)).slice(0, MAX_PUSH_COMMITS).reverse();
    const objects = await Promise.all(shas.map((sha) => repo.store.readCommit(sha)));
    commits = await Promise.all(objects.filter((c) => c !== undefined).map((c) => pushCommitJson(core, repo, c)));
    const head = await repo.store.readCommit(facts.after);
    headCommit = head ? (commits.find((c) => c.id === head.sha) ?? (await pushCommitJson(core, repo, head))) : null;
  }
  const before = facts.before ?? ZERO_SHA;
  const after = facts.after ?? ZERO_SHA;
  emitRepoEvent(
    core,
    repo,
    "push",
    {
      ref: facts.ref,
      before,
      after,
      created: facts.before === undefined,
      deleted: facts.after === undefined,
      forced: facts.forced,
      base_ref: null,
      compare: `${repoHtml(core.urls, repo)}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits,
      head_commit: headCommit,
      pusher: { name: facts.pusher.login, email: facts.pusher.email },
    },
    facts.pusher,
  );
}
