import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConflictError } from "../../core/errors.js";
import type {
  MergeMethod,
  OpenPullRequest,
  PullRequestInfo,
  PullRequests,
  RevertRequest,
  RevertResult,
  Review,
} from "../../ports/pull-requests.js";
import type { OutputFolder } from "../local-files/output-folder.js";
import { git, syncWorktree } from "./git.js";
import type { LocalGitIdentity } from "./local-git-repository.js";
import { BOT_IDENTITY, pullRequestFromMessage } from "./local-git-repository.js";

/**
 * Pull requests for a local repository: branches and commits are real git objects, the PR itself
 * is a markdown file in the output folder (title, body, state), so a local run shows exactly the
 * promotion and revert PRs the App would open.
 */
export class LocalPullRequests implements PullRequests {
  readonly #dir: string;
  readonly #out: OutputFolder;
  readonly #identity: LocalGitIdentity;
  readonly #prs = new Map<number, PullRequestInfo>();
  #next = 1;

  constructor(dir: string, out: OutputFolder, identity: LocalGitIdentity = BOT_IDENTITY) {
    this.#dir = dir;
    this.#out = out;
    this.#identity = identity;
  }

  get(number: number): Promise<PullRequestInfo> {
    const pr = this.#prs.get(number);
    if (!pr) return Promise.reject(new Error(`pull request #${String(number)} does not exist in this local run`));
    return Promise.resolve(pr);
  }

  async createBranch(name: string, sha: string): Promise<{ readonly created: boolean; readonly head: string }> {
    const existing = await this.#head(name);
    if (existing) return { created: false, head: existing };
    await git(this.#dir, ["update-ref", `refs/heads/${name}`, sha, ""]);
    return { created: true, head: sha };
  }

  async deleteBranch(name: string): Promise<void> {
    await git(this.#dir, ["update-ref", "-d", `refs/heads/${name}`], { okCodes: [1] });
  }

  async openOrGet(request: OpenPullRequest): Promise<PullRequestInfo & { readonly created: boolean }> {
    const open = [...this.#prs.values()].find((pr) => pr.state === "open" && pr.headRef === request.head);
    if (open) return { ...open, created: false };
    const headSha = await this.#head(request.head);
    if (!headSha) throw new Error(`cannot open a pull request from ${request.head}: the branch does not exist`);
    const number = this.#next++;
    const pr: PullRequestInfo = {
      number,
      nodeId: `local-${String(number)}`,
      url: "",
      title: request.title,
      body: request.body,
      state: "open",
      merged: false,
      draft: request.draft ?? false,
      headRef: request.head,
      headSha,
      baseRef: request.base,
      mergeCommitSha: undefined,
      author: this.#identity.name,
    };
    await this.#save(pr);
    return { ...pr, created: true };
  }

  async update(number: number, changes: { readonly title?: string; readonly body?: string }): Promise<PullRequestInfo> {
    const pr = { ...(await this.get(number)), ...changes };
    await this.#save(pr);
    return pr;
  }

  async close(number: number): Promise<PullRequestInfo> {
    const pr: PullRequestInfo = { ...(await this.get(number)), state: "closed" };
    await this.#save(pr);
    return pr;
  }

  async merge(number: number, expectedHeadSha: string, method: MergeMethod): Promise<{ readonly sha: string }> {
    const pr = await this.get(number);
    const head = await this.#head(pr.headRef);
    if (head !== expectedHeadSha) throw new ConflictError(`pull request #${String(number)} head is ${head ?? "gone"}, expected ${expectedHeadSha}`);
    const base = await this.#head(pr.baseRef);
    if (!base) throw new Error(`base branch ${pr.baseRef} does not exist`);
    let sha = head;
    const fastForward = (await git(this.#dir, ["merge-base", "--is-ancestor", base, head], { okCodes: [1] })).code === 0;
    if (!fastForward || method !== "rebase") {
      const tree = await git(this.#dir, ["merge-tree", "--write-tree", base, head], { okCodes: [1] });
      if (tree.code !== 0) throw new ConflictError(`pull request #${String(number)} does not merge cleanly into ${pr.baseRef}`);
      const treeSha = tree.stdout.split("\n")[0]?.trim() ?? "";
      const parents = method === "squash" ? ["-p", base] : ["-p", base, "-p", head];
      const message = method === "squash" ? `${pr.title} (#${String(number)})` : `Merge pull request #${String(number)} from ${pr.headRef}\n\n${pr.title}`;
      sha = (await git(this.#dir, ["commit-tree", treeSha, ...parents, "-F", "-"], { input: message, env: this.#env() })).stdout.trim();
    }
    const moved = await git(this.#dir, ["update-ref", `refs/heads/${pr.baseRef}`, sha, base], { okCodes: [1, 128] });
    if (moved.code !== 0) throw new ConflictError(`${pr.baseRef} moved while merging pull request #${String(number)}`);
    await syncWorktree(this.#dir, pr.baseRef, base, sha);
    await this.#save({ ...pr, state: "closed", merged: true, mergeCommitSha: sha });
    return { sha };
  }

  async requestReviewers(number: number, reviewers: { readonly users: readonly string[]; readonly teams: readonly string[] }): Promise<void> {
    const pr = await this.get(number);
    const who = [...reviewers.users.map((u) => `@${u}`), ...reviewers.teams.map((t) => `@${t}`)].join(", ");
    await this.#save({ ...pr, body: `${pr.body}\n\n_Review requested from ${who}._` });
  }

  listReviews(): Promise<readonly Review[]> {
    return Promise.resolve([]);
  }

  async openRevert(request: RevertRequest): Promise<RevertResult> {
    const existing = [...this.#prs.values()].find((pr) => pr.state === "open" && pr.headRef === request.branch);
    if (existing) return { kind: "opened", pullRequest: existing, via: "existing" };
    const sha = request.source.kind === "commit" ? request.source.sha : await this.#commitOfPullRequest(request.base, request.source.number);
    if (!sha) return { kind: "conflict", message: `no commit on ${request.base} comes from pull request #${String(request.source.kind === "pull-request" ? request.source.number : 0)}` };
    const base = await this.#head(request.base);
    if (!base) return { kind: "conflict", message: `branch ${request.base} does not exist` };
    const diff = (await git(this.#dir, ["diff", "--binary", `${sha}^1`, sha])).stdout;
    if (!diff.trim()) return { kind: "nothing-to-revert" };
    const tmp = await mkdtemp(join(tmpdir(), "canary-bot-revert-"));
    try {
      const env = { ...this.#env(), GIT_INDEX_FILE: join(tmp, "index") };
      await git(this.#dir, ["read-tree", base], { env });
      const check = await git(this.#dir, ["apply", "--cached", "-R", "--check", "-"], { env, input: diff, okCodes: [1] });
      if (check.code !== 0) {
        const already = await git(this.#dir, ["apply", "--cached", "--check", "-"], { env, input: diff, okCodes: [1] });
        return already.code === 0 ? { kind: "nothing-to-revert" } : { kind: "conflict", message: `the change of ${sha.slice(0, 7)} no longer reverts cleanly on ${request.base}` };
      }
      await git(this.#dir, ["apply", "--cached", "-R", "-"], { env, input: diff });
      const tree = (await git(this.#dir, ["write-tree"], { env })).stdout.trim();
      const message = `${request.title}\n\nThis reverts commit ${sha}.\n`;
      const commit = (await git(this.#dir, ["commit-tree", tree, "-p", base, "-F", "-"], { env, input: message })).stdout.trim();
      await this.createBranch(request.branch, commit);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    const pr = await this.openOrGet({ head: request.branch, base: request.base, title: request.title, body: request.body, ...(request.draft !== undefined ? { draft: request.draft } : {}) });
    return { kind: "opened", pullRequest: pr, via: "inverse-commit" };
  }

  async #commitOfPullRequest(branch: string, number: number): Promise<string | undefined> {
    const { stdout } = await git(this.#dir, ["log", "-n500", "--format=%H%x00%B%x1e", `refs/heads/${branch}`]);
    for (const record of stdout.split("\x1e")) {
      const [sha = "", message = ""] = record.replace(/^\n/, "").split("\0");
      if (pullRequestFromMessage(message)?.number === number) return sha;
    }
    return undefined;
  }

  async #head(branch: string): Promise<string | undefined> {
    const { stdout, code } = await git(this.#dir, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], { okCodes: [1] });
    return code === 0 ? stdout.trim() : undefined;
  }

  #env(): Record<string, string> {
    return {
      GIT_AUTHOR_NAME: this.#identity.name,
      GIT_AUTHOR_EMAIL: this.#identity.email,
      GIT_COMMITTER_NAME: this.#identity.name,
      GIT_COMMITTER_EMAIL: this.#identity.email,
    };
  }

  async #save(pr: PullRequestInfo): Promise<void> {
    this.#prs.set(pr.number, pr);
    const state = pr.merged ? "merged" : pr.state;
    await this.#out.write(
      `pull-request.${String(pr.number)}.md`,
      `<!-- ${state} · ${pr.headRef} → ${pr.baseRef} · ${pr.headSha} -->\n# ${pr.title}\n\n${pr.body}\n`,
    );
  }
}
