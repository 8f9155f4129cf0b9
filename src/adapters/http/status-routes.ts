/**
 * Endpoints for the platform around the bot:
 * - `GET /healthz`: the process answers (liveness);
 * - `GET /readyz`: the engine has resumed stored rollouts and its queue runs (readiness), else 503;
 * - `GET /api/rollouts`: every rollout (`canary-bot status`), behind a Bearer token when one is set.
 */
import { hasBearerToken } from "./bearer-token.js";
import { createRequestHandler, sendJson, type HttpLog, type HttpRoute, type RequestHandler } from "./request-handler.js";

/** What the endpoints need from the engine (structurally the engine's EngineApi). */
export interface StatusSource<Rollout> {
  ready(): boolean;
  rollouts(): Promise<readonly Rollout[]>;
}

export interface StatusRoutesOptions<Rollout> {
  readonly engine: StatusSource<Rollout>;
  /** CANARY_BOT_STATUS_TOKEN; undefined leaves the rollouts endpoint open. */
  readonly statusToken?: string;
}

export function statusRoutes<Rollout>(options: StatusRoutesOptions<Rollout>): HttpRoute[] {
  const { engine, statusToken } = options;
  return [
    { path: "/healthz", handle: (request, response) => { sendJson(request, response, 200, { status: "ok" }); } },
    {
      path: "/readyz",
      handle: (request, response) => {
        const ready = engine.ready();
        sendJson(request, response, ready ? 200 : 503, { status: ready ? "ready" : "starting" });
      },
    },
    {
      path: "/api/rollouts",
      handle: async (request, response) => {
        if (statusToken !== undefined && !hasBearerToken(request, statusToken)) {
          sendJson(request, response, 401, { error: "a Bearer token is required (CANARY_BOT_STATUS_TOKEN)" }, {
            "www-authenticate": 'Bearer realm="canary-bot"',
          });
          return;
        }
        sendJson(request, response, 200, { rollouts: await engine.rollouts() });
      },
    },
  ];
}

/** The status endpoints as one Probot `addHandler` handler; `extra` routes (e.g. `/metrics`) join them. */
export function createStatusHandler<Rollout>(options: StatusRoutesOptions<Rollout> & { readonly log?: HttpLog; readonly extra?: readonly HttpRoute[] }): RequestHandler {
  return createRequestHandler([...statusRoutes(options), ...(options.extra ?? [])], options.log);
}
