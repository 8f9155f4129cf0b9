import { diffTrees } from "../git/diff.js";
import { bodyObject, oneOf, optionalBoolean, optionalString, optionalStringArray, requiredString } from "../http/body.js";
import { HttpError, notFound } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RouteSpec } from "../http/router.js";
import { commitJson, diffEntryJson } from "../render/git.js";
import { baseShaOf, pullAsIssueJson, pullJson } from "../render/pulls.js";
import { reviewJson } from "../render/reviews.js";
import { teamJson } from "../render/teams.js";
import { simpleUser } from "../render/users.js";
import { createPull, findPull, mergePull, updatePull } from "../services/pulls.js";
import { dismissReview, requestReviewers, submitReview } from "../services/reviews.js";
import { participateAccess, readAccess, writeAccess } from "./access-presets.js";
import { intParam, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/pulls";

export const pullRoutes: readonly RouteSpec[] = [
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls",
    docs: `${DOCS}/pulls#create-a-pull-request`,
    access: writeAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx.body);
      const draft = optionalBoolean(body, "draft");
      const text = optionalString(body, "body");
      const maintainerCanModify = optionalBoolean(body, "maintainer_can_modify");
      const pr = await createPull(ctx.core, repo, ctx.actor, {
        title: requiredString(body, "title"),
        head: requiredString(body, "head"),
        base: requiredString(body, "base"),
        ...(text === undefined ? {} : { body: text }),
        ...(draft === undefined ? {} : { draft }),
        ...(maintainerCanModify === undefined ? {} : { maintainerCanModify }),
      });
      return { status: 201, body: await pullJson(ctx.core, repo, pr, true) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls",
    docs: `${DOCS}/pulls#list-pull-requests`,
    access: readAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const state = ctx.query.get("state") ?? "open";
      const head = ctx.query.get("head");
      const base = ctx.query.get("base");
      const direction = ctx.query.get("direction") ?? "desc";
      const pulls = [...repo.pulls.values()]
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => head === null || `${repo.owner.login}:${p.headRef}`.toLowerCase() === head.toLowerCase() || p.headRef === head)
        .filter((p) => base === null || p.baseRef === base)
        .sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
      const page = paginate(ctx, pulls);
      return { status: 200, headers: page.headers, body: await Promise.all(page.items.map((p) => pullJson(ctx.core, repo, p, false))) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    docs: `${DOCS}/pulls#get-a-pull-request`,
    access: readAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      return { status: 200, body: await pullJson(ctx.core, repo, findPull(repo, intParam(ctx, "pull_number")), true) };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}",
    docs: `${DOCS}/pulls#update-a-pull-request`,
    access: writeAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const body = bodyObject(ctx.body);
      const title = optionalString(body, "title");
      const text = optionalString(body, "body");
      const state = oneOf(body, "state", ["open", "closed"] as const);
      const base = optionalString(body, "base");
      await updatePull(ctx.core, repo, ctx.actor, pr, {
        ...(title === undefined ? {} : { title }),
        ...(text === undefined ? {} : { body: text }),
        ...(state === undefined ? {} : { state }),
        ...(base === undefined ? {} : { base }),
      });
      return { status: 200, body: await pullJson(ctx.core, repo, pr, true) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    docs: `${DOCS}/pulls#merge-a-pull-request`,
    access: writeAccess("contents"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const body = bodyObject(ctx.body);
      const sha = optionalString(body, "sha");
      const commitTitle = optionalString(body, "commit_title");
      const commitMessage = optionalString(body, "commit_message");
      const merged = await mergePull(ctx.core, repo, ctx.actor, pr, {
        method: oneOf(body, "merge_method", ["merge", "squash", "rebase"] as const) ?? "merge",
        ...(sha === undefined ? {} : { sha }),
        ...(commitTitle === undefined ? {} : { commitTitle }),
        ...(commitMessage === undefined ? {} : { commitMessage }),
      });
      return { status: 200, body: { sha: merged, merged: true, message: "Pull Request successfully merged" } };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
    docs: `${DOCS}/pulls#check-if-a-pull-request-has-been-merged`,
    access: readAccess("pull_requests"),
    handler: (ctx) => {
      const pr = findPull(repoOf(ctx), intParam(ctx, "pull_number"));
      if (pr.mergedAt === null) throw notFound();
      return Promise.resolve({ status: 204 });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/files",
    docs: `${DOCS}/pulls#list-pull-requests-files`,
    access: readAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const base = await baseShaOf(repo, pr);
      const mergeBase = base === "" ? undefined : await repo.store.mergeBase(base, pr.headSha);
      const page = paginate(ctx, await diffTrees(repo.store, mergeBase, pr.headSha));
      return { status: 200, headers: page.headers, body: page.items.map((f) => diffEntryJson(ctx.core.urls, repo, pr.headSha, f)) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
    docs: `${DOCS}/pulls#list-commits-on-a-pull-request`,
    access: readAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const base = await baseShaOf(repo, pr);
      const shas = pr.state === "open" ? (await repo.store.revList(pr.headSha, base === "" ? [] : [base])).reverse() : [...pr.mergedCommits].reverse();
      const page = paginate(ctx, shas);
      const commits = await Promise.all(
        page.items.map(async (sha) => {
          const commit = await repo.store.readCommit(sha);
          if (!commit) throw new Error(`commit ${sha} is missing`);
          return commitJson(ctx.core.world, ctx.core.urls, repo, commit);
        }),
      );
      return { status: 200, headers: page.headers, body: commits };
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    docs: `${DOCS}/review-requests#request-reviewers-for-a-pull-request`,
    access: writeAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const body = bodyObject(ctx.body);
      await requestReviewers(ctx.core, repo, ctx.actor, pr, optionalStringArray(body, "reviewers") ?? [], optionalStringArray(body, "team_reviewers") ?? []);
      return { status: 201, body: await pullJson(ctx.core, repo, pr, false) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
    docs: `${DOCS}/review-requests#get-all-requested-reviewers-for-a-pull-request`,
    access: readAccess("pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const org = ctx.core.world.org(repo.owner.login);
      const teams = [...pr.requestedTeams].map((slug) => org?.teams.get(slug)).filter((t) => t !== undefined);
      return Promise.resolve({
        status: 200,
        body: { users: [...pr.requestedReviewers.values()].map((u) => simpleUser(ctx.core.urls, u)), teams: teams.map((t) => teamJson(ctx.core.urls, t)) },
      });
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    docs: `${DOCS}/reviews#list-reviews-for-a-pull-request`,
    access: readAccess("pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const page = paginate(ctx, pr.reviews);
      return Promise.resolve({ status: 200, headers: page.headers, body: page.items.map((r) => reviewJson(ctx.core, repo, pr, r)) });
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    docs: `${DOCS}/reviews#create-a-review-for-a-pull-request`,
    access: participateAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const body = bodyObject(ctx.body);
      const event = oneOf(body, "event", ["APPROVE", "REQUEST_CHANGES", "COMMENT"] as const);
      const text = optionalString(body, "body");
      const commitId = optionalString(body, "commit_id");
      const review = await submitReview(ctx.core, repo, ctx.actor, pr, {
        ...(event === undefined ? {} : { event }),
        ...(text === undefined ? {} : { body: text }),
        ...(commitId === undefined ? {} : { commitId }),
      });
      return { status: 200, body: reviewJson(ctx.core, repo, pr, review) };
    },
  },
  {
    method: "PUT",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals",
    docs: `${DOCS}/reviews#dismiss-a-review-for-a-pull-request`,
    access: writeAccess("pull_requests"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const pr = findPull(repo, intParam(ctx, "pull_number"));
      const review = pr.reviews.find((r) => r.id === intParam(ctx, "review_id"));
      if (!review) throw notFound();
      await dismissReview(ctx.core, repo, ctx.actor, pr, review, requiredString(bodyObject(ctx.body), "message"));
      return { status: 200, body: reviewJson(ctx.core, repo, pr, review) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/issues/{issue_number}",
    docs: "https://docs.github.com/rest/issues/issues#get-an-issue",
    access: readAccess("issues", "pull_requests"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const pr = repo.pulls.get(intParam(ctx, "issue_number"));
      if (!pr) throw new HttpError(404, "Not Found");
      return Promise.resolve({ status: 200, body: pullAsIssueJson(ctx.core, repo, pr) });
    },
  },
];
