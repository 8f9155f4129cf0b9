import { diffTrees } from "../git/diff.js";
import { bodyObject, optionalString, requiredString } from "../http/body.js";
import { conflict, HttpError, notFound, unprocessable } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RouteSpec } from "../http/router.js";
import { commitJson, diffEntryJson } from "../render/git.js";
import { pullJson } from "../render/pulls.js";
import { repoApi, repoHtml } from "../render/urls.js";
import { recordVerified } from "../services/commits.js";
import { identityOf, webFlowIdentity } from "../services/identities.js";
import { moveRef } from "../services/refs.js";
import type { RepoRecord } from "../state/records.js";
import { readAccess, writeAccess } from "./access-presets.js";
import { accountOf, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest";
const UNSUPPORTED_LIST_FILTERS = ["author", "committer", "since", "until"] as const;

async function commitOrFail(repo: RepoRecord, sha: string) {
  const commit = await repo.store.readCommit(sha);
  if (!commit) throw new Error(`commit ${sha} is missing from ${repo.fullName}`);
  return commit;
}

/** Open pull requests contain their commits; merged ones remember theirs. */
async function pullsContaining(repo: RepoRecord, sha: string) {
  const found = [];
  for (const pr of repo.pulls.values()) {
    if (pr.headSha === sha || pr.mergeCommitSha === sha || pr.mergedCommits.includes(sha)) {
      found.push(pr);
      continue;
    }
    if (pr.state === "open") {
      const base = await repo.store.readRef(`refs/heads/${pr.baseRef}`);
      if ((await repo.store.revList(pr.headSha, base === undefined ? [] : [base])).includes(sha)) found.push(pr);
    }
  }
  return found;
}

export const commitRoutes: readonly RouteSpec[] = [
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits",
    docs: `${DOCS}/commits/commits#list-commits`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      // A filter answered as if absent would hand a test the wrong commits without a word.
      const unsupported = UNSUPPORTED_LIST_FILTERS.filter((name) => ctx.query.has(name));
      if (unsupported.length > 0) throw unprocessable(`The emulator does not implement list commits' ${unsupported.join(", ")} filter`);
      // GitHub checks for an empty repository before it looks at `sha`.
      if ((await repo.store.listRefs("refs/heads")).length === 0) throw conflict("Git Repository is empty.");
      const start = ctx.query.get("sha") ?? repo.defaultBranch;
      const head = await repo.store.resolveCommitish(start);
      if (head === undefined) throw notFound();
      let shas = await repo.store.revList(head);
      const path = ctx.query.get("path")?.replace(/^\/+|\/+$/g, "") ?? "";
      if (path !== "") {
        const touching = await repo.store.commitsTouching(head, path);
        shas = shas.filter((sha) => touching.has(sha));
      }
      const page = paginate(ctx, shas);
      const { world, urls } = ctx.core;
      return { status: 200, headers: page.headers, body: await Promise.all(page.items.map(async (sha) => commitJson(world, urls, repo, await commitOrFail(repo, sha)))) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}",
    docs: `${DOCS}/commits/commits#get-a-commit`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const ref = ctx.params.ref ?? "";
      const sha = await repo.store.resolveCommitish(ref);
      if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ref}`);
      const commit = await commitOrFail(repo, sha);
      const files = await diffTrees(repo.store, commit.parents[0], sha);
      return { status: 200, body: commitJson(ctx.core.world, ctx.core.urls, repo, commit, files) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/compare/{basehead}",
    docs: `${DOCS}/commits/commits#compare-two-commits`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const { world, urls } = ctx.core;
      const basehead = ctx.params.basehead ?? "";
      const split = basehead.indexOf("...");
      if (split < 0) throw notFound();
      const baseName = basehead.slice(0, split);
      const headName = basehead.slice(split + 3);
      const base = await repo.store.resolveCommitish(baseName);
      const head = await repo.store.resolveCommitish(headName);
      if (base === undefined || head === undefined) throw notFound();
      const mergeBase = await repo.store.mergeBase(base, head);
      if (mergeBase === undefined) throw new HttpError(404, `No common ancestor between ${baseName} and ${headName}.`);
      const ahead = (await repo.store.revList(head, [mergeBase])).reverse();
      const behindBy = (await repo.store.revList(base, [mergeBase])).length;
      const status = base === head ? "identical" : ahead.length === 0 ? "behind" : behindBy === 0 ? "ahead" : "diverged";
      const page = paginate(ctx, ahead.slice(0, 250));
      const commits = await Promise.all(page.items.map(async (sha) => commitJson(world, urls, repo, await commitOrFail(repo, sha))));
      const files = await diffTrees(repo.store, mergeBase, head);
      const html = repoHtml(urls, repo);
      return {
        status: 200,
        headers: page.headers,
        body: {
          url: `${repoApi(urls, repo)}/compare/${baseName}...${headName}`,
          html_url: `${html}/compare/${baseName}...${headName}`,
          permalink_url: `${html}/compare/${repo.owner.login}:${base.slice(0, 7)}...${repo.owner.login}:${head.slice(0, 7)}`,
          diff_url: `${html}/compare/${baseName}...${headName}.diff`,
          patch_url: `${html}/compare/${baseName}...${headName}.patch`,
          base_commit: commitJson(world, urls, repo, await commitOrFail(repo, base)),
          merge_base_commit: commitJson(world, urls, repo, await commitOrFail(repo, mergeBase)),
          status,
          ahead_by: ahead.length,
          behind_by: behindBy,
          total_commits: ahead.length,
          commits,
          files: files.slice(0, 300).map((f) => diffEntryJson(urls, repo, head, f)),
        },
      };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    docs: `${DOCS}/commits/commits#list-pull-requests-associated-with-a-commit`,
    access: readAccess("pull_requests", "contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const sha = await repo.store.resolveCommitish(ctx.params.commit_sha ?? "");
      if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ctx.params.commit_sha ?? ""}`);
      const pulls = await pullsContaining(repo, sha);
      const page = paginate(ctx, pulls);
      return { status: 200, headers: page.headers, body: await Promise.all(page.items.map((p) => pullJson(ctx.core, repo, p, false))) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/branches/{branch+}",
    docs: `${DOCS}/branches/branches#get-a-branch`,
    access: readAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const branch = ctx.params.branch ?? "";
      const sha = await repo.store.readRef(`refs/heads/${branch}`);
      if (sha === undefined) throw new HttpError(404, "Branch not found");
      const commit = await commitOrFail(repo, sha);
      const api = repoApi(ctx.core.urls, repo);
      const protection = repo.protection.get(branch);
      return {
        status: 200,
        body: {
          name: branch,
          commit: commitJson(ctx.core.world, ctx.core.urls, repo, commit),
          _links: { self: `${api}/branches/${branch}`, html: `${repoHtml(ctx.core.urls, repo)}/tree/${branch}` },
          protected: protection !== undefined,
          protection: { enabled: protection !== undefined, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
          protection_url: `${api}/branches/${branch}/protection`,
        },
      };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/merges",
    docs: `${DOCS}/branches/branches#merge-a-branch`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const { world, urls } = ctx.core;
      const body = bodyObject(ctx.body);
      const baseName = requiredString(body, "base");
      const headName = requiredString(body, "head");
      const baseRef = `refs/heads/${baseName}`;
      const base = await repo.store.readRef(baseRef);
      if (base === undefined) throw new HttpError(404, "Base does not exist");
      const head = await repo.store.resolveCommitish(headName);
      if (head === undefined) throw new HttpError(404, "Head does not exist");
      if (await repo.store.isAncestor(head, base)) return { status: 204 };
      const merged = await repo.store.mergeTrees(base, head);
      if (merged.kind !== "clean") throw new HttpError(409, "Merge conflict");
      const sha = await repo.store.writeCommit({
        tree: merged.tree,
        parents: [base, head],
        author: identityOf(world, accountOf(ctx)),
        committer: webFlowIdentity(world),
        message: optionalString(body, "commit_message") ?? `Merge ${headName} into ${baseName}`,
      });
      recordVerified(world, repo, sha);
      await moveRef(ctx.core, repo, ctx.actor, { ref: baseRef, sha, force: false, expected: base });
      return { status: 201, body: commitJson(world, urls, repo, await commitOrFail(repo, sha)) };
    },
  },
];
