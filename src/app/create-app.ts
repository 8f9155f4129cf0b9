/**
 * The Probot app: one small handler per event turns a webhook into work for the engine and
 * returns. No handler calls GitHub, except to answer a `/canary` line the bot cannot read; the
 * engine reads the repository, authorises commands and answers them.
 */
import type { ApplicationFunction, Context, Probot } from "probot";
import { createStatusHandler } from "../adapters/http/status-routes.js";
import type { AppCollaborators, AppLog } from "./app-collaborators.js";
import { deliver, type Delivery } from "./deliver.js";
import { routeCheckRunAction, routeCheckRunRerequested, routeCheckSuiteRerequested } from "./handlers/check-run.js";
import { routeInstallationCreated, routeRepositoriesAdded } from "./handlers/installation.js";
import { routeIssueComment } from "./handlers/issue-comment.js";
import { routePullRequestClosed, routePullRequestPreview } from "./handlers/pull-request.js";
import { routePullRequestReview } from "./handlers/pull-request-review.js";
import { routePush } from "./handlers/push.js";
import type { Routed } from "./routed.js";

function eventName(context: Context): string {
  const action = "action" in context.payload && typeof context.payload.action === "string" ? `.${context.payload.action}` : "";
  return `${context.name}${action}`;
}

function delivery(context: Context): Delivery {
  return {
    id: context.id,
    event: eventName(context),
    reply: async (issueNumber, body) => {
      const { owner, repo } = context.repo();
      await context.octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    },
  };
}

function assertCollaborators(value: unknown): asserts value is AppCollaborators {
  const engine: unknown = typeof value === "object" && value !== null && "engine" in value ? value.engine : undefined;
  if (typeof engine !== "object" || engine === null || !("enqueue" in engine)) {
    throw new TypeError(
      "createApp(collaborators) needs { engine, deliveries }: canary-bot starts from its own entry point (dist/main.js), which builds the engine; `probot run` alone cannot",
    );
  }
}

export function createApp(collaborators: AppCollaborators): ApplicationFunction {
  assertCollaborators(collaborators);
  const { engine, deliveries, appSlug } = collaborators;
  return (app: Probot, options) => {
    const log: AppLog = collaborators.log ?? app.log;
    const handle = (context: Context, routed: Routed) => deliver(delivery(context), routed, { engine, deliveries, log });

    app.on("push", (context) => handle(context, routePush(context.payload, appSlug)));
    app.on("pull_request.closed", (context) => handle(context, routePullRequestClosed(context.payload)));
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.ready_for_review"], (context) =>
      handle(context, routePullRequestPreview(context.payload)),
    );
    app.on("pull_request_review.submitted", (context) => handle(context, routePullRequestReview(context.payload)));
    app.on("issue_comment.created", (context) => handle(context, routeIssueComment(context.payload)));
    app.on("check_run.requested_action", (context) => handle(context, routeCheckRunAction(context.payload)));
    app.on("check_run.rerequested", (context) => handle(context, routeCheckRunRerequested(context.payload)));
    app.on("check_suite.rerequested", (context) => handle(context, routeCheckSuiteRerequested(context.payload)));
    app.on("installation.created", (context) => handle(context, routeInstallationCreated(context.payload)));
    app.on("installation_repositories.added", (context) => handle(context, routeRepositoriesAdded(context.payload)));
    app.on(["installation.deleted", "installation.suspend", "installation_repositories.removed"], (context) => {
      log.info(`delivery ${context.id} ${eventName(context)}: installation ${String(context.payload.installation.id)} changed; nothing to queue`);
    });

    const statusHandler = createStatusHandler({
      engine,
      ...(collaborators.statusToken === undefined ? {} : { statusToken: collaborators.statusToken }),
      log,
      ...(collaborators.httpRoutes === undefined ? {} : { extra: collaborators.httpRoutes }),
    });
    try {
      options.addHandler(statusHandler);
    } catch (error: unknown) {
      // Loaded without an HTTP server (Probot's `load` alone): there is nowhere to serve them.
      log.warn(`status endpoints not served: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
