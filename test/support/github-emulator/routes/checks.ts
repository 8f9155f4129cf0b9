import { unprocessable } from "../http/http-error.js";
import { paginate } from "../http/pagination.js";
import type { RouteSpec } from "../http/router.js";
import { annotationJson, checkRunJson } from "../render/checks.js";
import { createCheckRun, findCheckRun, rerequestCheckRun, updateCheckRun } from "../services/checks.js";
import { readAccess, writeAccess } from "./access-presets.js";
import { accountOf, intParam, repoOf } from "./route-helpers.js";

const DOCS = "https://docs.github.com/rest/checks/runs";

export const checkRoutes: readonly RouteSpec[] = [
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/check-runs",
    docs: `${DOCS}#create-a-check-run`,
    access: writeAccess("checks"),
    validatesBody: true,
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const run = await createCheckRun(ctx.core, repo, ctx.actor, ctx.body);
      return { status: 201, body: await checkRunJson(ctx.core, repo, run) };
    },
  },
  {
    method: "PATCH",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    docs: `${DOCS}#update-a-check-run`,
    access: writeAccess("checks"),
    validatesBody: true,
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const run = findCheckRun(repo, intParam(ctx, "check_run_id"));
      await updateCheckRun(ctx.core, repo, ctx.actor, run, ctx.body);
      return { status: 200, body: await checkRunJson(ctx.core, repo, run) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
    docs: `${DOCS}#get-a-check-run`,
    access: readAccess("checks"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      return { status: 200, body: await checkRunJson(ctx.core, repo, findCheckRun(repo, intParam(ctx, "check_run_id"))) };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
    docs: `${DOCS}#list-check-run-annotations`,
    access: readAccess("checks"),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const run = findCheckRun(repo, intParam(ctx, "check_run_id"));
      const page = paginate(ctx, run.annotations);
      return Promise.resolve({ status: 200, headers: page.headers, body: page.items.map((a) => annotationJson(ctx.core, repo, run, a)) });
    },
  },
  {
    method: "POST",
    path: "/repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest",
    docs: `${DOCS}#rerequest-a-check-run`,
    access: writeAccess("checks"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const run = findCheckRun(repo, intParam(ctx, "check_run_id"));
      await rerequestCheckRun(ctx.core, repo, accountOf(ctx), run);
      return { status: 201, body: {} };
    },
  },
  {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{ref}/check-runs",
    docs: `${DOCS}#list-check-runs-for-a-git-reference`,
    access: readAccess("checks"),
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const ref = ctx.params.ref ?? "";
      const sha = await repo.store.resolveCommitish(ref);
      if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ref}`);
      const name = ctx.query.get("check_name");
      const status = ctx.query.get("status");
      const appId = ctx.query.get("app_id");
      let runs = [...repo.checkRuns.values()]
        .filter((r) => r.headSha === sha)
        .filter((r) => name === null || r.name === name)
        .filter((r) => status === null || r.status === status)
        .filter((r) => appId === null || String(r.appId) === appId)
        .sort((a, b) => b.id - a.id);
      if ((ctx.query.get("filter") ?? "latest") === "latest") {
        // "latest": only the most recent run of each name.
        const seen = new Set<string>();
        runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name));
      }
      const page = paginate(ctx, runs);
      const checkRuns = await Promise.all(page.items.map((r) => checkRunJson(ctx.core, repo, r)));
      return { status: 200, headers: page.headers, body: { total_count: runs.length, check_runs: checkRuns } };
    },
  },
];
