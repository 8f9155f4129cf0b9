import type { HttpRoute } from "../adapters/http/request-handler.js";
import type { EngineApi } from "../engine/engine-api.js";
import type { DeliveryLog } from "../ports/rollout-store.js";

/** Plain-message logging; Probot's pino logger fits. */
export interface AppLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the GitHub App needs from the rest of the bot; the process entry builds them, tests fake them. */
export interface AppCollaborators {
  readonly engine: EngineApi;
  /** Remembers delivery ids, so a redelivered webhook is not acted on twice. */
  readonly deliveries: DeliveryLog;
  /** Default: Probot's logger. */
  readonly log?: AppLog;
  /** The App's slug (`canary-bot`), to mark its own pushes; without it they count as another bot's. */
  readonly appSlug?: string;
  /** CANARY_BOT_STATUS_TOKEN: required as a Bearer token by `GET /api/rollouts` when set. */
  readonly statusToken?: string;
  /** More endpoints served next to the status ones (e.g. `/metrics`). */
  readonly httpRoutes?: readonly HttpRoute[];
}
